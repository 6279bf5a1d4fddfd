/**
 * Fetching a zone package from the app's own server: `zones/<zoneId>/latest.json` next to the app's
 * index.html (the app is built with base './', so a deployment under a sub-path works), same origin only —
 * a package from elsewhere is refused before any request, and so is a redirect to another origin. What comes
 * back goes through the same check as a package chosen as a file (verifyZonePackage); this only says, in
 * words, why nothing came: offline, nothing published there (404, or the server's index.html in its place),
 * another answer, or too large. Decision 0027.
 */

/** Where a zone's latest package lives, relative to the app's folder. */
export function serverPackagePath(zoneId: string): string {
  return `zones/${encodeURIComponent(zoneId)}/latest.json`;
}

/** Why no package came from the server. */
export type ServerFetchRefusal = 'OTHER_ORIGIN' | 'OFFLINE' | 'NOT_FOUND' | 'HTTP_ERROR' | 'TOO_LARGE';

export type ServerFetch =
  | { ok: true; url: string; value: unknown }
  | { ok: false; code: ServerFetchRefusal; zh: string; en: string };

/** A package is one zone with its provenance: a few hundred kB; anything past this is not one. */
const MAX_BYTES = 20 * 1024 * 1024;
const TIMEOUT_MS = 20_000;

const refuse = (code: ServerFetchRefusal, zh: string, en: string): ServerFetch => ({ ok: false, code, zh, en });

/** Fetches `address` (resolved against `base`, the page's URL) when it is on `base`'s origin. `value` is the
 *  parsed JSON, or null when the body is not JSON (the package check then says it is not a package). */
export async function fetchServerPackage(
  address: string,
  base: string,
  options: { signal?: AbortSignal; fetch?: typeof fetch } = {},
): Promise<ServerFetch> {
  const origin = new URL(base).origin;
  let url: URL;
  try {
    url = new URL(address, base);
  } catch {
    return refuse('OTHER_ORIGIN', `“${address}”不是网址`, `“${address}” is not an address`);
  }
  if (url.origin !== origin)
    return refuse(
      'OTHER_ORIGIN',
      `只从本应用自己的服务器（${origin}）获取发布包，${url.origin} 是别的网站`,
      `packages are fetched only from this app's own server (${origin}); ${url.origin} is another site`,
    );
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url.href, {
      // JSON asked for by name: a server that answers unknown paths with its index.html (an SPA fallback)
      // then answers 404 instead, and a fresh copy every time (a newer package replaces latest.json in place).
      headers: { Accept: 'application/json' },
      cache: 'no-store',
      credentials: 'same-origin',
      signal: options.signal ?? AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    return refuse(
      'OFFLINE',
      `连不上服务器（没有网络或服务器没有答复）：${url.href}`,
      `the server could not be reached (no network, or no answer): ${url.href}`,
    );
  }
  if (response.url && new URL(response.url).origin !== origin)
    return refuse(
      'OTHER_ORIGIN',
      `服务器把请求转到了别的网站 ${new URL(response.url).origin}，不采用`,
      `the server redirected to another site, ${new URL(response.url).origin}; not used`,
    );
  const type = response.headers.get('content-type') ?? '';
  if (response.status === 404 || (response.ok && type.includes('text/html')))
    return refuse(
      'NOT_FOUND',
      `服务器上没有这个区域的发布包：${url.href}`,
      `the server has no package for this zone: ${url.href}`,
    );
  if (!response.ok)
    return refuse(
      'HTTP_ERROR',
      `服务器答复 ${response.status}，没有取到发布包：${url.href}`,
      `the server answered ${response.status}; no package fetched: ${url.href}`,
    );
  const length = Number(response.headers.get('content-length') ?? 0);
  let text = '';
  try {
    text = length > MAX_BYTES ? '' : await response.text();
  } catch {
    return refuse('OFFLINE', `下载中断：${url.href}`, `the download broke off: ${url.href}`);
  }
  if (length > MAX_BYTES || text.length > MAX_BYTES)
    return refuse(
      'TOO_LARGE',
      `服务器上的文件超过 ${MAX_BYTES / 1024 / 1024} MB，不是发布包`,
      `the file on the server is over ${MAX_BYTES / 1024 / 1024} MB; not a package`,
    );
  let value: unknown = null;
  try {
    value = JSON.parse(text);
  } catch {
    value = null;
  }
  return { ok: true, url: url.href, value };
}
