/**
 * The files people keep to check later backups against: a receipt (a signed head with its fingerprint, as
 * downloaded from the app or printed) and a public key (KEY.pub.json). Reading them checks their shape and
 * accepts the bare forms too (a head as in a manifest, a bare JWK).
 */
import { isPublicKeyJwk, type PublicKeyJwk } from './device-key.ts';
import { headShapeProblem, type SignedHead } from './signed-head.ts';

/** A downloadable receipt of a signed head. */
export interface Receipt {
  format: 'coalzone-receipt';
  fingerprint: string;
  head: SignedHead;
}

/** The receipt of a head (JSON to keep). */
export function receiptOf(head: SignedHead, fingerprint: string): Receipt {
  return { format: 'coalzone-receipt', fingerprint, head };
}

/** The receipt as text to print (both languages; the signature is printed whole so it can be typed back). */
export function receiptText(head: SignedHead, fingerprint: string): string {
  return [
    'coalzone 审计链回执 / audit chain receipt',
    `设备 device: ${head.deviceId}`,
    `密钥指纹 key fingerprint: ${fingerprint}`,
    `条目 entry: ${head.seq}`,
    `哈希 hash: ${head.hash}`,
    `时间 at: ${head.at}`,
    `签名 signature: ${head.signature}`,
    `公钥 public key: ${head.publicKey.x}.${head.publicKey.y}`,
    '',
  ].join('\n');
}

/** The head in a receipt or head file; a reason when it is not one. */
export function parseAnchor(text: string): { head: SignedHead } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: 'not JSON' };
  }
  const v = value as Record<string, unknown> | null;
  const head = v && typeof v === 'object' && v.format === 'coalzone-receipt' ? v.head : value;
  const problem = headShapeProblem(head);
  return problem ? { problem: `not a signed head (${problem})` } : { head: head as SignedHead };
}

/** The public key in a key file (a bare JWK, or an object with `publicKey`); a reason when it is not one. */
export function parsePublicKey(text: string): { key: PublicKeyJwk } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: 'not JSON' };
  }
  const v = value as Record<string, unknown> | null;
  const key = v && typeof v === 'object' && 'publicKey' in v ? v.publicKey : value;
  if (!isPublicKeyJwk(key)) return { problem: 'not a P-256 public key (JWK with kty EC, crv P-256, x, y)' };
  return { key: { kty: 'EC', crv: 'P-256', x: key.x, y: key.y } };
}
