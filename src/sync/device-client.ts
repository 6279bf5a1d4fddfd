/**
 * A device's side of the wire: every request signed with the device key (src/sync/sign-request.ts), JSON in
 * and out, photo parts as bytes. Pure fetch + WebCrypto, so the app can use it as it is; the tests and the
 * benchmark drive the server through it.
 */
import { signRequest } from './sign-request.ts';

/** An answer: status and parsed JSON (or the bytes, for a photo). */
export interface Answer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** A client for one device. */
export interface DeviceClient {
  /** A signed JSON request (GET/POST/PUT); `body` is JSON-encoded, or sent as bytes when a Uint8Array. */
  request<T = unknown>(method: string, path: string, body?: unknown): Promise<Answer<T>>;
}

/** A client of the server at `baseUrl` for the device `deviceId` holding `privateKey`. */
export function deviceClient(baseUrl: string, deviceId: string, privateKey: CryptoKey): DeviceClient {
  return {
    async request<T>(method: string, path: string, body?: unknown) {
      const bytes =
        body === undefined
          ? new Uint8Array()
          : body instanceof Uint8Array
            ? body
            : new TextEncoder().encode(JSON.stringify(body));
      const headers: Record<string, string> = await signRequest(privateKey, deviceId, method, path, bytes);
      if (body !== undefined)
        headers['content-type'] = body instanceof Uint8Array ? 'application/octet-stream' : 'application/json';
      const response = await fetch(new URL(path, baseUrl), {
        method,
        headers,
        body: body === undefined ? undefined : (bytes as Uint8Array<ArrayBuffer>),
      });
      const type = response.headers.get('content-type') ?? '';
      const parsed = type.includes('json') ? await response.json() : new Uint8Array(await response.arrayBuffer());
      return { status: response.status, body: parsed as T, headers: response.headers };
    },
  };
}
