/**
 * Change codes for one QR: a signed package rebuilt from its base and a short code verifies as the package
 * itself; random JSON edits round-trip; a code for another base, a tampered code and junk are refused.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ZoneFeature } from '../../src/geo/zone.ts';
import { exportPublicKey, generateDeviceKey } from '../../src/records/device-key.ts';
import { publishZone } from '../../src/zones/publish-zone.ts';
import { applyJsonPatch, decodeDiffCode, diffJson, encodeDiffCode } from '../../src/zones/zone-diff-code.ts';
import { verifyZonePackage, type ZonePackage } from '../../src/zones/zone-package.ts';
import { random } from '../helpers/random-zones.ts';

const GOLDEN = new URL('../fixtures/trace/synthetic-city.trace.golden.geojson', import.meta.url).pathname;
const traced = JSON.parse(readFileSync(GOLDEN, 'utf8')) as ZoneFeature;
const ZONE = traced.properties.id;

async function signedPair() {
  const pair = await generateDeviceKey();
  const key = {
    authority: '大同市生态环境局',
    zoneIds: [ZONE],
    privateKey: pair.privateKey,
    publicKey: await exportPublicKey(pair.publicKey),
  };
  const at = '2026-12-03T05:00:00.000Z';
  const base = await publishZone(traced, key, { sequence: 1, note: '首次发布', publishedAt: at });
  // One vertex moved ~20 m east, with its provenance saying why.
  const moved = structuredClone(traced);
  const ring = (moved.geometry as { coordinates: number[][][] }).coordinates[0] as number[][];
  (ring[3] as number[])[0] = ((ring[3] as number[])[0] as number) + 0.00024;
  const next = await publishZone(moved, key, { sequence: 2, note: '东侧一处顶点按现场核实移动', publishedAt: at });
  if (!base.ok || !next.ok) throw new Error('publishing failed');
  const trust = [{ authority: key.authority, zoneIds: [ZONE], key: key.publicKey }];
  return { base: base.pkg, next: next.pkg, trust };
}

describe('zone change codes', () => {
  it('rebuilds the signed package from its base and a short code, verified as a package', async () => {
    const { base, next, trust } = await signedPair();
    const encoded = await encodeDiffCode(base, next);
    if (!encoded.ok) throw new Error(`too large: ${encoded.chars}`);
    expect(encoded.code.length).toBeLessThan(1_400);
    expect(encoded.code.length).toBeLessThan(JSON.stringify(next).length / 10);
    const decoded = await decodeDiffCode(encoded.code, base);
    if (!decoded.ok) throw new Error(decoded.code);
    expect(decoded.value).toEqual(next);
    const checked = await verifyZonePackage(decoded.value, trust, { zoneId: ZONE, sequence: 1 });
    expect(checked.ok).toBe(true);
  });

  it('refuses a code for another base, a tampered code and junk, naming why', async () => {
    const { base, next, trust } = await signedPair();
    const encoded = await encodeDiffCode(base, next);
    if (!encoded.ok) throw new Error('too large');
    expect(await decodeDiffCode(encoded.code, null)).toMatchObject({
      ok: false,
      code: 'BASE_MISMATCH',
      baseSequence: 1,
    });
    expect(await decodeDiffCode(encoded.code, next)).toMatchObject({ ok: false, code: 'BASE_MISMATCH' });
    const otherBase = { ...base, note: 'changed' } as ZonePackage;
    expect(await decodeDiffCode(encoded.code, otherBase)).toMatchObject({ ok: false, code: 'BASE_MISMATCH' });
    for (const junk of ['', 'hello', 'CZD1.', 'CZD1.!!!!', `CZD1.${'A'.repeat(40)}`, 'https://example.cn/zone'])
      expect(await decodeDiffCode(junk, base)).toMatchObject({ ok: false, code: 'NOT_A_DIFF' });
    // A code whose patch was changed (another position) rebuilds a package whose signature fails.
    const forged = await encodeDiffCode(base, {
      ...next,
      zone: { ...next.zone, properties: { ...next.zone.properties, status: 'official' } },
    } as ZonePackage);
    if (!forged.ok) throw new Error('too large');
    const rebuilt = await decodeDiffCode(forged.code, base);
    if (!rebuilt.ok) throw new Error(rebuilt.code);
    expect(await verifyZonePackage(rebuilt.value, trust, { zoneId: ZONE, sequence: 1 })).toMatchObject({
      ok: false,
      code: 'BAD_SIGNATURE',
    });
  });

  it('round-trips random edits of JSON and refuses patches that do not fit', () => {
    const rand = random(106);
    const value = () => (rand() < 0.5 ? Math.round(rand() * 1e6) / 1e3 : `v${Math.floor(rand() * 9)}`);
    for (let round = 0; round < 300; round++) {
      const a = { ring: Array.from({ length: 20 }, () => [value(), value()]), meta: { n: value(), m: value() } };
      const b = structuredClone(a) as { ring: unknown[]; meta: Record<string, unknown> };
      const edits = 1 + Math.floor(rand() * 3);
      for (let k = 0; k < edits; k++) {
        const at = Math.floor(rand() * b.ring.length);
        const pick = rand();
        if (pick < 0.4) b.ring[at] = [value(), value()];
        else if (pick < 0.6) b.ring.splice(at, 0, [value(), value()]);
        else if (pick < 0.8) b.ring.splice(at, 1);
        else if (rand() < 0.5) b.meta.extra = value();
        else delete b.meta.m;
      }
      expect(applyJsonPatch(a, diffJson(a, b as never) ?? { o: {} })).toEqual(b);
    }
    for (const bad of [null, 1, { o: { __proto__x: 1 } }, { e: { 99: { '=': 1 } } }, { s: [5, 99, []] }, { q: 1 }])
      expect(() => applyJsonPatch([1, 2], bad)).toThrow();
    expect(() => applyJsonPatch({ a: 1 }, JSON.parse('{"o": {"__proto__": {"=": {"polluted": 1}}}}'))).toThrow();
    expect(({} as { polluted?: number }).polluted).toBeUndefined();
  });
});
