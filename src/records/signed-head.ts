/**
 * A signed head: "device D's audit chain had entry `seq` with hash `hash` at time `at`", signed by D's key.
 * Every backup carries one; kept (a receipt, an older backup, a server), it is an anchor: a later chain from
 * the same device must still contain that entry, or something was deleted or rolled back
 * (checkAnchor in verify-evidence.ts).
 */
import { GENESIS } from './audit-chain.ts';
import { isPublicKeyJwk, type PublicKeyJwk, signJson, verifyJson } from './device-key.ts';

/** The signed statement about a chain's last entry. */
export interface SignedHead {
  format: 'coalzone-head';
  deviceId: string;
  publicKey: PublicKeyJwk;
  /** The last entry's seq (0 for an empty chain). */
  seq: number;
  /** The last entry's hash (GENESIS for an empty chain). */
  hash: string;
  at: string;
  signature: string;
}

const HEX64 = /^[0-9a-f]{64}$/;
const MEMBERS = 'at,deviceId,format,hash,publicKey,seq,signature';

/** Signs the head of a chain whose last entry is `last` (undefined: empty chain). */
export async function signHead(
  key: { privateKey: CryptoKey; publicKey: PublicKeyJwk },
  deviceId: string,
  last: { seq: number; hash: string } | undefined,
  at: string,
): Promise<SignedHead> {
  const unsigned = {
    format: 'coalzone-head' as const,
    deviceId,
    publicKey: key.publicKey,
    seq: last?.seq ?? 0,
    hash: last?.hash ?? GENESIS,
    at,
  };
  return { ...unsigned, signature: await signJson(key.privateKey, unsigned) };
}

/** What is wrong with the shape of a would-be head, or null. */
export function headShapeProblem(value: unknown): string | null {
  const h = value as Record<string, unknown> | null;
  if (!h || typeof h !== 'object' || Array.isArray(h)) return 'not an object';
  if (h.format !== 'coalzone-head') return 'format is not coalzone-head';
  // Exactly these members: anything else would ride along unsigned.
  if (Object.keys(h).sort().join(',') !== MEMBERS) return `members are not ${MEMBERS}`;
  if (typeof h.deviceId !== 'string' || h.deviceId.length === 0 || h.deviceId.length > 100) return 'bad deviceId';
  if (!isPublicKeyJwk(h.publicKey) || Object.keys(h.publicKey).length !== 4)
    return 'publicKey is not a P-256 public key (kty, crv, x, y)';
  if (!Number.isSafeInteger(h.seq) || (h.seq as number) < 0) return 'seq is not a whole number';
  if (typeof h.hash !== 'string' || !HEX64.test(h.hash)) return 'hash is not a SHA-256';
  if (typeof h.at !== 'string' || Number.isNaN(Date.parse(h.at))) return 'at is not a time';
  if (typeof h.signature !== 'string') return 'signature missing';
  return null;
}

/** Whether a head of the right shape carries a valid signature by its own key. */
export async function headSignatureValid(head: SignedHead): Promise<boolean> {
  const { signature, ...unsigned } = head;
  return verifyJson(head.publicKey, unsigned, signature);
}

/** Same key? (compares the defining members, whatever else a JWK carries). */
export function sameKey(a: PublicKeyJwk, b: PublicKeyJwk): boolean {
  return a.kty === b.kty && a.crv === b.crv && a.x === b.x && a.y === b.y;
}
