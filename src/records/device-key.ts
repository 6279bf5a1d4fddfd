/**
 * Device keys: each device signs its audit chain's head and its backups with its own ECDSA P-256 key pair
 * (WebCrypto `crypto.subtle`, the same in Node ≥ 20 and every browser we support). The private key never
 * leaves the device (generated non-extractable, kept in IndexedDB by src/store); the public key travels as a
 * JWK inside every signed head and bundle, and people compare it by its fingerprint.
 */
import { canonicalJson } from './canonical-json.ts';

/** The public part of a P-256 key as a JWK, reduced to the members that define it. */
export interface PublicKeyJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNATURE = { name: 'ECDSA', hash: 'SHA-256' } as const;
/** base64url of 32 bytes (a P-256 coordinate). */
const COORDINATE = /^[A-Za-z0-9_-]{43}$/;
/** base64url of 64 bytes (an IEEE P1363 r‖s signature, what WebCrypto produces). */
const SIGNATURE_TEXT = /^[A-Za-z0-9_-]{86}$/;

/** A new key pair; the private key is not extractable unless asked (tests, storage fallbacks). */
export async function generateDeviceKey(extractable = false): Promise<CryptoKeyPair> {
  return (await crypto.subtle.generateKey(ALGORITHM, extractable, ['sign', 'verify'])) as CryptoKeyPair;
}

/** The public key of a pair as a reduced JWK (what is signed, stored and fingerprinted). */
export async function exportPublicKey(publicKey: CryptoKey): Promise<PublicKeyJwk> {
  const jwk = await crypto.subtle.exportKey('jwk', publicKey);
  return { kty: 'EC', crv: 'P-256', x: String(jwk.x), y: String(jwk.y) };
}

/** True when `value` has the shape of a P-256 public JWK (it may still not be a point on the curve). */
export function isPublicKeyJwk(value: unknown): value is PublicKeyJwk {
  const v = value as Record<string, unknown> | null;
  return (
    !!v &&
    typeof v === 'object' &&
    v.kty === 'EC' &&
    v.crv === 'P-256' &&
    typeof v.x === 'string' &&
    COORDINATE.test(v.x) &&
    typeof v.y === 'string' &&
    COORDINATE.test(v.y)
  );
}

/** The key's fingerprint: SHA-256 of its canonical JWK, first 16 bytes as 8 groups of 4 upper-case hex. */
export async function keyFingerprint(jwk: PublicKeyJwk): Promise<string> {
  const reduced = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonicalJson(reduced))),
  );
  const hex = [...digest.subarray(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return (hex.match(/.{4}/g) as string[]).join(' ').toUpperCase();
}

/** Signs the canonical JSON of `value`; resolves to the base64url signature. */
export async function signJson(privateKey: CryptoKey, value: unknown): Promise<string> {
  const signature = await crypto.subtle.sign(SIGNATURE, privateKey, new TextEncoder().encode(canonicalJson(value)));
  return toBase64Url(new Uint8Array(signature));
}

/** Whether `signature` is the key's signature of the canonical JSON of `value`. Never throws: a malformed key
 *  or signature is simply not a valid signature. */
export async function verifyJson(publicKey: PublicKeyJwk, value: unknown, signature: unknown): Promise<boolean> {
  if (!isPublicKeyJwk(publicKey) || typeof signature !== 'string' || !SIGNATURE_TEXT.test(signature)) return false;
  try {
    const key = await crypto.subtle.importKey('jwk', { ...publicKey, ext: true }, ALGORITHM, false, ['verify']);
    return await crypto.subtle.verify(
      SIGNATURE,
      key,
      fromBase64Url(signature) as Uint8Array<ArrayBuffer>,
      new TextEncoder().encode(canonicalJson(value)),
    );
  } catch {
    // importKey refuses coordinates that are not a point on the curve: such a key verifies nothing.
    return false;
  }
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
