/**
 * Publishing a zone: the one path that turns a zone and a publisher's key into a signed package and its bytes,
 * shared by the CLI's `zones publish` (key from KEY.json) and the app's 发布 panel (the device's
 * non-extractable key, src/zones/publisher-key.ts), so both write the same checks and the same file.
 * Refused, with the reason in zh and en: a sequence that is not a whole number ≥ 1, one not newer than the
 * active publication (when one is given), a zone that is not valid (the `zones:check` validator), a key not
 * for that zone. Decisions 0023, 0027.
 */
import type { Reason } from '../errors.ts';
import { validateZone } from '../geo/validate-zone.ts';
import type { ZoneFeature } from '../geo/zone.ts';
import type { PublicKeyJwk } from '../records/device-key.ts';
import { signZonePackage, type ZonePackage } from './zone-package.ts';

/** A publisher's signing key and what it may publish. */
export interface PublisherSigningKey {
  authority: string;
  zoneIds: string[];
  privateKey: CryptoKey;
  publicKey: PublicKeyJwk;
}

/** Why a zone was not published. */
export type PublishRefusal = 'BAD_SEQUENCE' | 'NOT_NEWER' | 'INVALID_ZONE' | 'KEY_NOT_FOR_ZONE';

export type PublishResult =
  | { ok: true; pkg: ZonePackage; text: string }
  | { ok: false; code: PublishRefusal; zh: string; en: string; reasons: Reason[] };

/** The bytes of a package file: compact JSON and a newline (what the CLI has always written). */
export function packageText(pkg: ZonePackage): string {
  return `${JSON.stringify(pkg)}\n`;
}

/** The file name a package is offered under: `<zoneId>.package-<sequence>.json`. */
export function packageFileName(zoneId: string, sequence: number): string {
  return `${zoneId.replace(/[^\w.-]+/g, '_')}.package-${sequence}.json`;
}

const refuse = (code: PublishRefusal, zh: string, en: string, reasons: Reason[] = []): PublishResult => ({
  ok: false,
  code,
  zh,
  en,
  reasons,
});

/** Checks and signs `zone` as publication `sequence` of the key's authority. `activeSequence`: the publication
 *  answering now for that zone (0: the built-in zone), when the publisher's device knows it. */
export async function publishZone(
  zone: ZoneFeature,
  key: PublisherSigningKey,
  options: { sequence: number; note: string; publishedAt: string; activeSequence?: number },
): Promise<PublishResult> {
  const { sequence } = options;
  // A whole number not above the active one is said as such (0 when the built-in zone answers).
  if (Number.isSafeInteger(sequence) && options.activeSequence !== undefined && sequence <= options.activeSequence)
    return refuse(
      'NOT_NEWER',
      `第 ${sequence} 号发布不比正在使用的第 ${options.activeSequence} 号新，手机不会采用；请用更大的编号`,
      `publication ${sequence} is not newer than the active one, ${options.activeSequence}: phones would refuse it; use a higher number`,
    );
  if (!Number.isSafeInteger(sequence) || sequence < 1)
    return refuse(
      'BAD_SEQUENCE',
      `发布编号必须是不小于 1 的整数，而不是 ${String(sequence)}`,
      `the publication number must be a whole number ≥ 1, not ${String(sequence)}`,
    );
  // Checked before the key: a zone that is not valid is refused whoever signs it.
  const validation = validateZone(zone);
  if (!validation.valid)
    return refuse(
      'INVALID_ZONE',
      `区域数据无效：${validation.reasons.map((r) => r.code).join('、')}`,
      `the zone is not valid: ${validation.reasons.map((r) => r.code).join(', ')}`,
      validation.reasons,
    );
  if (!key.zoneIds.includes(zone.properties.id))
    return refuse(
      'KEY_NOT_FOR_ZONE',
      `这是 ${key.authority} 发布 ${key.zoneIds.join('、')} 的密钥，不能发布 ${zone.properties.id}`,
      `the key of ${key.authority} for ${key.zoneIds.join(', ')}, not for ${zone.properties.id}`,
    );
  const pkg = await signZonePackage(
    zone,
    { privateKey: key.privateKey, publicKey: key.publicKey },
    { authority: key.authority, sequence, note: options.note, publishedAt: options.publishedAt },
  );
  return { ok: true, pkg, text: packageText(pkg) };
}
