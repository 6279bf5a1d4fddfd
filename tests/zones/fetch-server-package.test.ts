/**
 * Fetching a package from the app's own server: the path next to the app (a sub-path deployment too), another
 * origin refused before any request and after a redirect, offline, 404 and an index.html fallback said in
 * words, JSON handed on (or null when it is not JSON, for the package check to refuse).
 */
import { describe, expect, it } from 'vitest';
import { fetchServerPackage, serverPackagePath } from '../../src/zones/fetch-server-package.ts';

const BASE = 'https://coalzone.example.cn/app/index.html';

/** A fetch that records what was asked and answers `answer` (a Response, or a thrown error). */
function fakeFetch(answer: () => Response) {
  const asked: { url: string; init: RequestInit | undefined }[] = [];
  const fn = (async (url: string, init?: RequestInit) => {
    asked.push({ url, init });
    return answer();
  }) as unknown as typeof fetch;
  return { fn, asked };
}

const json = (body: string, status = 200) =>
  new Response(body, { status, headers: { 'content-type': 'application/json' } });

describe('a package from the app server', () => {
  it('is asked for next to the app, as fresh JSON, and handed on parsed', async () => {
    expect(serverPackagePath('datong-city-2024-106')).toBe('zones/datong-city-2024-106/latest.json');
    expect(serverPackagePath('a/b c')).toBe('zones/a%2Fb%20c/latest.json');
    const f = fakeFetch(() => json('{"format":"coalzone-zone-package"}'));
    const got = await fetchServerPackage(serverPackagePath('datong-city-2024-106'), BASE, { fetch: f.fn });
    expect(got).toEqual({
      ok: true,
      url: 'https://coalzone.example.cn/app/zones/datong-city-2024-106/latest.json',
      value: { format: 'coalzone-zone-package' },
    });
    expect(f.asked[0]?.init?.cache).toBe('no-store');
    expect((f.asked[0]?.init?.headers ?? {}) as Record<string, string>).toMatchObject({ Accept: 'application/json' });
    const notJson = await fetchServerPackage('zones/x/latest.json', BASE, { fetch: fakeFetch(() => json('{')).fn });
    expect(notJson).toMatchObject({ ok: true, value: null });
  });

  it('refuses another origin without asking it, and a redirect to one', async () => {
    const f = fakeFetch(() => json('{}'));
    const other = await fetchServerPackage('https://evil.example.com/zones/x/latest.json', BASE, { fetch: f.fn });
    expect(other).toMatchObject({ ok: false, code: 'OTHER_ORIGIN' });
    expect(other.ok ? '' : other.zh).toBe(
      '只从本应用自己的服务器（https://coalzone.example.cn）获取发布包，https://evil.example.com 是别的网站',
    );
    expect(await fetchServerPackage('//evil.example.com/x.json', BASE, { fetch: f.fn })).toMatchObject({
      code: 'OTHER_ORIGIN',
    });
    expect(f.asked).toHaveLength(0);
    const redirected = fakeFetch(() => {
      const r = json('{}');
      Object.defineProperty(r, 'url', { value: 'https://evil.example.com/latest.json' });
      return r;
    });
    expect(await fetchServerPackage('zones/x/latest.json', BASE, { fetch: redirected.fn })).toMatchObject({
      ok: false,
      code: 'OTHER_ORIGIN',
    });
  });

  it('says offline, not published (404 or the index page instead) and another answer in words', async () => {
    const offline = fakeFetch(() => {
      throw new TypeError('Failed to fetch');
    });
    const words = async (answer: () => Response) => {
      const r = await fetchServerPackage('zones/x/latest.json', BASE, { fetch: fakeFetch(answer).fn });
      return r.ok ? 'OK' : `${r.code} ${r.en}`;
    };
    expect(await fetchServerPackage('zones/x/latest.json', BASE, { fetch: offline.fn })).toMatchObject({
      ok: false,
      code: 'OFFLINE',
      zh: '连不上服务器（没有网络或服务器没有答复）：https://coalzone.example.cn/app/zones/x/latest.json',
    });
    expect(await words(() => json('{"message":"Not Found"}', 404))).toBe(
      'NOT_FOUND the server has no package for this zone: https://coalzone.example.cn/app/zones/x/latest.json',
    );
    expect(
      await words(() => new Response('<!doctype html>', { headers: { 'content-type': 'text/html; charset=utf-8' } })),
    ).toMatch(/^NOT_FOUND/);
    expect(await words(() => json('{}', 503))).toMatch(/^HTTP_ERROR the server answered 503/);
    expect(await words(() => new Response('{}', { headers: { 'content-length': String(64 * 1024 * 1024) } }))).toMatch(
      /^TOO_LARGE/,
    );
  });
});
