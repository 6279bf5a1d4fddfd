/**
 * The publisher's key on a device: made non-extractable and kept (read back it signs, it cannot be exported),
 * never replaced by a second make, its fingerprint the CLI's, its public file byte for byte what `zones keygen`
 * writes; a version signed with it through the shared publishing function is accepted by the CLI's verify
 * against that public file, and the publishing refusals (number, not newer, invalid zone, key not for the
 * zone) say why.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.ts';
import type { ZoneFeature } from '../../src/geo/zone.ts';
import { keyFingerprint } from '../../src/records/device-key.ts';
import { packageFileName, publishZone } from '../../src/zones/publish-zone.ts';
import {
  lastPublished,
  makePublisherKey,
  type PublisherKey,
  publicKeyFileText,
  publisherKey,
  rememberPublished,
  trustedEntry,
} from '../../src/zones/publisher-key.ts';
import { verifyZonePackage } from '../../src/zones/zone-package.ts';
import { capture } from '../helpers/capture.ts';

const GOLDEN = new URL('../fixtures/trace/synthetic-city.trace.golden.geojson', import.meta.url).pathname;
const traced = JSON.parse(readFileSync(GOLDEN, 'utf8')) as ZoneFeature;
const ZONE = traced.properties.id;
const AT = '2026-12-03T03:00:00.000Z';

async function run(args: string[]) {
  const out = capture();
  const err = capture();
  const code = await main(args, out as never, err as never);
  return { code, out: out.text(), err: err.text() };
}

beforeEach(() => {
  // A fresh IndexedDB per test: nothing kept from the one before.
  globalThis.indexedDB = new IDBFactory();
});

describe('the publisher key on this device', () => {
  it('is made non-extractable, kept, read back able to sign, and never replaced by a second make', async () => {
    expect(await publisherKey()).toBeNull();
    const made = await makePublisherKey({ authority: ' 大同市生态环境局 ', zoneIds: [ZONE], now: new Date(AT) });
    expect(made.authority).toBe('大同市生态环境局');
    expect(made.createdAt).toBe(AT);
    const kept = (await publisherKey()) as PublisherKey;
    expect(kept.privateKey).toBeInstanceOf(CryptoKey);
    expect(kept.privateKey.extractable).toBe(false);
    expect(kept.privateKey.type).toBe('private');
    await expect(crypto.subtle.exportKey('jwk', kept.privateKey)).rejects.toThrow();
    expect(kept.publicKey).toEqual(made.publicKey);
    expect(kept.fingerprint).toBe(await keyFingerprint(made.publicKey));
    expect(kept.fingerprint).toMatch(/^([0-9A-F]{4} ){7}[0-9A-F]{4}$/);

    const again = await makePublisherKey({ authority: '某人', zoneIds: ['other'] });
    expect(again.publicKey).toEqual(made.publicKey);
    expect(again.authority).toBe('大同市生态环境局');
    await expect(makePublisherKey({ authority: '  ', zoneIds: [ZONE] })).rejects.toThrow(/authority/);

    // The numbers signed here, per zone: only ever going up.
    expect(await lastPublished(ZONE)).toBe(0);
    await rememberPublished(ZONE, 3, AT);
    await rememberPublished(ZONE, 2, AT);
    expect([await lastPublished(ZONE), await lastPublished('other')]).toEqual([3, 0]);
  });

  it('exports the public key as the file zones keygen writes, and its packages pass the CLI verify', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coalzone-publisher-'));
    const cliKey = join(dir, 'cli.json');
    expect(
      (await run(['zones', 'keygen', '--out', cliKey, '--authority', '大同市生态环境局', '--zone', ZONE])).code,
    ).toBe(0);
    const cliPub = readFileSync(join(dir, 'cli.pub.json'), 'utf8');
    const fromCli = JSON.parse(cliPub);
    const key = await makePublisherKey({ authority: '大同市生态环境局', zoneIds: [ZONE] });
    // The same bytes for the same key: the app's export of the CLI's public key is the CLI's file.
    expect(publicKeyFileText({ ...key, publicKey: fromCli.key })).toBe(cliPub);
    expect(JSON.parse(publicKeyFileText(key))).toEqual(trustedEntry(key));

    const kept = (await publisherKey()) as PublisherKey;
    const published = await publishZone(traced, kept, { sequence: 3, note: '东侧修正', publishedAt: AT });
    if (!published.ok) throw new Error(published.en);
    expect(published.text).toBe(`${JSON.stringify(published.pkg)}\n`);
    expect(published.pkg.publicKey).toEqual(key.publicKey);
    const pkgFile = join(dir, packageFileName(ZONE, 3));
    expect(pkgFile.endsWith(`${ZONE}.package-3.json`)).toBe(true);
    writeFileSync(pkgFile, published.text);
    const pubFile = join(dir, 'app.pub.json');
    writeFileSync(pubFile, publicKeyFileText(key));
    const verified = await run(['zones', 'verify', pkgFile, '--trust', pubFile]);
    expect(verified.out).toContain(`第 3 号 (${traced.properties.version}), 大同市生态环境局 ${key.fingerprint}`);
    expect(verified.code).toBe(0);
    // Against the CLI's (other) key it is refused: the check is real.
    const other = await run(['zones', 'verify', pkgFile, '--trust', join(dir, 'cli.pub.json')]);
    expect([other.code, other.out]).toEqual([1, expect.stringContaining('[UNKNOWN_KEY]')]);
  });

  it('refuses a bad number, one not newer than the active publication, an invalid zone, another zone', async () => {
    const key = await makePublisherKey({ authority: '云州区人民政府', zoneIds: [ZONE] });
    const options = { note: '', publishedAt: AT };
    const code = async (zone: ZoneFeature, more: { sequence: number; activeSequence?: number }) => {
      const r = await publishZone(zone, key, { ...options, ...more });
      return r.ok ? 'OK' : `${r.code}: ${r.zh} / ${r.en}`;
    };
    expect(await code(traced, { sequence: 0 })).toMatch(/^BAD_SEQUENCE: 发布编号必须是不小于 1 的整数/);
    expect(await code(traced, { sequence: 1.5 })).toMatch(/^BAD_SEQUENCE/);
    expect(await code(traced, { sequence: 2, activeSequence: 2 })).toBe(
      'NOT_NEWER: 第 2 号发布不比正在使用的第 2 号新，手机不会采用；请用更大的编号 / publication 2 is not newer than the active one, 2: phones would refuse it; use a higher number',
    );
    expect(await code(traced, { sequence: 3, activeSequence: 2 })).toBe('OK');
    const open = structuredClone(traced);
    const ring = (
      open.geometry.type === 'Polygon' ? open.geometry.coordinates[0] : open.geometry.coordinates[0]?.[0]
    ) as number[][] | undefined;
    ring?.pop();
    expect(await code(open, { sequence: 1 })).toMatch(/^INVALID_ZONE: 区域数据无效：/);
    const elsewhere = { ...traced, properties: { ...traced.properties, id: 'yunzhou-district' } };
    expect(await code(elsewhere, { sequence: 1 })).toMatch(/^KEY_NOT_FOR_ZONE: 这是 云州区人民政府 发布 .* 的密钥/);
    // What it signs is what a phone trusting the key accepts, and only for that zone.
    const ok = await publishZone(traced, key, { ...options, sequence: 4 });
    if (!ok.ok) throw new Error(ok.en);
    expect((await verifyZonePackage(JSON.parse(ok.text), [trustedEntry(key)], null)).ok).toBe(true);
    expect((await verifyZonePackage(JSON.parse(ok.text), [trustedEntry(key)], { zoneId: ZONE, sequence: 4 })).ok).toBe(
      false,
    );
  });
});
