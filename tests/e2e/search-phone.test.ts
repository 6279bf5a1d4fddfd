/**
 * Place search on a phone (390×844, zh-CN): typos, pinyin and initials offline; a known name without a
 * coordinate says so and lets the person pick it on the map; with a 天地图 key configured at build
 * (VITE_TIANDITU_TK, VITE_TIANDITU_API pointing at a stand-in on loopback that answers in 天地图's documented
 * formats — never a stub inside the page) results come from the network, marked 来自网络; when the service is
 * down the offline results stay and a line says why there is nothing from the network.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, tapMap } from '../helpers/app-page.ts';
import { buildApp, launch, serve, stop } from '../helpers/browser.ts';
import { startTiandituServer, type TiandituServer } from '../helpers/tianditu-server.ts';

const PORT = 21_741;
const TIANDITU_PORT = 21_742;
const KEY = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const PHONE = { width: 390, height: 844 };
let browser: Browser;
let server: PreviewServer;
let tianditu: TiandituServer;
let url: string;

beforeAll(async () => {
  tianditu = await startTiandituServer({ key: KEY, port: TIANDITU_PORT });
  // The configuration a deployment would use: the key and the API base set at build.
  process.env.VITE_TIANDITU_TK = KEY;
  process.env.VITE_TIANDITU_API = tianditu.url;
  try {
    await buildApp();
  } finally {
    delete process.env.VITE_TIANDITU_TK;
    delete process.env.VITE_TIANDITU_API;
  }
  ({ server, url } = await serve(PORT));
  // Nothing beyond loopback resolves (the street layer's 天地图 tile hosts fail at once, as offline).
  browser = await launch(['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1']);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (server) await stop(server).catch(() => undefined);
  await tianditu?.close().catch(() => undefined);
});

async function phone(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  return { context, page: await openApp(context, url) };
}

async function search(page: Page, text: string): Promise<void> {
  await page.fill('#search', '');
  await page.fill('#search', text);
  await page.waitForSelector('#search-results li');
}

/** Waits until the answer card's top is on screen. */
async function cardInView(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const top = document.querySelector('#card')?.getBoundingClientRect().top ?? -1;
    return top >= 0 && top < window.innerHeight - 80;
  });
}

describe('place search on a phone', () => {
  it('finds 华严寺 from a typo, pinyin and initials, offline, and says it cannot place it', async () => {
    const { context, page } = await phone();
    for (const q of ['华言寺', 'huayansi', 'hys']) {
      await search(page, q);
      await page.waitForSelector('#search-results button[data-origin="gazetteer"]');
      const first = page.locator('#search-results button[data-origin="gazetteer"]').first();
      expect(await first.textContent(), q).toMatch(/^华严寺 \(位置未知/);
    }
    await search(page, '大铜站');
    await page.locator('#search-results button[data-origin="gazetteer"]').first().click();
    await page.waitForSelector('[data-testid="verdict"]');
    expect(await page.locator('.where').textContent()).toContain('大同站');
    await cardInView(page);
    await context.close();
  });

  it('offers to pick a known but unplaced name on the map, and checks the tap under that name', async () => {
    const { context, page } = await phone();
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
    await search(page, '九龙壁');
    await page.locator('#search-results button[data-origin="gazetteer"]', { hasText: '九龙壁' }).click();
    expect(await page.locator('[data-testid="message"]').textContent()).toContain('“九龙壁”位置未知');
    await page.click('[data-testid="pick-on-map"]');
    await tapMap(page, 113.3014, 40.0943);
    await page.waitForSelector('[data-testid="verdict"]');
    expect(await page.locator('.where').textContent()).toMatch(/地图点选.*九龙壁/);
    await context.close();
  });

  it('adds 天地图 results, marked as from the network, and checks one at its CGCS2000 (= WGS-84) point', async () => {
    const { context, page } = await phone();
    await search(page, '华严寺');
    await page.waitForSelector('[data-testid="network-group"]');
    expect(await page.locator('[data-testid="network-group"]').textContent()).toContain('来自网络');
    // Only Datong's 华严寺: the same name in 北京市延庆区 is dropped.
    const network = page.locator('#search-results button[data-origin="network"]');
    expect(await network.count()).toBe(1);
    await network.click();
    await page.waitForSelector('[data-testid="verdict"]');
    const where = await page.locator('.where').textContent();
    expect(where).toContain('113.291570, 40.092640');
    expect(where).toContain('来自网络（天地图）');
    await cardInView(page);
    // The request was 天地图's: V2.0 search with postStr and the key, and the geocoder with ds.
    const sent = tianditu.requests.filter((r) => r.params.keyWord === '华严寺');
    expect(sent.find((r) => r.path === '/v2/search')).toMatchObject({
      tk: KEY,
      params: { type: 'query', queryType: 1 },
    });
    expect(sent.find((r) => r.path === '/geocoder')).toMatchObject({ tk: KEY });
    // An address only the geocoder knows: Enter checks it.
    await page.fill('#search', '大同市平城区御河西路88号');
    await page.press('#search', 'Enter');
    await page.waitForFunction(() => document.querySelector('.where')?.textContent?.includes('113.315230'));
    await context.close();
  });

  it('keeps the offline results and says why when 天地图 is down', async () => {
    const { context, page } = await phone();
    await tianditu.close();
    await search(page, '华严');
    await page.waitForSelector('[data-testid="online-failed"]', { timeout: 15_000 });
    expect(await page.locator('[data-testid="online-failed"]').textContent()).toContain('网络搜索暂不可用');
    expect(await page.locator('#search-results button[data-origin="gazetteer"]').count()).toBeGreaterThan(0);
    expect(await page.locator('#search-results button[data-origin="network"]').count()).toBe(0);
    await context.close();
  });
});
