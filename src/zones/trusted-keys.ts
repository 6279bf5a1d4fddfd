/**
 * The publishing keys this build trusts, per zone (decision 0023): data/zones/trusted-keys.json, plus the
 * entries of VITE_TRUSTED_ZONE_KEYS (a JSON array of the same `{authority, zoneIds, key}` entries) when the
 * build sets it — how an agency's build, or a test build, adds its key without editing the repository.
 */
import builtIn from '../../data/zones/trusted-keys.json';
import { isPublicKeyJwk } from '../records/device-key.ts';
import type { TrustedKey } from './zone-package.ts';

function isTrustedKey(value: unknown): value is TrustedKey {
  const v = value as Partial<TrustedKey> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.authority === 'string' &&
    Array.isArray(v.zoneIds) &&
    v.zoneIds.every((z) => typeof z === 'string') &&
    isPublicKeyJwk(v.key)
  );
}

/** The trusted keys: malformed entries are dropped (they could only ever refuse). */
export function trustedZoneKeys(): TrustedKey[] {
  const extra = (import.meta.env?.VITE_TRUSTED_ZONE_KEYS as string | undefined) ?? '';
  let added: unknown[] = [];
  try {
    const parsed = extra ? JSON.parse(extra) : [];
    added = Array.isArray(parsed) ? parsed : [];
  } catch {
    added = [];
  }
  return [...(builtIn as unknown[]), ...added].filter(isTrustedKey);
}
