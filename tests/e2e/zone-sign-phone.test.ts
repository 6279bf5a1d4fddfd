/**
 * Publishing from the app (390×844, zh-CN): the publisher's device makes its key in the 区域 tab (private half
 * non-extractable), shows its fingerprint, exports the public key and signs a saved version as a package, taken
 * as a Playwright download; the real CLI verifies that file against that public key. A second build, trusting
 * that key (VITE_TRUSTED_ZONE_KEYS), fetches it from its own server (zones/<zoneId>/latest.json put into the
 * served folder) and adopts it — after saying, the zone in use unchanged each time, that nothing is published
 * there yet, that another origin is not asked, that it is offline, and that a package signed by an unknown
 * key is refused.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { build, type PreviewServer, preview } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { exportPublicKey, generateDeviceKey, keyFingerprint } from '../../src/records/device-key.ts';
import { signZonePackage, type TrustedKey, type ZonePackage } from '../../src/zones/zone-package.ts';
import { openApp } from '../helpers/app-page.ts';
import { appUnderTest } from '../helpers/app-under-test.ts';
import { DIST } from '../helpers/browser.ts';
import { writeTemp } from '../helpers/checkpoint-files.ts';

const PORT = 21_791; // below the ephemeral range, and no other browser test's
const TRUSTING_PORT = 21_792; // the second build, trusting the key made in the first
const CONFIG = new URL('../../vite.config.ts', import.meta.url).pathname;
const BIN = new URL('../../bin/coalzone.mjs', import.meta.url).pathname;
const TRUSTING_DIST = `${DIST}-trusting`;
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/zones/synthetic-city.package.json', import.meta.url), 'utf8'),
) as ZonePackage;
const ZONE_ID = fixture.zoneId;
const AUTHORITY = '大同市生态环境局（测试）';
const VERSION = fixture.zone.properties.version;
const LATEST = join(TRUSTING_DIST, 'zones', ZONE_ID, 'latest.json');
const phone = { viewport: { width: 390, height: 844 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
const app = appUnderTest(PORT);
let trusting: PreviewServer | undefined;
afterAll(async () => {
  await trusting?.close();
});

/** The publisher's build serves only the app: a second build, its own folder and port, trusts `key`. */
async function buildTrusting(key: TrustedKey): Promise<string> {
  process.env.VITE_TRUSTED_ZONE_KEYS = JSON.stringify([key]);
  try {
    await build({
      mode: 'production',
      logLevel: 'warn',
      configFile: CONFIG,
      build: { outDir: TRUSTING_DIST, emptyOutDir: true },
    });
  } finally {
    delete process.env.VITE_TRUSTED_ZONE_KEYS;
  }
  trusting = await preview({
    configFile: CONFIG,
    logLevel: 'warn',
    build: { outDir: TRUSTING_DIST },
    preview: { host: '127.0.0.1', port: TRUSTING_PORT, strictPort: true },
  });
  return `http://127.0.0.1:${TRUSTING_PORT}/`;
}

/** Keeps a version as the editor saves one (accepted-zone-store's `versions`), in the page's own IndexedDB. */
async function seedSavedVersion(page: Page): Promise<void> {
  const version = {
    zoneId: ZONE_ID,
    version: VERSION,
    note: '沿道路修正东侧',
    author: '生态环境局 张三',
    savedAt: '2026-12-03T02:00:00.000Z',
    zone: fixture.zone,
  };
  // The app creates its zone database when it first reads the kept packages at start (in a worker, so after
  // the page is ready): opening it before would create an empty one.
  await page.waitForSelector('body[data-county-zones]', { state: 'attached' });
  await page.evaluate(
    (v) =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.open('coalzone-zones');
        request.onsuccess = () => {
          const db = request.result;
          if (!db.objectStoreNames.contains('versions')) return reject(new Error('no versions store'));
          const tx = db.transaction('versions', 'readwrite');
          tx.objectStore('versions').put(v);
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
        request.onerror = () => reject(request.error);
      }),
    version,
  );
}

async function zonesTab(page: Page): Promise<void> {
  await page.click('#tab-zones');
  await page.waitForSelector('body[data-zones-ready="true"]');
}

/** Clicks `testid` and keeps the file it downloads. */
async function download(page: Page, testid: string, name: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid="${testid}"]`)]);
  const path = writeTemp({ [name]: '' }).paths[0] as string;
  await file.saveAs(path);
  return path;
}

/** Fetches from the server in the package panel; resolves to the status code and text. */
async function fetchFromServer(page: Page): Promise<[string, string]> {
  await page.evaluate(() => document.querySelector('[data-testid="package-status"]')?.removeAttribute('data-code'));
  await page.click('[data-testid="package-fetch"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="package-status"]')?.getAttribute('data-code'));
  const status = page.locator('[data-testid="package-status"]');
  return [(await status.getAttribute('data-code')) ?? '', (await status.textContent()) ?? ''];
}

async function builtInAnswers(page: Page): Promise<string> {
  return (await page.locator('[data-testid="package-active"]').textContent()) ?? '';
}

describe('publishing from the app', () => {
  it('makes the key, signs a saved version, the CLI verifies it, a trusting phone adopts it from the server', async () => {
    const publisher: BrowserContext = await app.browser.newContext({ ...phone, acceptDownloads: true });
    const page = await openApp(publisher, app.url);
    await seedSavedVersion(page);
    await zonesTab(page);

    // The key: made here, its fingerprint shown, its private half not extractable.
    expect(await page.locator('[data-testid="publish-form"]').isHidden()).toBe(true);
    await page.fill('#publisher-authority', AUTHORITY);
    await page.click('[data-testid="publisher-make"]');
    await page.waitForSelector('[data-testid="publish-form"]:not([hidden])');
    const shown = (await page.locator('[data-testid="publisher-fingerprint"]').textContent()) ?? '';
    expect(shown).toMatch(/^([0-9A-F]{4} ){7}[0-9A-F]{4}$/);
    const kept = await page.evaluate(
      () =>
        new Promise<{ extractable: boolean; exported: string }>((resolve, reject) => {
          const request = indexedDB.open('coalzone-publisher');
          request.onerror = () => reject(request.error);
          request.onsuccess = () => {
            const get = request.result.transaction('keys').objectStore('keys').get('publisher');
            get.onsuccess = async () => {
              const key = get.result.privateKey as CryptoKey;
              const exported = await crypto.subtle.exportKey('jwk', key).then(
                () => 'exported',
                (e: Error) => e.name,
              );
              resolve({ extractable: key.extractable, exported });
            };
          };
        }),
    );
    expect(kept).toEqual({ extractable: false, exported: 'InvalidAccessError' });
    const pubFile = await download(page, 'publisher-export', 'publisher.pub.json');
    const pub = JSON.parse(readFileSync(pubFile, 'utf8')) as TrustedKey;
    expect([pub.authority, pub.zoneIds]).toEqual([AUTHORITY, [ZONE_ID]]);
    expect(await keyFingerprint(pub.key)).toBe(shown);

    // A number not above the one in use (the built-in zone, 0) is refused with the reason.
    await page.fill('#publish-note', '东侧按实地道路修正');
    await page.fill('#publish-sequence', '0');
    await page.click('[data-testid="publish-sign"]');
    await page.waitForSelector('[data-testid="publish-status"][data-code="NOT_NEWER"]');
    expect(await page.locator('[data-testid="publish-status"]').textContent()).toBe(
      '未发布：第 0 号发布不比正在使用的第 0 号新，手机不会采用；请用更大的编号。',
    );
    await page.fill('#publish-sequence', '1');
    expect(await page.locator('#publish-version').inputValue()).toBe(VERSION);
    const packageFile = await download(page, 'publish-sign', `${ZONE_ID}.package-1.json`);
    await page.waitForSelector('[data-testid="publish-status"][data-code="OK"]');
    // This device remembers the number it signed: the next one is proposed, the same one refused (after a reload).
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await zonesTab(page);
    expect(await page.locator('#publish-sequence').inputValue()).toBe('2');
    await page.fill('#publish-sequence', '1');
    await page.click('[data-testid="publish-sign"]');
    await page.waitForSelector('[data-testid="publish-status"][data-code="ALREADY_PUBLISHED"]');
    await publisher.close();

    // The CLI users run says the same of the file as a phone would.
    const verified = spawnSync(process.execPath, [BIN, 'zones', 'verify', packageFile, '--trust', pubFile], {
      encoding: 'utf8',
    });
    expect(verified.stdout).toContain(`${ZONE_ID} 第 1 号 (${VERSION}), ${AUTHORITY} ${shown}`);
    expect(verified.stdout).toContain('— 东侧按实地道路修正');
    expect(verified.status).toBe(0);
    const published = JSON.parse(readFileSync(packageFile, 'utf8')) as ZonePackage;
    expect(published.zone).toEqual(fixture.zone);

    // A second build trusting that key: the phone fetches from its own server.
    const url = await buildTrusting(pub);
    const field = await app.browser.newContext(phone);
    const other = await openApp(field, url);
    await zonesTab(other);
    const before = await builtInAnswers(other);
    expect(before).toContain('正在使用：内置的');
    expect(await other.locator('#package-url').inputValue()).toBe(`zones/${ZONE_ID}/latest.json`);
    const address = `${url}zones/${ZONE_ID}/latest.json`;

    rmSync(join(TRUSTING_DIST, 'zones'), { recursive: true, force: true });
    expect(await fetchFromServer(other)).toEqual([
      'NOT_FOUND',
      `没有取到发布包：服务器上没有这个区域的发布包：${address}。正在使用的边界没有改变。`,
    ]);

    mkdirSync(join(TRUSTING_DIST, 'zones', ZONE_ID), { recursive: true });
    const pair = await generateDeviceKey();
    const strangerKey = await exportPublicKey(pair.publicKey);
    const stranger = await signZonePackage(
      fixture.zone,
      { privateKey: pair.privateKey, publicKey: strangerKey },
      { authority: AUTHORITY, sequence: 5, note: '', publishedAt: '2026-12-03T04:00:00Z' },
    );
    writeFileSync(LATEST, JSON.stringify(stranger));
    expect(await fetchFromServer(other)).toEqual([
      'UNKNOWN_KEY',
      `不能采用 ${address}：签名密钥 ${await keyFingerprint(strangerKey)} 不在本机信任的发布机关之列。正在使用的边界没有改变。`,
    ]);
    expect(await other.locator('[data-testid="package-adopt"]').count()).toBe(0);

    await other.fill('#package-url', `http://localhost:${TRUSTING_PORT}/zones/${ZONE_ID}/latest.json`);
    const [otherOrigin, otherText] = await fetchFromServer(other);
    expect(otherOrigin).toBe('OTHER_ORIGIN');
    expect(otherText).toContain(`只从本应用自己的服务器（http://127.0.0.1:${TRUSTING_PORT}）获取发布包`);
    await other.fill('#package-url', `zones/${ZONE_ID}/latest.json`);

    writeFileSync(LATEST, readFileSync(packageFile));
    await field.setOffline(true);
    expect((await fetchFromServer(other))[0]).toBe('OFFLINE');
    await field.setOffline(false);
    expect(await builtInAnswers(other)).toBe(before);

    expect(await fetchFromServer(other)).toEqual(['OK', '签名有效，请核对后采用。']);
    expect(await other.locator('[data-testid="package-summary"]').textContent()).toContain(`${AUTHORITY}第 1 号发布`);
    expect(await other.locator('[data-testid="package-summary"]').textContent()).toContain(`密钥指纹 ${shown}`);
    await Promise.all([other.waitForEvent('load'), other.click('[data-testid="package-adopt"]')]);
    await other.waitForSelector(`body[data-zone-version="${VERSION}"]`);
    await zonesTab(other);
    expect(await builtInAnswers(other)).toMatch(new RegExp(`^正在使用：.*，${AUTHORITY}第 1 号发布`));
    // The same file again is not newer than the one now in use.
    expect((await fetchFromServer(other))[0]).toBe('NOT_NEWER');
    await field.close();
  }, 420_000);
});
