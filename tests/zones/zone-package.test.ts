/**
 * Publishing the zone: a package signed by a publisher's key is accepted only with that key trusted for that
 * zone, untouched, valid and newer than the active one; the CLI twins (keygen, publish, verify, diff) say the
 * same. The diff's areas are checked against a square moved by a known amount.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.ts';
import { metresPerDegree } from '../../src/geo/ellipsoid.ts';
import type { ZoneFeature } from '../../src/geo/zone.ts';
import { exportPublicKey, generateDeviceKey } from '../../src/records/device-key.ts';
import { diffZones } from '../../src/zones/zone-diff.ts';
import { signZonePackage, type TrustedKey, verifyZonePackage } from '../../src/zones/zone-package.ts';
import { capture } from '../helpers/capture.ts';

const CITY = new URL('../../data/zones/datong-city-2024-106.geojson', import.meta.url).pathname;
const GOLDEN = new URL('../fixtures/trace/synthetic-city.trace.golden.geojson', import.meta.url).pathname;
const city = JSON.parse(readFileSync(CITY, 'utf8')) as ZoneFeature;
const traced = JSON.parse(readFileSync(GOLDEN, 'utf8')) as ZoneFeature;
const OPTIONS = { authority: '大同市生态环境局', sequence: 1, note: '道路描绘', publishedAt: '2026-12-03T01:00:00Z' };

async function publisher(zoneIds = [city.properties.id]) {
  const pair = await generateDeviceKey();
  const publicKey = await exportPublicKey(pair.publicKey);
  const trusted: TrustedKey = { authority: OPTIONS.authority, zoneIds, key: publicKey };
  return { keys: { privateKey: pair.privateKey, publicKey }, trusted };
}

async function run(args: string[]) {
  const out = capture();
  const err = capture();
  const code = await main(args, out as never, err as never);
  return { code, out: out.text(), err: err.text() };
}

describe('zone packages', () => {
  it('accepts a package signed by a trusted key, and refuses every other with its reason', async () => {
    const { keys, trusted } = await publisher();
    const pkg = await signZonePackage(traced, keys, OPTIONS);
    const ok = await verifyZonePackage(pkg, [trusted], { zoneId: city.properties.id, sequence: 0 });
    expect(ok.ok && ok.pkg.zone.properties.version).toBe('2024-106.roads-1');

    const codes = async (value: unknown, list = [trusted], active = { zoneId: city.properties.id, sequence: 0 }) => {
      const r = await verifyZonePackage(value, list, active);
      return r.ok ? 'OK' : r.code;
    };
    expect(await codes({ hello: 1 })).toBe('NOT_A_PACKAGE');
    const { signature: _, ...unsigned } = pkg;
    expect(await codes(unsigned)).toBe('UNSIGNED');
    const stranger = await publisher();
    expect(await codes(pkg, [stranger.trusted])).toBe('UNKNOWN_KEY');
    expect(await codes(pkg, [{ ...trusted, zoneIds: ['yunzhou'] }])).toBe('KEY_NOT_FOR_ZONE');
    // One vertex moved 1e-5° after signing: the signature no longer matches.
    const tampered = structuredClone(pkg);
    (tampered.zone.geometry.coordinates[0] as number[][])[3]![0]! += 1e-5;
    expect(await codes(tampered)).toBe('BAD_SIGNATURE');
    const renumbered = { ...pkg, sequence: 9 };
    expect(await codes(renumbered)).toBe('BAD_SIGNATURE');
    // Signed, but the zone is broken: refused by the validator that zones:check uses.
    const broken = structuredClone(traced);
    broken.properties.rings = [];
    expect(await codes(await signZonePackage(broken, keys, OPTIONS))).toBe('INVALID_ZONE');
    expect(await codes(pkg, [trusted], { zoneId: city.properties.id, sequence: 1 })).toBe('NOT_NEWER');
    const refusal = await verifyZonePackage(pkg, [trusted], { zoneId: city.properties.id, sequence: 3 });
    expect(!refusal.ok && refusal.zh).toBe('第 1 号发布不比本机正在使用的第 3 号新');
  });

  it('diffs two versions: added and removed km² of a square moved 100 m east, and the records that flip', () => {
    const square = (west: number): ZoneFeature => {
      const zone = structuredClone(city);
      const s = 0.01;
      zone.geometry = {
        type: 'Polygon',
        coordinates: [
          [
            [west, 40.08],
            [west + s, 40.08],
            [west + s, 40.08 + s],
            [west, 40.08 + s],
            [west, 40.08],
          ],
        ],
      };
      // Four edges of ±10 m, so a point 50 m inside the moved strip has a clear answer either way.
      const ring = city.properties.rings[0]!;
      zone.properties.rings = [
        { ...ring, vertices: ring.vertices.slice(0, 4).map((v) => ({ ...v, edge: { ...v.edge, uncertaintyM: 10 } })) },
      ];
      return zone;
    };
    const { kx, ky } = metresPerDegree(40.085);
    const dx = 100 / kx;
    const before = square(113.3);
    const after = square(113.3 + dx);
    const diff = diffZones(before, after, [
      { id: 'west-strip', lng: 113.3 + dx / 2, lat: 40.085 },
      { id: 'centre', lng: 113.305, lat: 40.085 },
    ]);
    const strip = (100 * 0.01 * ky) / 1e6;
    expect(diff.addedKm2).toBeCloseTo(strip, 4);
    expect(diff.removedKm2).toBeCloseTo(strip, 4);
    expect(diff.largestMove?.metres).toBeGreaterThan(99);
    expect(diff.largestMove?.metres).toBeLessThan(101);
    expect(diff.changed.map((c) => [c.id, c.before, c.after])).toEqual([['west-strip', 'inside', 'outside']]);
  });

  it('the CLI twins: keygen, publish, verify (trusted, tampered, unknown, older) and diff', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coalzone-publish-'));
    const key = join(dir, 'city.json');
    const zoneId = city.properties.id;
    const made = await run(['zones', 'keygen', '--out', key, '--authority', '大同市生态环境局', '--zone', zoneId]);
    expect(made.code).toBe(0);
    expect(made.out).toMatch(/✓ 密钥 key [0-9A-F ]{39} — 大同市生态环境局/);
    const trusted = join(dir, 'trusted.json');
    writeFileSync(trusted, `[${readFileSync(join(dir, 'city.pub.json'), 'utf8')}]`);
    const zoneFile = join(dir, 'traced.geojson');
    writeFileSync(zoneFile, JSON.stringify(traced));
    const pkgFile = join(dir, 'pkg.json');
    const published = await run(['zones', 'publish', zoneFile, '--key', key, '--sequence', '2', '--out', pkgFile]);
    expect(published.code).toBe(0);
    expect(published.out).toMatch(/✓ 已发布 published datong-city-2024-106 第 2 号 \(2024-106\.roads-1\)/);

    const verified = await run(['zones', 'verify', pkgFile, '--trust', trusted]);
    expect(verified.code).toBe(0);
    expect((await run(['zones', 'verify', pkgFile, '--trust', trusted, '--active-sequence', '2'])).out).toMatch(
      /\[NOT_NEWER\] 第 2 号发布不比本机正在使用的第 2 号新/,
    );
    expect((await run(['zones', 'verify', pkgFile])).out).toMatch(/\[UNKNOWN_KEY\]/);
    const tampered = join(dir, 'tampered.json');
    writeFileSync(
      tampered,
      readFileSync(pkgFile, 'utf8').replace('"authority":"大同市生态环境局"', '"authority":"某人"'),
    );
    const refused = await run(['zones', 'verify', tampered, '--trust', trusted]);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/\[BAD_SIGNATURE\] 签名不符/);
    expect((await run(['zones', 'publish', zoneFile, '--key', key, '--sequence', '0'])).code).toBe(2);

    const points = join(dir, 'records.csv');
    writeFileSync(points, 'id,经度,纬度\nA,113.300,40.090\nB,113.385,40.080\n');
    const diff = await run(['zones', 'diff', CITY, zoneFile, '--points', points]);
    expect(diff.code).toBe(0);
    expect(diff.out).toMatch(/2024-106\.trace-1 → 2024-106\.roads-1\n增加 added [\d.]+ km², 减少 removed [\d.]+ km²/);
    expect(diff.out).toMatch(/答案改变的记录 records whose answer changes: \d \/ 2/);
  });
});
