/**
 * Signed requests: a device proves every request with its own P-256 key (the key that signs its audit chain,
 * src/records/device-key.ts), so no bearer secret exists to steal, and a captured request cannot be replayed
 * (the signature covers a time within ±5 minutes and a nonce the server keeps for that long) or altered (it
 * covers the method, the path with its query and the SHA-256 of the body). Pure WebCrypto: the app can sign
 * with the same code.
 */
import { sha256Hex } from '../records/canonical-json.ts';
import { signJson } from '../records/device-key.ts';

/** The headers of a signed request. */
export const SIGNATURE_HEADERS = {
  device: 'x-coalzone-device',
  time: 'x-coalzone-time',
  nonce: 'x-coalzone-nonce',
  signature: 'x-coalzone-signature',
} as const;

/** What the signature covers. */
export interface SignedRequestFields {
  v: 1;
  method: string;
  /** Path with query, exactly as sent (e.g. /sync/pull?after=10). */
  path: string;
  bodySha256: string;
  deviceId: string;
  time: string;
  nonce: string;
}

/** The statement a request's signature is over. */
export function requestStatement(
  method: string,
  path: string,
  bodySha256: string,
  deviceId: string,
  time: string,
  nonce: string,
): SignedRequestFields {
  return { v: 1, method: method.toUpperCase(), path, bodySha256, deviceId, time, nonce };
}

/** The four headers for a request by `deviceId` signed with `privateKey`. */
export async function signRequest(
  privateKey: CryptoKey,
  deviceId: string,
  method: string,
  path: string,
  body: Uint8Array | string = '',
  now = new Date(),
): Promise<Record<string, string>> {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  const nonceBytes = crypto.getRandomValues(new Uint8Array(18));
  const nonce = btoa(String.fromCharCode(...nonceBytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
  const time = now.toISOString();
  const statement = requestStatement(method, path, await sha256Hex(bytes), deviceId, time, nonce);
  return {
    [SIGNATURE_HEADERS.device]: deviceId,
    [SIGNATURE_HEADERS.time]: time,
    [SIGNATURE_HEADERS.nonce]: nonce,
    [SIGNATURE_HEADERS.signature]: await signJson(privateKey, statement),
  };
}
