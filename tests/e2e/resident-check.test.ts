/**
 * The resident check in a real browser: Debian Chromium driven by playwright-core against the built app.
 * Never skipped: without Chromium the suite fails and says how to install it.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, tapMap, typeCoordinate } from '../helpers/app-page.ts';
import { buildApp, DIST, launch, serve, stop } from '../helpers/browser.ts';
import {
  badRegister,
  gpx,
  jitteryAlongEastSide,
  permitRegister,
  truckEnteringEast,
  truckOutside,
  writeTemp,
} from '../helpers/checkpoint-files.ts';

const PORT = 21_731; // below the ephemeral range (32768–60999), so no outgoing socket holds it
let browser: Browser;
let server: PreviewServer;
let url: string;

beforeAll(async () => {
  await buildApp();
  ({ server, url } = await serve(PORT));
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  if (server) await stop(server).catch(() => undefined);
});

const open = (context: BrowserContext, path = '') => openApp(context, url, path);
const typed = typeCoordinate;

const verdict = (page: Page) => page.locator('[data-testid="verdict"]').textContent();

describe('resident check in Chromium', () => {
  it('renders the map with WebGL and the embedded basemap', async () => {
    const context = await browser.newContext();
    const page = await open(context);
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
    expect(await page.locator('canvas.maplibregl-canvas').count()).toBe(1);
    const webgl = await page.evaluate(() => !!document.createElement('canvas').getContext('webgl2'));
    expect(webgl).toBe(true);
    await context.close();
  });

  it('answers typed coordinates: inside, outside, near — and refuses bad input with a message', async () => {
    const context = await browser.newContext();
    const page = await open(context);
    await typed(page, '40.0920, 113.3000');
    expect(await verdict(page)).toBe('在禁煤区内');
    await typed(page, '113.6058, 40.0393');
    expect(await verdict(page)).toBe('在禁煤区外');
    await typed(page, '北纬40.0436 东经113.3581');
    expect(await verdict(page)).toBe('靠近边界，无法确定');
    expect(await page.locator('.call a').first().getAttribute('href')).toBe('tel:+863525022085');
    await typed(page, '113.3');
    expect(await page.locator('[data-testid="message"]').textContent()).toContain('无法识别');
    await context.close();
  });

  it('answers a pasted Amap link (GCJ-02) and a Baidu typed coordinate (BD-09)', async () => {
    const context = await browser.newContext();
    const page = await open(context);
    await typed(page, 'https://uri.amap.com/marker?position=113.3070,40.0932&name=test');
    expect(await verdict(page)).toBe('在禁煤区内');
    expect(await page.locator('.where').textContent()).toContain('高德地图链接（已由 GCJ-02 换算）');
    expect(await page.locator('.where').textContent()).not.toMatch(/amap|读作/);
    await typed(page, '40.0440, 113.6190', 'BD09');
    expect(await verdict(page)).toBe('在禁煤区外');
    await context.close();
  });

  it('answers from GPS, with the accuracy in the uncertainty', async () => {
    const context = await browser.newContext({
      permissions: ['geolocation'],
      geolocation: { latitude: 40.092, longitude: 113.3, accuracy: 25 },
    });
    const page = await open(context);
    await page.click('#gps');
    await page.waitForSelector('[data-testid="verdict"]');
    expect(await verdict(page)).toBe('在禁煤区内');
    expect(await page.locator('.uncertainty').textContent()).toContain('定位 ±25 米');
    await context.close();
  });

  it('answers a tap on the map', async () => {
    const context = await browser.newContext({ viewport: { width: 420, height: 860 } });
    const page = await open(context);
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
    await tapMap(page, 113.3, 40.092);
    await page.waitForSelector('[data-testid="verdict"]');
    expect(await verdict(page)).toBe('在禁煤区内');
    expect(await page.locator('.where').textContent()).toContain('地图点选');
    // A tap on the traced line explains that side: clause, landmarks, band.
    await tapMap(page, 113.2425, 40.0735);
    const info = await page.locator('[data-testid="edge-info"]').textContent();
    expect(info).toContain('西至庆新路—同泉路—云冈路');
    expect(info).toContain('上皇庄村');
    expect(info).toContain('±2000 米');
    expect(await verdict(page)).toBe('靠近边界，无法确定');
    await context.close();
  });

  it('finds places by name and pinyin, and says when a place cannot be located', async () => {
    const context = await browser.newContext();
    const page = await open(context);
    await page.fill('#search', 'dtz');
    await page.locator('#search-results button', { hasText: '大同站' }).first().click();
    expect(await verdict(page)).toBe('在禁煤区内');
    await page.fill('#search', '上皇庄');
    await page.locator('#search-results button', { hasText: '上皇庄' }).first().click();
    expect(await page.locator('[data-testid="message"]').textContent()).toContain('位置未知');
    await page.fill('#search', 'qwertyuiop');
    await page.waitForFunction(() => document.getElementById('search-results')?.textContent?.includes('没有找到'));
    await context.close();
  });

  it('shows user input as text, never as HTML', async () => {
    const context = await browser.newContext();
    const page = await open(context);
    await typed(page, '<img src=x onerror="window.__xss=1">');
    await page.fill('#search', '<script>window.__xss=2</script>');
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    await context.close();
  });

  it('switches to English and opens shared links', async () => {
    const context = await browser.newContext();
    const page = await open(context, '?lng=113.300000&lat=40.092000&zone=datong-city-2024-106&v=2024-106.trace-1');
    expect(await verdict(page)).toBe('在禁煤区内');
    await page.click('#lang');
    expect(await verdict(page)).toBe('Inside the coal-ban zone');
    expect(await page.locator('[data-testid="share-link"]').getAttribute('href')).toContain('lang=en');
    await context.close();
  });

  it('keeps a user-loaded basemap across reloads, and refuses a file that is not PMTiles', async () => {
    const context = await browser.newContext();
    const page = await open(context);
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
    const dir = mkdtempSync(join(tmpdir(), 'coalzone-basemap-'));
    const file = join(dir, 'datong-extra.pmtiles');
    copyFileSync(new URL('../../public/basemap/datong.pmtiles', import.meta.url), file);
    await page.setInputFiles('#basemap-file', file);
    await page.waitForFunction(() =>
      document.getElementById('basemap-status')?.textContent?.includes('datong-extra.pmtiles'),
    );
    await page.reload();
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
    await page.waitForFunction(() =>
      document.getElementById('basemap-status')?.textContent?.includes('datong-extra.pmtiles'),
    );
    const bad = join(dir, 'notes.pmtiles');
    copyFileSync(new URL('../../package.json', import.meta.url), bad);
    await page.setInputFiles('#basemap-file', bad);
    await page.waitForFunction(() =>
      document.getElementById('basemap-status')?.textContent?.includes('不是 PMTiles 底图文件'),
    );
    await context.close();
  });

  it('records: saves each kind with field-level errors, survives a reload, verifies, detects tampering', async () => {
    const context = await browser.newContext();
    const page = await open(context);
    await typed(page, '40.0920, 113.3000');
    await page.click('#tab-records');
    await page.waitForSelector('body[data-records-ready="true"]');
    await page.click('details.settings summary');
    await page.selectOption('#author-role', 'police');
    await page.fill('#author-officer', 'JC-0352-01');
    await page.locator('details.settings button').click();
    const items = page.locator('[data-testid="record-list"] > li');
    const save = async () => {
      await page.click('[data-testid="save-record"]');
      await page.waitForFunction(
        () => !(document.querySelector('[data-testid="save-record"]') as HTMLButtonElement).disabled,
      );
    };
    const XSS = '<img src=x onerror="window.__xss=3">';
    await page.fill('#field-name', `${XSS}煤店`);
    await page.fill('#field-operator', `${XSS}<script>window.__xss=4</script>`);
    await page.fill('#field-address', `${XSS}御河西路`);
    await page.fill('#field-phone', '123');
    await save();
    expect(await page.locator('#field-phone-error').textContent()).toMatch(/不是电话号码|not a phone number/);
    expect(await items.count()).toBe(0);
    await page.fill('#field-phone', '0352 5022085');
    await page.setInputFiles('#field-photos', new URL('../../public/icons/icon-512.png', import.meta.url).pathname);
    await save();
    await expect.poll(() => items.count()).toBe(1);
    await page.selectOption('#record-kind', 'appliance');
    await page.fill('#field-owner', '李四');
    await page.fill('#field-address', `${XSS}`);
    await save();
    await page.selectOption('#record-kind', 'violation-report');
    await page.selectOption('#field-what', 'storing');
    await page.fill('#field-observedAt', '2026-12-01T08:00');
    await page.fill('#field-contactPhone', '13812345678');
    await page.fill('#field-description', `${XSS}院内堆煤`);
    await page.fill('#field-contactName', `${XSS}`);
    await save();
    await page.selectOption('#record-kind', 'exempt-enterprise');
    await page.fill('#field-name', '大同第二热电厂');
    await page.selectOption('#field-category', 'central-heating');
    await page.fill('#field-permitNumber', `TX-2024-001${XSS}`);
    await page.fill('#field-address', `${XSS}`);
    await save();
    await expect.poll(() => items.count()).toBe(4);
    // A checkpoint inspection: the plate is read as officers type it; a police plate is refused.
    await page.selectOption('#record-kind', 'checkpoint-inspection');
    await page.fill('#field-checkpoint', '北环路卡点');
    await page.fill('#field-plate', '晋B1234警');
    await save();
    expect(await page.locator('#field-plate-error').textContent()).toMatch(/警车号牌|police plate/);
    await page.fill('#field-plate', '晋b 1234O');
    await save();
    await expect.poll(() => items.count()).toBe(5);
    expect(await items.filter({ hasText: '晋B12340' }).count()).toBe(1);
    await items.filter({ hasText: '晋B12340' }).getByTestId('delete-record').click();
    await items.filter({ hasText: '晋B12340' }).getByTestId('confirm-delete').click();
    await expect.poll(() => items.count()).toBe(4);
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await page.click('#tab-records');
    await page.waitForSelector('body[data-records-ready="true"]');
    await expect.poll(() => items.count()).toBe(4);
    expect(await page.locator('.record-title', { hasText: '煤店' }).textContent()).toBe(
      '<img src=x onerror="window.__xss=3">煤店',
    );
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    const first = items.filter({ hasText: '煤店' });
    await first.getByTestId('change-status').click();
    await first.getByTestId('step-status').selectOption('ordered-to-stop');
    await first.getByTestId('commit-step').click();
    await expect.poll(() => first.getByTestId('record-status').textContent()).toBe('已责令停止');
    // Edit a record's fields, then delete it.
    await items.filter({ hasText: '李四' }).getByTestId('edit-record').click();
    expect(await page.inputValue('#field-owner')).toBe('李四');
    await page.fill('#field-owner', '李四（已改造）');
    await page.selectOption('#field-conversion', 'gas');
    await save();
    await expect.poll(() => items.filter({ hasText: '李四（已改造）' }).count()).toBe(1);
    await items.filter({ hasText: '李四' }).getByTestId('delete-record').click();
    await items.filter({ hasText: '李四' }).getByTestId('confirm-delete').click();
    await expect.poll(() => items.count()).toBe(3);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    await page.click('[data-testid="verify"]');
    await expect.poll(() => page.locator('[data-testid="records-status"]').textContent()).toContain('校验通过');
    // Overview, filters and the map layer.
    await page.click('details.overview-box summary');
    expect(await page.locator('[data-testid="overview"]').textContent()).toContain('共 3 条记录');
    await page.waitForSelector('[data-testid="chart"] canvas');
    await page.selectOption('#filter-status', 'ordered-to-stop');
    await expect.poll(() => items.count()).toBe(1);
    await page.selectOption('#filter-status', '');
    await page.selectOption('#filter-zone', 'outside');
    await expect.poll(() => items.count()).toBe(0);
    await page.selectOption('#filter-zone', 'inside');
    await expect.poll(() => items.count()).toBe(3);
    await page.selectOption('#filter-zone', '');
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
    await expect.poll(() => page.evaluate(() => document.body.dataset.recordsOnMap)).toBe('3');
    // Tamper with one stored record behind the app's back.
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const request = indexedDB.open('coalzone-records');
          request.onsuccess = () => {
            const tx = request.result.transaction('records', 'readwrite');
            const store = tx.objectStore('records');
            const cursor = store.openCursor();
            cursor.onsuccess = () => {
              const c = cursor.result;
              if (!c) return;
              c.update({ ...c.value, fields: { ...c.value.fields, tampered: true } });
            };
            tx.oncomplete = () => {
              request.result.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
    );
    await page.click('[data-testid="verify"]');
    await expect.poll(() => page.locator('[data-testid="records-status"]').textContent()).toContain('RECORD_ALTERED');
    await context.close();
  });

  it('records: exports CSV for Excel, and a backup imports into a fresh profile; a bad bundle is refused', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await open(context);
    await typed(page, '40.0920, 113.3000');
    await page.click('#tab-records');
    await page.waitForSelector('body[data-records-ready="true"]');
    const items = (p: Page) => p.locator('[data-testid="record-list"] > li');
    for (const [k, name] of ['甲煤店', '乙煤店', '=SUM(A1)'].entries()) {
      await page.fill('#field-name', name);
      await page.click('[data-testid="save-record"]');
      await expect.poll(() => items(page).count()).toBe(k + 1);
    }
    await page.selectOption('#record-kind', 'violation-report');
    await page.fill('#field-observedAt', '2026-12-01T09:30');
    await page.fill('#field-contactPhone', '139 1234 5678');
    await page.click('[data-testid="save-record"]');
    await expect.poll(() => items(page).count()).toBe(4);
    await page.check('#export-contacts');
    const [withContacts] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-csv"]')]);
    expect(readFileSync((await withContacts.path()) as string, 'utf8')).toContain('13912345678');
    await page.uncheck('#export-contacts');
    await page.selectOption('#record-kind', 'sales-point');
    // Many changes without a backup bring a reminder; a backup clears it.
    const reminder = page.locator('[data-testid="backup-reminder"]');
    expect(await reminder.isHidden()).toBe(true);
    for (let k = 4; k < 20; k++) {
      await page.fill('#field-name', `煤店${k}`);
      await page.click('[data-testid="save-record"]');
      await expect.poll(() => items(page).count()).toBe(k + 1);
    }
    await expect.poll(() => reminder.isVisible()).toBe(true);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-csv"]')]);
    const csvText = readFileSync((await csv.path()) as string, 'utf8');
    expect(csvText.startsWith('\uFEFF记录类型,')).toBe(true);
    expect(csvText).toContain('乙煤店');
    expect(csvText).not.toContain('13912345678');
    const [backup] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="backup"]')]);
    const zip = join(mkdtempSync(join(tmpdir(), 'coalzone-backup-')), 'backup.zip');
    await backup.saveAs(zip);
    await expect.poll(() => reminder.isHidden()).toBe(true);
    const other = await browser.newContext();
    const fresh = await open(other);
    await fresh.click('#tab-records');
    await fresh.waitForSelector('body[data-records-ready="true"]');
    const bad = join(mkdtempSync(join(tmpdir(), 'coalzone-bad-')), 'bad.zip');
    writeFileSync(bad, 'PK not really a zip');
    await fresh.setInputFiles('#import-file', bad);
    await expect.poll(() => fresh.locator('[data-testid="records-status"]').textContent()).toContain('backup refused');
    expect(await items(fresh).count()).toBe(0);
    await fresh.setInputFiles('#import-file', zip);
    await expect.poll(() => fresh.locator('[data-testid="records-status"]').textContent()).toContain('新增 20');
    await expect.poll(() => items(fresh).count()).toBe(20);
    const titles = async (p: Page) => (await items(p).locator('.record-title').allTextContents()).sort();
    expect(await titles(fresh)).toEqual(await titles(page));
    await fresh.setInputFiles('#import-file', zip);
    await expect.poll(() => fresh.locator('[data-testid="records-status"]').textContent()).toContain('未变 20');
    await fresh.click('[data-testid="verify"]');
    await expect.poll(() => fresh.locator('[data-testid="records-status"]').textContent()).toContain('校验通过');
    await other.close();
    await context.close();
  });

  it('records: two open tabs writing at once lose nothing', async () => {
    const context = await browser.newContext();
    const tabs = await Promise.all([open(context), open(context)]);
    for (const tab of tabs) {
      await typed(tab, '40.0920, 113.3000');
      await tab.click('#tab-records');
      await tab.waitForSelector('body[data-records-ready="true"]');
    }
    for (let k = 0; k < 5; k++) {
      await Promise.all(
        tabs.map(async (tab, t) => {
          await tab.fill('#field-name', `标签页${t}-${k}`);
          await tab.click('[data-testid="save-record"]');
          await tab.waitForFunction(
            () => !(document.querySelector('[data-testid="save-record"]') as HTMLButtonElement).disabled,
          );
        }),
      );
    }
    await tabs[0]!.reload();
    await tabs[0]!.waitForSelector('body[data-ready="true"]');
    await tabs[0]!.click('#tab-records');
    await tabs[0]!.waitForSelector('body[data-records-ready="true"]');
    await expect.poll(() => tabs[0]!.locator('[data-testid="record-list"] > li').count()).toBe(10);
    await tabs[0]!.click('[data-testid="verify"]');
    await expect.poll(() => tabs[0]!.locator('[data-testid="records-status"]').textContent()).toContain('校验通过');
    await context.close();
  });

  it('records: a conflicting import is shown side by side and resolved by a person', async () => {
    const recordsPage = async (context: BrowserContext) => {
      const page = await open(context);
      await typed(page, '40.0920, 113.3000');
      await page.click('#tab-records');
      await page.waitForSelector('body[data-records-ready="true"]');
      return page;
    };
    const backupOf = async (page: Page) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="backup"]')]);
      const path = join(mkdtempSync(join(tmpdir(), 'coalzone-conflict-')), 'b.zip');
      await download.saveAs(path);
      return path;
    };
    const a = await browser.newContext({ acceptDownloads: true });
    const b = await browser.newContext({ acceptDownloads: true });
    const pageA = await recordsPage(a);
    const pageB = await recordsPage(b);
    await pageA.fill('#field-name', '丙煤店');
    await pageA.click('[data-testid="save-record"]');
    await expect.poll(() => pageA.locator('[data-testid="record-list"] > li').count()).toBe(1);
    await pageB.setInputFiles('#import-file', await backupOf(pageA));
    await expect.poll(() => pageB.locator('[data-testid="record-list"] > li').count()).toBe(1);
    // A status change is a step committed by its button (issue 14 item 16).
    const step = async (page: Page, to: string, word: string) => {
      const item = page.locator('[data-testid="record-list"] > li');
      await item.getByTestId('change-status').click();
      await item.getByTestId('step-status').selectOption(to);
      await item.getByTestId('commit-step').click();
      await expect.poll(() => item.getByTestId('record-status').textContent()).toBe(word);
    };
    await step(pageB, 'closed', '已取缔/已结案');
    await step(pageA, 'ordered-to-stop', '已责令停止');
    await pageB.setInputFiles('#import-file', await backupOf(pageA));
    await expect.poll(() => pageB.locator('[data-testid="records-status"]').textContent()).toContain('冲突 1');
    const conflict = pageB.locator('[data-testid="conflicts"] li');
    expect(await conflict.textContent()).toContain('已取缔');
    expect(await conflict.textContent()).toContain('已责令停止');
    await conflict.getByTestId('keep-incoming').click();
    await expect.poll(() => pageB.locator('[data-testid="conflicts"] li').count()).toBe(0);
    expect(await pageB.locator('[data-testid="record-list"] > li').getByTestId('record-status').textContent()).toBe(
      '已责令停止',
    );
    await pageB.click('[data-testid="verify"]');
    await expect.poll(() => pageB.locator('[data-testid="records-status"]').textContent()).toContain('校验通过');
    await a.close();
    await b.close();
  });

  it('checkpoints: a permitted truck passes in a few taps; expired permit flagged; a plate typo still found; a bad register keeps nothing', async () => {
    const context = await browser.newContext({ viewport: { width: 420, height: 900 } });
    const page = await open(context);
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
    // The exempt enterprise the permits allow trucks to, recorded where it is.
    await typed(page, '40.0920, 113.3000');
    const card = await page.locator('#card').textContent();
    await page.click('#tab-records');
    await page.waitForSelector('body[data-records-ready="true"]');
    await page.selectOption('#record-kind', 'exempt-enterprise');
    await page.fill('#field-name', '大同第二热电厂');
    await page.selectOption('#field-category', 'central-heating');
    await page.fill('#field-permitNumber', 'XK-001');
    await page.click('[data-testid="save-record"]');
    await page.waitForSelector('[data-testid="record-list"] li');
    await page.click('#tab-checkpoints');
    await page.waitForSelector('body[data-checkpoints-ready="true"]');
    const { paths } = writeTemp({ 'register.csv': permitRegister(), 'bad.csv': badRegister() });
    await page.click('#cp-permits > summary');
    await page.setInputFiles('#permit-file', paths[0] as string);
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="permit-count"]')?.textContent?.includes('3'),
    );
    expect(await page.locator('[data-testid="permit-report"]').textContent()).toContain('新增 3');
    // A register with bad rows is refused whole, every bad line named; the stored register is unchanged.
    await page.setInputFiles('#permit-file', paths[1] as string);
    await page.waitForSelector('[data-testid="permit-rejected"]');
    const rejected = await page.locator('[data-testid="permit-rejected"] li').allTextContents();
    expect(rejected).toHaveLength(2);
    expect(rejected[0]).toContain('第 3 行');
    expect(rejected[0]).toContain('警车号牌');
    expect(rejected[1]).toContain('第 4 行');
    expect(rejected[1]).toContain('有效期起“明天”不是日期');
    expect(await page.locator('[data-testid="permit-count"]').textContent()).toContain('3');
    expect(await page.locator('[data-testid="permit-list"] li').count()).toBe(3);

    // Place the checkpoint on the map, on the east side where the 40.09°N road comes in.
    await page.click('#cp-sites > summary');
    await page.click('[data-testid="place-on-map"]');
    await tapMap(page, 113.376, 40.09);
    await page.fill('#checkpoint-name', '东环路卡点<b>');
    await page.click('[data-testid="save-checkpoint"]');
    await page.waitForSelector('[data-checkpoint="东环路卡点<b>"]');
    expect(await page.locator('#inspect-checkpoint option:checked').textContent()).toBe('东环路卡点<b>');
    // The map tap went to the checkpoint, not to the resident check.
    expect(await page.locator('#card').textContent()).toBe(card);

    // A permitted truck: type the plate as it comes, one tap.
    await page.fill('#inspect-plate', '晋b 12345');
    await page.waitForSelector('[data-testid="permit-result"] [data-result="valid"]');
    // The holder is the exempt enterprise recorded above.
    expect(await page.locator('[data-testid="permit-result"] [data-holder="known"]').count()).toBe(1);
    await page.click('[data-outcome="passed"]');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="inspect-status"]')?.textContent?.includes('已记录'),
    );
    expect(await page.locator('[data-testid="inspect-status"]').textContent()).toBe(
      '已记录：晋B·12345 · 放行 · 通行证有效',
    );
    expect(await page.inputValue('#inspect-plate')).toBe('');
    // The declared destination picked on the map next to the recorded enterprise is the permit's; another
    // destination is flagged.
    await page.fill('#inspect-plate', '晋B12345');
    await page.click('[data-testid="pick-destination"]');
    await tapMap(page, 113.3005, 40.0922);
    expect(await page.inputValue('#inspect-destination')).toBe('大同第二热电厂');
    await page.waitForSelector('[data-testid="permit-result"] [data-result="valid"]');
    expect(await page.locator('#card').textContent()).toBe(card);
    await page.fill('#inspect-destination', '云冈供热站');
    await page.waitForSelector('[data-testid="permit-result"] [data-result="wrong-destination"]');
    expect(await page.locator('[data-testid="permit-result"]').textContent()).toContain('目的地与通行证不符');
    await page.fill('#inspect-destination', '');

    // An expired permit is flagged; passing it takes a deliberate second tap, turning back records at once.
    await page.fill('#inspect-plate', '晋BD23456');
    await page.waitForSelector('[data-testid="permit-result"] [data-result="expired"]');
    expect(await page.locator('[data-testid="permit-result"] [data-holder="unknown"]').count()).toBe(1);
    expect(await page.locator('[data-testid="permit-result"]').textContent()).toContain('通行证已过期');
    await page.click('[data-outcome="passed"]');
    expect(await page.locator('[data-outcome="passed"]').textContent()).toContain('确认放行');
    await page.click('[data-outcome="turned-back"]');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="inspect-status"]')?.textContent?.includes('劝返'),
    );

    // A photo that is not an image stops the save; a real one is kept with the inspection.
    await page.fill('#inspect-plate', '晋B·6789挂');
    await page.waitForSelector('[data-testid="permit-result"] [data-result="revoked"]');
    await page.setInputFiles('#inspect-photos', paths[0] as string);
    await page.click('[data-outcome="referred"]');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="inspect-status"]')?.textContent?.includes('不是本浏览器能读取的图片'),
    );
    await page.setInputFiles('#inspect-photos', new URL('../../public/icons/icon-512.png', import.meta.url).pathname);
    await page.click('[data-outcome="referred"]');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="inspect-status"]')?.textContent?.includes('照片 1 张'),
    );
    // A typo (6 for 5) still finds the permit, offered for the officer to confirm.
    await page.fill('#inspect-plate', '晋B12346');
    await page.waitForSelector('[data-testid="pick-permit-plate"]');
    expect(await page.locator('[data-testid="permit-result"]').textContent()).toContain('可能输错');
    await page.click('[data-testid="pick-permit-plate"]');
    expect(await page.inputValue('#inspect-plate')).toBe('晋B·12345');
    await page.waitForSelector('[data-testid="permit-result"] [data-result="valid"]');
    // A police plate is not a truck to record.
    await page.fill('#inspect-plate', '晋A1234警');
    await page.click('[data-outcome="detained"]');
    expect(await page.locator('[data-testid="inspect-status"]').textContent()).toContain('警车号牌');

    await page.waitForFunction(() => document.querySelectorAll('[data-testid="inspection-recent"] li').length === 3);
    // Editing the register: revoke TX-001, and the same plate now shows the revoked permit.
    await page.locator('[data-permit="TX-001"] [data-testid="edit-permit"]').click();
    expect(await page.inputValue('#permit-number')).toBe('TX-001');
    await page.fill('#permit-validTo', '');
    await page.click('[data-testid="save-permit"]');
    expect(await page.locator('[data-testid="permit-form-error"]').textContent()).toContain('有效期止“”不是日期');
    await page.fill('#permit-validTo', '2030-01-01');
    await page.selectOption('#permit-status', '作废');
    await page.click('[data-testid="save-permit"]');
    await page.waitForSelector('[data-permit="TX-001"] .bad');
    await page.fill('#inspect-plate', '晋B12345');
    await page.waitForSelector('[data-testid="permit-result"] [data-result="revoked"]');
    // The inspections are ordinary records: listed, audited, at the checkpoint.
    await page.click('#tab-records');
    await page.waitForSelector('body[data-records-ready="true"]');
    await page.selectOption('#filter-kind', 'checkpoint-inspection');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="record-list"] li').length === 3);
    expect(await page.locator('[data-testid="photo-count"]').textContent()).toContain('1');
    expect(await page.locator('[data-testid="record-list"]').textContent()).toContain('晋B12345');
    await page.click('[data-testid="verify"]');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="records-status"]')?.textContent?.includes('校验通过'),
    );
    // Record text stays text.
    expect(await page.locator('b').count()).toBe(0);
    await context.close();
  });

  it('checkpoints: a GPX entering the zone gives the right entry point, time, side and checkpoint; a folder is batch-checked; bad GPX is refused with its line; planning shows gaps', async () => {
    const context = await browser.newContext({ viewport: { width: 420, height: 900 } });
    const page = await open(context);
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
    // A fuller basemap with one more road, 测试东西路, across the east side at 40.095°N.
    const { buildBasemap } = await import('../../scripts/build-basemap.ts');
    const road = {
      type: 'Feature' as const,
      properties: { name: '测试东西路' },
      geometry: {
        type: 'LineString' as const,
        coordinates: [
          [113.42, 40.095],
          [113.33, 40.095],
        ],
      },
    };
    const basemap = writeTemp({}).dir;
    writeFileSync(
      join(basemap, 'roads.pmtiles'),
      buildBasemap({ roads: { type: 'FeatureCollection', features: [road] } }, 'test roads'),
    );
    await page.setInputFiles('#basemap-file', join(basemap, 'roads.pmtiles'));
    await page.waitForFunction(() => document.getElementById('basemap-status')?.textContent?.includes('roads.pmtiles'));
    await page.click('#tab-checkpoints');
    await page.waitForSelector('body[data-checkpoints-ready="true"]');
    // A checkpoint on the east side, from the planning list's "checkpoint here".
    await page.click('#cp-plan > summary');
    // The loaded basemap's roads come from its tiles once they are loaded for the view.
    for (let i = 0; i < 20; i++) {
      await page.click('[data-testid="plan-run"]');
      if ((await page.locator('[data-testid="crossing-row"]', { hasText: '测试东西路' }).count()) > 0) break;
      await page.waitForTimeout(500);
    }
    const summary = await page.locator('[data-testid="plan-summary"]').textContent();
    expect(summary).toMatch(/道路穿越边界 3 处，其中 3 处无卡点/);
    expect(summary).toContain('含已载入底图的');
    const loadedRoad = await page.locator('[data-testid="crossing-row"]', { hasText: '测试东西路' }).textContent();
    expect(loadedRoad).toContain('东');
    // Tile coordinates are quantised: within ~10 m of the drawn road's crossing.
    const [lng, lat] = (/(113\.\d+), (40\.\d+)/.exec(loadedRoad ?? '') ?? []).slice(1).map(Number);
    expect(Math.abs((lng as number) - 113.375)).toBeLessThan(0.0001);
    expect(Math.abs((lat as number) - 40.095)).toBeLessThan(0.0001);
    const g109East = page.locator('[data-testid="crossing-row"]', { hasText: '京拉线 · 东侧' });
    expect(await g109East.textContent()).toContain('113.37500');
    await g109East.locator('[data-testid="checkpoint-here"]').click();
    expect(await page.inputValue('#checkpoint-road')).toBe('京拉线');
    await page.fill('#checkpoint-name', 'G109 东口卡点');
    await page.click('[data-testid="save-checkpoint"]');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="plan-summary"]')?.textContent?.includes('其中 2 处无卡点'),
    );
    expect(await page.locator('[data-testid="crossing-row"][data-gap="false"]').textContent()).toContain(
      'G109 东口卡点',
    );

    const { dir, paths } = writeTemp({
      'enters.gpx': gpx('晋B12345', truckEnteringEast(), 60),
      'outside.gpx': gpx('晋B55555', truckOutside()),
      'broken.gpx': gpx('坏', truckOutside()).replace('</trkseg>', '<trkpt lat="40.1">\n</trkseg>'),
      'readme.md': 'not a track',
    });
    await page.click('#cp-route > summary');
    await page.setInputFiles('#route-files', paths[0] as string);
    await page.waitForSelector('[data-testid="route-track"]');
    const track = page.locator('[data-testid="route-track"]');
    expect(await track.getAttribute('data-status')).toBe('inside');
    const entry = page.locator('[data-testid="crossing"][data-kind="entry"]');
    expect(await entry.getAttribute('data-side')).toBe('east');
    const entryText = await entry.textContent();
    expect(entryText).toContain('113.37500, 40.09000');
    // 113.45 → 113.375 is 7.5 steps of one minute from 08:00 Beijing time.
    expect(entryText).toContain('2026-12-01 08:07:30');
    expect(entryText).toContain('最近卡点：G109 东口卡点');
    expect(await page.locator('[data-testid="inspect-route"]').textContent()).toContain('进入禁煤区');

    // A whole folder: GPX files checked in the worker, the broken one refused with its line, the note skipped.
    await page.setInputFiles('#route-folder', dir);
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="route-progress"]')?.textContent?.includes('3 个文件、'),
    );
    expect(await page.locator('[data-testid="route-counts"]').textContent()).toBe(
      '进入 1 · 临界 0 · 未进入 1 · 无法核查 1',
    );
    // The batch report: a CSV for Excel with a row per track and the broken file named.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="route-export"]')]);
    const report = readFileSync((await download.path()) as string, 'utf8');
    expect(report.startsWith('\uFEFF文件,轨迹,结果')).toBe(true);
    expect(report.split('\r\n').filter(Boolean)).toHaveLength(4);
    expect(report).toMatch(/enters\.gpx,晋B12345,进入,16,1,0,2026-12-01 08:07:30,东侧,113\.375,40\.09,/);
    expect(report).toContain('broken.gpx,,无法核查');
    expect(await page.locator('[data-testid="route-file-error"]').textContent()).toMatch(
      /broken\.gpx：无法读取 — 不是有效的 GPX 文件（第 \d+ 行）/,
    );

    // A drawn declared route: origin east of the zone, destination inside.
    await page.click('[data-testid="draw-route"]');
    for (const [lng, lat] of [
      [113.42, 40.095],
      [113.33, 40.095],
    ])
      await tapMap(page, lng as number, lat as number);
    await page.click('[data-testid="finish-route"]');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="route-track"]')?.textContent?.includes('手绘'),
    );
    expect(await page.locator('[data-testid="route-track"]').getAttribute('data-status')).toBe('inside');
    expect(await page.locator('[data-testid="crossing"][data-kind="entry"]').getAttribute('data-side')).toBe('east');
    await context.close();
  });

  it('checkpoints: live mode alerts once on a jittery track along the line, and follows the phone’s GPS', async () => {
    const context = await browser.newContext({
      permissions: ['geolocation'],
      geolocation: { latitude: 40.09, longitude: 113.45, accuracy: 10 },
    });
    const page = await open(context);
    await page.click('#tab-checkpoints');
    await page.waitForSelector('body[data-checkpoints-ready="true"]');
    await page.click('#cp-live > summary');
    const jitter = jitteryAlongEastSide();
    // The track really is jittery: it crosses the traced line (lng 113.375 there) well over a hundred times.
    let flips = 0;
    for (let k = 1; k < jitter.length; k++)
      if (((jitter[k] as number[])[0] as number) < 113.375 !== ((jitter[k - 1] as number[])[0] as number) < 113.375)
        flips++;
    expect(flips).toBeGreaterThan(100);
    const { paths } = writeTemp({ 'jitter.gpx': gpx('phone', jitter, 1) });
    await page.setInputFiles('#live-replay', paths[0] as string);
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="live-state"]')?.textContent?.includes('回放'),
    );
    const alerts = await page
      .locator('[data-testid="live-alert"]')
      .evaluateAll((items) => items.map((li) => li.getAttribute('data-kind')));
    expect(alerts).toEqual(['entered']);
    expect(await page.locator('[data-testid="live-state"]').textContent()).toContain('421 个点，1 次提醒');

    // The phone's GPS: outside, then driving in.
    await page.click('[data-testid="live-start"]');
    for (let i = 0; i < 4; i++) {
      await context.setGeolocation({ latitude: 40.09, longitude: 113.381 - i * 0.0002, accuracy: 10 });
      await page.waitForTimeout(150);
    }
    await page.waitForSelector('[data-testid="live-state"][data-state="outside"]');
    // Chromium may coalesce overridden positions: keep driving (a fix every 150 ms) until the state flips.
    for (let i = 0; i < 60; i++) {
      await context.setGeolocation({ latitude: 40.09, longitude: 113.37 - i * 0.0001, accuracy: 10 });
      await page.waitForTimeout(150);
      if ((await page.locator('[data-testid="live-state"]').getAttribute('data-state')) === 'inside') break;
    }
    expect(await page.locator('[data-testid="live-state"]').getAttribute('data-state')).toBe('inside');
    expect(
      await page
        .locator('[data-testid="live-alert"]')
        .evaluateAll((items) => items.map((li) => li.getAttribute('data-kind'))),
    ).toEqual(['entered']);
    await page.click('[data-testid="live-stop"]');
    // In English: the view is rebuilt in the other language, what is stored is kept.
    await page.click('#lang');
    await page.waitForFunction(() => document.querySelector('#checkpoints h2')?.textContent === 'Checkpoints (police)');
    expect(await page.locator('#cp-inspect > summary').textContent()).toBe('Inspect a truck');
    await page.click('#cp-permits > summary');
    expect(await page.locator('[data-testid="permit-count"]').textContent()).toBe('0 permits registered');
    await context.close();
  });

  it('works offline: after one visit, reloads and answers with the server stopped', async () => {
    const context = await browser.newContext();
    const page = await open(context);
    // A controller exists only once the worker has installed (precached everything) and activated.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
    expect(await page.evaluate(async () => (await caches.keys()).length)).toBe(1);
    await stop(server);
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await typed(page, '40.0920, 113.3000');
    expect(await verdict(page)).toBe('在禁煤区内');
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
    // The checkpoint view, its route worker and the GPX reader come from the cache too.
    await page.click('#tab-checkpoints');
    await page.waitForSelector('body[data-checkpoints-ready="true"]');
    await page.click('#cp-route > summary');
    const { paths } = writeTemp({ 'enters.gpx': gpx('晋B12345', truckEnteringEast(), 60) });
    await page.setInputFiles('#route-files', paths[0] as string);
    await page.waitForSelector('[data-testid="route-track"][data-status="inside"]');
    await context.close();
    ({ server } = await serve(PORT));
  });

  it('announces a new version and applies it on reload, keeping what is stored', async () => {
    const context = await browser.newContext();
    const page = await open(context);
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
    const dir = mkdtempSync(join(tmpdir(), 'coalzone-update-'));
    const file = join(dir, 'kept.pmtiles');
    copyFileSync(new URL('../../public/basemap/datong.pmtiles', import.meta.url), file);
    await page.setInputFiles('#basemap-file', file);
    await page.waitForFunction(() => document.getElementById('basemap-status')?.textContent?.includes('kept.pmtiles'));
    // Publish "version 2": a changed page and a service worker with a new version.
    const dist = new URL(`../../${DIST}/`, import.meta.url);
    const html = readFileSync(new URL('index.html', dist), 'utf8');
    const sw = readFileSync(new URL('sw.js', dist), 'utf8');
    try {
      writeFileSync(
        new URL('index.html', dist),
        html.replace('<title>', '<meta name="coalzone-build" content="v2" /><title>'),
      );
      writeFileSync(new URL('sw.js', dist), sw.replace(/const VERSION = '[^']+'/, "const VERSION = 'v2-test'"));
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
      await page.waitForSelector('#update:not([hidden]) #reload', { timeout: 60_000 });
      await Promise.all([page.waitForEvent('load', { timeout: 60_000 }), page.click('#reload')]);
      await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
      expect(await page.locator('meta[name="coalzone-build"]').getAttribute('content')).toBe('v2');
      expect(await page.evaluate(async () => caches.keys())).toEqual(['coalzone-v2-test']);
      await page.waitForFunction(() =>
        document.getElementById('basemap-status')?.textContent?.includes('kept.pmtiles'),
      );
    } finally {
      writeFileSync(new URL('index.html', dist), html);
      writeFileSync(new URL('sw.js', dist), sw);
      await context.close();
    }
  });
});
