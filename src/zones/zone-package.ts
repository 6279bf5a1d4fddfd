/**
 * A published zone: the zone GeoJSON (with its provenance) + its id, a sequence number, the publishing
 * authority, a note, the time, and an ECDSA P-256 signature by the authority's key over the canonical JSON of
 * all of it (src/records/device-key.ts: WebCrypto, the same in Node and every browser). Phones trust only the
 * keys configured for each zone; a package is refused with the reason when it is not a package, unsigned,
 * signed by an unknown key or a key not trusted for that zone, badly signed, not a valid zone, or not newer
 * than the active one (sequence: the embedded zone is 0; going back is publishing the old line again with a
 * higher number). Decision 0023.
 */
import { validateZone } from '../geo/validate-zone.ts';
import type { ZoneFeature } from '../geo/zone.ts';
import { isPublicKeyJwk, keyFingerprint, type PublicKeyJwk, signJson, verifyJson } from '../records/device-key.ts';

export const PACKAGE_FORMAT = 'coalzone-zone-package';

/** What the signature covers: everything in the package but the signature. */
export interface ZonePackageBody {
  format: typeof PACKAGE_FORMAT;
  formatVersion: 1;
  zoneId: string;
  sequence: number;
  publishedAt: string;
  authority: string;
  note: string;
  zone: ZoneFeature;
  publicKey: PublicKeyJwk;
}

export interface ZonePackage extends ZonePackageBody {
  signature: string;
}

/** A key a phone trusts, and for which zones. */
export interface TrustedKey {
  authority: string;
  zoneIds: string[];
  key: PublicKeyJwk;
}

/** Why a package was refused. */
export type PackageRefusal =
  | 'NOT_A_PACKAGE'
  | 'UNSIGNED'
  | 'UNKNOWN_KEY'
  | 'KEY_NOT_FOR_ZONE'
  | 'BAD_SIGNATURE'
  | 'INVALID_ZONE'
  | 'NOT_NEWER';

export type PackageCheck =
  | { ok: true; pkg: ZonePackage; fingerprint: string }
  | { ok: false; code: PackageRefusal; zh: string; en: string };

/** Signs a zone as a package. */
export async function signZonePackage(
  zone: ZoneFeature,
  keys: { privateKey: CryptoKey; publicKey: PublicKeyJwk },
  options: { authority: string; sequence: number; note: string; publishedAt: string },
): Promise<ZonePackage> {
  const body: ZonePackageBody = {
    format: PACKAGE_FORMAT,
    formatVersion: 1,
    zoneId: zone.properties.id,
    sequence: options.sequence,
    publishedAt: options.publishedAt,
    authority: options.authority,
    note: options.note,
    zone,
    publicKey: keys.publicKey,
  };
  return { ...body, signature: await signJson(keys.privateKey, body) };
}

/** A key as a phone trusts it, as text: the `{authority, zoneIds, key}` entry `zones keygen` writes as KEY.pub.json
 *  and the app's 发布 panel exports (one entry of trusted-keys.json and of VITE_TRUSTED_ZONE_KEYS). */
export function trustedKeyText(entry: TrustedKey): string {
  return `${JSON.stringify({ authority: entry.authority, zoneIds: entry.zoneIds, key: entry.key }, null, 1)}\n`;
}

const refuse = (code: PackageRefusal, zh: string, en: string): PackageCheck => ({ ok: false, code, zh, en });

/** Checks a package against the trusted keys and the active version of its zone (null: none yet). */
export async function verifyZonePackage(
  value: unknown,
  trusted: readonly TrustedKey[],
  active: { zoneId: string; sequence: number } | null,
): Promise<PackageCheck> {
  const v = value as Partial<ZonePackage> | null;
  if (
    typeof v !== 'object' ||
    v === null ||
    v.format !== PACKAGE_FORMAT ||
    v.formatVersion !== 1 ||
    typeof v.zoneId !== 'string' ||
    !Number.isSafeInteger(v.sequence) ||
    typeof v.publishedAt !== 'string' ||
    typeof v.authority !== 'string' ||
    typeof v.note !== 'string' ||
    typeof v.zone !== 'object' ||
    v.zone === null
  )
    return refuse('NOT_A_PACKAGE', '这不是 coalzone 区域发布包', 'not a coalzone zone package');
  if (typeof v.signature !== 'string' || !isPublicKeyJwk(v.publicKey))
    return refuse('UNSIGNED', '发布包没有签名，不能采用', 'the package is not signed; it cannot be adopted');
  const fingerprint = await keyFingerprint(v.publicKey);
  const same = (k: TrustedKey) => k.key.x === v.publicKey?.x && k.key.y === v.publicKey?.y;
  const known = trusted.filter(same);
  if (known.length === 0)
    return refuse(
      'UNKNOWN_KEY',
      `签名密钥 ${fingerprint} 不在本机信任的发布机关之列`,
      `the signing key ${fingerprint} is not one this device trusts`,
    );
  if (!known.some((k) => k.zoneIds.includes(v.zoneId as string)))
    return refuse(
      'KEY_NOT_FOR_ZONE',
      `${known[0]?.authority} 的密钥不能发布区域 ${v.zoneId}`,
      `the key of ${known[0]?.authority} may not publish zone ${v.zoneId}`,
    );
  const { signature, ...body } = v as ZonePackage;
  if (!(await verifyJson(v.publicKey, body, signature)))
    return refuse(
      'BAD_SIGNATURE',
      '签名不符：发布包被改动过或已损坏',
      'the signature does not match: the package was altered or is damaged',
    );
  const validation = validateZone(v.zone);
  if (!validation.valid)
    return refuse(
      'INVALID_ZONE',
      `区域数据无效：${validation.reasons.map((r) => r.code).join('、')}`,
      `the zone is not valid: ${validation.reasons.map((r) => r.code).join(', ')}`,
    );
  if ((v.zone as ZoneFeature).properties.id !== v.zoneId)
    return refuse('INVALID_ZONE', '发布包的区域编号与区域数据不一致', "the package's zone id differs from the zone's");
  if (active && active.zoneId === v.zoneId && (v.sequence as number) <= active.sequence)
    return refuse(
      'NOT_NEWER',
      `第 ${v.sequence} 号发布不比本机正在使用的第 ${active.sequence} 号新`,
      `publication ${v.sequence} is not newer than the active one, ${active.sequence}`,
    );
  return { ok: true, pkg: v as ZonePackage, fingerprint };
}
