/**
 * The zone's publishing in the CLI (decision 0023):
 *   coalzone zones keygen --out KEY.json --authority NAME --zone ZONE_ID…   a publisher's key pair
 *   coalzone zones publish ZONE.geojson --key KEY.json --sequence N [--note TEXT] [--out PACKAGE.json]
 *   coalzone zones verify PACKAGE.json [--trust TRUSTED.json] [--active-sequence N]
 *   coalzone zones diff OLD.geojson NEW.geojson [--points RECORDS.csv|--records BACKUP.zip] [--format json]
 * Refusals are the app's own (src/zones/zone-package.ts); exit 1 when refused, 2 on a file that cannot be read.
 */
import { readFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { CoalzoneError, InputError } from '../errors.ts';
import { validateZone } from '../geo/validate-zone.ts';
import type { ZoneFeature } from '../geo/zone.ts';
import { readBundle } from '../io/backup-bundle.ts';
import { exportPublicKey, generateDeviceKey, keyFingerprint, type PublicKeyJwk } from '../records/device-key.ts';
import { packageText, publishZone } from '../zones/publish-zone.ts';
import { diffZones } from '../zones/zone-diff.ts';
import { type TrustedKey, trustedKeyText, verifyZonePackage } from '../zones/zone-package.ts';
import { parseJson, readWhole, writeWhole, ZONES_DIR } from './node-files.ts';

/** A publisher's key file: the private JWK and who it is for. */
interface KeyFile {
  authority: string;
  zoneIds: string[];
  privateKey: JsonWebKey;
  publicKey: PublicKeyJwk;
}

/** `zones keygen`: writes KEY.json (private: keep it on the publisher's machine) and KEY.pub.json (the entry a
 *  phone's trusted-keys.json takes). */
export async function runKeygen(
  options: { out?: string; authority?: string; zoneIds: string[] },
  out: Writable,
): Promise<number> {
  if (!options.out || !options.authority || options.zoneIds.length === 0)
    throw new CoalzoneError('INVALID_ARGUMENT', 'zones keygen needs --out KEY.json --authority NAME --zone ZONE_ID');
  const pair = await generateDeviceKey(true);
  const publicKey = await exportPublicKey(pair.publicKey);
  const privateKey = await crypto.subtle.exportKey('jwk', pair.privateKey);
  const file: KeyFile = { authority: options.authority, zoneIds: options.zoneIds, privateKey, publicKey };
  writeWhole(options.out, `${JSON.stringify(file, null, 1)}\n`);
  const trusted: TrustedKey = { authority: options.authority, zoneIds: options.zoneIds, key: publicKey };
  const pub = options.out.replace(/(\.json)?$/, '.pub.json');
  writeWhole(pub, trustedKeyText(trusted));
  out.write(
    `✓ 密钥 key ${await keyFingerprint(publicKey)} — ${options.authority}\n  私钥 private: ${options.out}（只留在发布者的电脑上 / keep it on the publisher's machine）\n  公钥 public: ${pub}（加入 trusted-keys.json / add it to trusted-keys.json）\n`,
  );
  return 0;
}

/** `zones publish`: signs a valid zone as a package. */
export async function runPublish(
  path: string,
  options: { key?: string; sequence?: string; note?: string; out?: string; publishedAt?: string },
  out: Writable,
): Promise<number> {
  if (!options.key) throw new CoalzoneError('INVALID_ARGUMENT', 'zones publish needs --key KEY.json');
  const sequence = Number(options.sequence);
  if (!Number.isSafeInteger(sequence) || sequence < 1)
    throw new CoalzoneError('INVALID_ARGUMENT', `--sequence must be a whole number ≥ 1, got ${options.sequence}`);
  const zone = parseJson(readWhole(path), path) as ZoneFeature;
  const key = readKeyFile(options.key);
  const privateKey = await crypto.subtle.importKey(
    'jwk',
    key.privateKey,
    { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    ['sign'],
  );
  // The app's 发布 panel publishes through the same function (src/zones/publish-zone.ts): same checks, same bytes.
  const published = await publishZone(
    zone,
    { authority: key.authority, zoneIds: key.zoneIds, privateKey, publicKey: key.publicKey },
    { sequence, note: options.note ?? '', publishedAt: options.publishedAt ?? new Date().toISOString() },
  );
  if (!published.ok && published.code === 'INVALID_ZONE') {
    for (const r of published.reasons) out.write(`✗ ${path} [${r.code}] ${r.message}\n`);
    out.write('区域无效，未发布 / the zone is not valid; nothing published\n');
    return 1;
  }
  if (!published.ok) throw new InputError('INVALID_ARGUMENT', `${options.key}: ${published.en} (${published.zh})`);
  const pkg = published.pkg;
  const target = options.out ?? path.replace(/(\.geojson|\.json)?$/, `.package-${sequence}.json`);
  writeWhole(target, packageText(pkg));
  out.write(
    `✓ 已发布 published ${zone.properties.id} 第 ${sequence} 号 (${zone.properties.version}), ${key.authority} ${await keyFingerprint(key.publicKey)} → ${target}\n`,
  );
  return 0;
}

/** `zones verify`: what a phone would say of the package. */
export async function runVerifyPackage(
  path: string,
  options: { trust?: string; activeSequence?: string },
  out: Writable,
): Promise<number> {
  const activeSequence = options.activeSequence === undefined ? null : Number(options.activeSequence);
  if (activeSequence !== null && !(Number.isSafeInteger(activeSequence) && activeSequence >= 0))
    throw new CoalzoneError(
      'INVALID_ARGUMENT',
      `--active-sequence must be a whole number ≥ 0, got ${options.activeSequence}`,
    );
  const trustPath = options.trust ?? new URL('trusted-keys.json', ZONES_DIR).pathname;
  const trusted = parseJson(readWhole(trustPath), trustPath);
  const list = (Array.isArray(trusted) ? trusted : [trusted]) as TrustedKey[];
  const value = parseJson(readWhole(path), path) as { zoneId?: unknown };
  const active = activeSequence === null ? null : { zoneId: String(value?.zoneId ?? ''), sequence: activeSequence };
  const check = await verifyZonePackage(value, list, active);
  if (!check.ok) {
    out.write(`✗ ${path} [${check.code}] ${check.zh}\n✗ ${path} [${check.code}] ${check.en}\n`);
    return 1;
  }
  out.write(
    `✓ ${path}: ${check.pkg.zoneId} 第 ${check.pkg.sequence} 号 (${check.pkg.zone.properties.version}), ${check.pkg.authority} ${check.fingerprint}, ${check.pkg.publishedAt}${check.pkg.note ? ` — ${check.pkg.note}` : ''}\n`,
  );
  return 0;
}

/** `zones diff`: added / removed km², the largest move, the records that flip. */
export async function runDiff(
  older: string,
  newer: string,
  options: { points?: string; records?: string; format: 'csv' | 'json' },
  out: Writable,
  readPoints: (path: string) => Promise<{ id: string; lng: number; lat: number }[]>,
): Promise<number> {
  const zones = [older, newer].map((p) => {
    const zone = parseJson(readWhole(p), p) as ZoneFeature;
    const v = validateZone(zone);
    if (!v.valid)
      throw new InputError('INVALID_ZONE', `${p}: not a valid zone (${v.reasons.map((r) => r.code).join(', ')})`);
    return zone;
  }) as [ZoneFeature, ZoneFeature];
  const points = options.records
    ? await recordPlaces(options.records)
    : options.points
      ? await readPoints(options.points)
      : [];
  const diff = diffZones(zones[0], zones[1], points);
  if (options.format === 'json') {
    out.write(`${JSON.stringify(diff)}\n`);
    return 0;
  }
  const words = { inside: '区内 inside', outside: '区外 outside', near: '临界 near' };
  out.write(
    `${diff.from} → ${diff.to}\n增加 added ${diff.addedKm2.toFixed(3)} km², 减少 removed ${diff.removedKm2.toFixed(3)} km²\n`,
  );
  if (diff.largestMove)
    out.write(
      `最大移动 largest move: ${diff.largestMove.metres.toFixed(0)} m at ${diff.largestMove.at.map((n) => n.toFixed(5)).join(', ')}\n`,
    );
  out.write(`答案改变的记录 records whose answer changes: ${diff.changed.length} / ${points.length}\n`);
  for (const c of diff.changed)
    out.write(`  ${c.id} (${c.lng.toFixed(6)}, ${c.lat.toFixed(6)}): ${words[c.before]} → ${words[c.after]}\n`);
  return 0;
}

async function recordPlaces(path: string): Promise<{ id: string; lng: number; lat: number }[]> {
  const bundle = await readBundle(new Uint8Array(readFileSync(path)));
  return bundle.records.filter((r) => !r.deleted).map((r) => ({ id: r.id, lng: r.location.lng, lat: r.location.lat }));
}

function readKeyFile(path: string): KeyFile {
  const value = parseJson(readWhole(path), path) as Partial<KeyFile> | null;
  if (
    !value ||
    typeof value.authority !== 'string' ||
    !Array.isArray(value.zoneIds) ||
    typeof value.privateKey !== 'object' ||
    !value.publicKey
  )
    throw new InputError('MALFORMED_FILE', `${path} is not a coalzone publisher key (make one with zones keygen)`);
  return value as KeyFile;
}
