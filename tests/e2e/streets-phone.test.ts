/**
 * Streets on a phone (390×844, zh-CN, Asia/Shanghai) against our own 天地图-style tile server on loopback
 * (tests/helpers/tile-server.ts: the documented WMTS KVP scheme, real PNG tiles, hosts t0–t7 mapped to
 * 127.0.0.1): without a key the embedded basemap, said plainly; with the key typed in the settings, tiles
 * load from the server and are kept in IndexedDB; an area is saved with the estimate it showed, a second
 * download is cancelled midway, the tiles still show with the tile server stopped and with the page
 * offline, and after deleting they are gone. What the map shows is read from screenshots (the fixture
 * tiles' blue), never from inside the page.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_GROUND } from '../../scripts/render-fixture-tile.ts';
import { openApp } from '../helpers/app-page.ts';
import { buildApp, launch, serve, stop } from '../helpers/browser.ts';
import { readPng, shareOfColour } from '../helpers/read-png.ts';
import { startTileServer, type TileServer } from '../helpers/tile-server.ts';

const PORT = 21_751; // below the ephemeral range, and no other browser test's
const TILE_PORT = 21_752;
const KEY = '0123456789abcdef0123456789abcdef';
const PHONE = { width: 390, height: 844 };
let browser: Browser;
let server: PreviewServer;
let tiles: TileServer;
let url: string;

beforeAll(async () => {
  await buildApp();
  ({ server, url } = await serve(PORT));
  tiles = await startTileServer(KEY, TILE_PORT);
  // t0–t7.tiles.test stand for t0–t7.tianditu.gov.cn: loopback, cross-origin; nothing else resolves.
  browser = await launch(['--host-resolver-rules=MAP *.tiles.test 127.0.0.1, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1']);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await tiles?.stop();
  if (server) await stop(server).catch(() => undefined);
});

/** The share of the map's pixels that are the fixture tiles' ground. */
async function streetShare(page: Page): Promise<number> {
  await page.waitForFunction(() => document.body.dataset.mapReady === 'true');
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const map = (window as unknown as { coalzone: { idle: () => Promise<void> } }).coalzone;
        void map.idle().then(resolve);
      }),
  );
  const shot = await page.locator('#map').screenshot();
  return shareOfColour(readPng(new Uint8Array(shot)), FIXTURE_GROUND, 25);
}

/** Rows in the street tile cache, read straight from IndexedDB. */
function cachedTiles(page: Page): Promise<{ all: number; pinned: number }> {
  return page.evaluate(
    () =>
      new Promise<{ all: number; pinned: number }>((resolve, reject) => {
        const open = indexedDB.open('coalzone-basemaps');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const rows = open.result.transaction('tiles').objectStore('tiles').getAll();
          rows.onsuccess = () => {
            const list = rows.result as { pinned: number }[];
            resolve({ all: list.length, pinned: list.filter((t) => t.pinned === 1).length });
            open.result.close();
          };
        };
      }),
  );
}

async function openPanel(page: Page): Promise<void> {
  await page.waitForSelector('body[data-street-panel="ready"]');
  if (!(await page.locator('details.basemap').evaluate((d) => (d as HTMLDetailsElement).open)))
    await page.click('#basemap-title');
}

describe('streets on a phone, against a loopback 天地图-style tile server', () => {
  let context: BrowserContext;

  it('shows the embedded basemap without a key, and says so', async () => {
    context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await openApp(context, url);
    await openPanel(page);
    expect(await page.locator('#street-status').textContent()).toContain('未设置天地图密钥：只显示内置底图');
    expect(await streetShare(page)).toBeLessThan(0.01);
    expect(tiles.served.length).toBe(0);
    // In English too, after a language switch (and back).
    await page.click('#lang');
    await page.waitForFunction(() =>
      document.querySelector('#street-status')?.textContent?.startsWith('No 天地图 key set'),
    );
    expect(await page.locator('#offline-title').textContent()).toBe('Save this area for offline use');
    await page.click('#lang');
    await page.waitForFunction(() => document.querySelector('#street-status')?.textContent?.startsWith('未设置'));
    await page.close();
  });

  it('says plainly when the key is refused; with the right key loads 天地图 tiles from t0–t7 and keeps them', async () => {
    const page = await openApp(context, url);
    await openPanel(page);
    // A wrong key first: the server refuses it (403), the map stays the embedded basemap, and says why.
    await page.fill('#street-key', 'not-the-key');
    await page.click('.street-advanced summary');
    await page.fill('#street-host', `http://t{s}.tiles.test:${TILE_PORT}`);
    await page.click('#street-save');
    await page.waitForSelector('body[data-streets="rejected"]');
    await page.waitForFunction(() => document.querySelector('#street-status')?.textContent?.includes('拒绝了密钥'));
    expect(tiles.refused.every((r) => r.status === 403)).toBe(true);
    expect(tiles.refused.length).toBeGreaterThan(0);
    expect(await streetShare(page)).toBeLessThan(0.01);
    tiles.refused.length = 0;
    await page.fill('#street-key', KEY);
    await page.click('#street-save');
    await page.waitForSelector('body[data-streets="online"]');
    expect(await streetShare(page)).toBeGreaterThan(0.2);
    const layers = new Set(tiles.served.map((t) => t.layer));
    expect([...layers].sort()).toEqual(['cva', 'vec']);
    expect(new Set(tiles.served.map((t) => t.host.split('.')[0])).size).toBeGreaterThan(2);
    expect(tiles.refused).toEqual([]);
    await page.waitForFunction(() => document.querySelector('#offline-visited')?.textContent?.includes('块'));
    const cached = await cachedTiles(page);
    expect(cached.all).toBe(new Set(tiles.served.map((t) => `${t.layer}/${t.z}/${t.x}/${t.y}`)).size);
    expect(cached.pinned).toBe(0);
    expect(await page.locator('.maplibregl-ctrl-attrib-inner').textContent()).toMatch(/天地图.*审图号/);
    await page.close();
  });

  it('saves the view for offline use with the estimate it showed, and a cancelled download keeps nothing', async () => {
    const page = await openApp(context, url);
    await openPanel(page);
    await page.waitForSelector('body[data-streets="online"]');
    const zoom = Number(await page.locator('#offline-min').inputValue());
    await page.selectOption('#offline-max', String(zoom + 2));
    const estimate = page.locator('#offline-estimate');
    expect(await estimate.textContent()).toContain('按本机已有图块的平均大小估算');
    const expectedTiles = Number(await estimate.getAttribute('data-tiles'));
    const expectedBytes = Number(await estimate.getAttribute('data-bytes'));
    expect(expectedTiles).toBeGreaterThan(20);
    expect(await page.locator('#offline-quota').textContent()).toMatch(/本机存储：已用 [\d.]+ MB，还可用约/);
    const before = tiles.served.length;
    await page.click('#offline-download');
    await page.waitForFunction(
      () => document.querySelector('#offline-result')?.textContent?.includes('离线地图已保存'),
      null,
      {
        timeout: 60_000,
      },
    );
    const fetched = tiles.served.slice(before);
    expect(fetched.length).toBe(expectedTiles);
    const bytes = fetched.reduce((s, t) => s + t.bytes, 0);
    expect(Math.abs(expectedBytes - bytes) / bytes).toBeLessThan(0.3);
    expect((await cachedTiles(page)).pinned).toBe(expectedTiles);
    await expect.poll(() => page.locator('[data-testid="offline-area"]').count()).toBe(1);
    expect(await page.locator('[data-testid="offline-area"]').textContent()).toContain(`级别 ${zoom}–${zoom + 2}`);

    // A bigger one, slowed down, cancelled midway: its tiles go, the first area stays whole.
    const kept = await cachedTiles(page);
    tiles.delayMs = 150;
    await page.selectOption('#offline-max', String(Math.min(18, zoom + 4)));
    await page.selectOption('#offline-min', String(Math.min(18, zoom + 4)));
    await page.click('#offline-download');
    await page.waitForFunction(
      () => Number((document.querySelector('#offline-progress') as HTMLProgressElement).value) >= 5,
    );
    const progressMax = await page.locator('#offline-progress').getAttribute('max');
    expect(Number(progressMax)).toBeGreaterThan(100);
    await page.click('#offline-cancel');
    await page.waitForFunction(() => document.querySelector('#offline-result')?.textContent?.includes('已取消下载'));
    tiles.delayMs = 0;
    expect(await cachedTiles(page)).toEqual(kept);
    await expect.poll(() => page.locator('[data-testid="offline-area"]').count()).toBe(1);
    await page.close();
  });

  it('still shows the saved streets with the tile server stopped, and with the page offline', async () => {
    await tiles.stop();
    try {
      const page = await openApp(context, url);
      expect(await streetShare(page)).toBeGreaterThan(0.2);
      await page.close();
      await context.setOffline(true);
      const offline = await openApp(context, url);
      await offline.waitForSelector('body[data-streets="offline-cached"]');
      expect(await streetShare(offline)).toBeGreaterThan(0.2);
      await openPanel(offline);
      expect(await offline.locator('#street-status').textContent()).toContain('无网络：显示本机保存的街道图块');
      await offline.close();
    } finally {
      await context.setOffline(false);
    }
  });

  it('deletes the saved area and the browsed tiles: offline, only the embedded basemap is left', async () => {
    const page = await openApp(context, url);
    await openPanel(page);
    await page.click('[data-testid="offline-area-delete"]');
    await page.waitForFunction(() =>
      document.querySelector('#offline-result')?.textContent?.includes('已删除离线地图'),
    );
    await page.click('[data-testid="offline-clear-visited"]');
    await page.waitForFunction(() => document.querySelector('#offline-result')?.textContent?.includes('块浏览缓存'));
    await expect.poll(() => page.locator('[data-testid="offline-area"]').count()).toBe(0);
    expect(await cachedTiles(page)).toEqual({ all: 0, pinned: 0 });
    await page.close();
    const again = await openApp(context, url);
    await again.waitForSelector('body[data-streets="offline-none"]');
    expect(await streetShare(again)).toBeLessThan(0.01);
    await again.close();
    await tiles.start();
    await context.close();
  });
});
