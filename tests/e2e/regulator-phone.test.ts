/**
 * A regulator on a phone (390×844, zh-CN, Asia/Shanghai) — issue 14 items 14–19, in real Chromium with real
 * IndexedDB: a record's place is on the form (typed, a map tap, GPS; never silently an old check), photos as
 * thumbnails and full-screen with their SHA-256, a status change as a committed step with note, document
 * number and photo, a confirmed, undoable, restorable delete, exports that write what the filters show and
 * say how many, the CSV as a Chinese report, and an overview in words with a chart axis that fits the data
 * and a weekly count. The audit chain verifies after all of it. One English pass checks the same words in
 * English.
 */
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { readCsvRows, textChunks } from '../../src/io/csv-rows.ts';
import { openApp, typeCoordinate } from '../helpers/app-page.ts';
import { appUnderTest } from '../helpers/app-under-test.ts';

const PORT = 21_737; // below the ephemeral range, and no other browser test's
const PHONE = { width: 390, height: 844 };
const PHOTO = new URL('../../public/icons/icon-512.png', import.meta.url).pathname;
const app = appUnderTest(PORT);

const phone = (extra: Parameters<Browser['newContext']>[0] = {}) =>
  app.browser.newContext({
    viewport: PHONE,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
    permissions: ['geolocation'],
    geolocation: { latitude: 40.1, longitude: 113.31, accuracy: 12 },
    ...extra,
  });

/** Polls longer than Vitest's 1 s default: a save resizes photos, and the machine is shared. */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000 });
const status = (p: Page) => p.locator('[data-testid="records-status"]').textContent();
const items = (p: Page) => p.locator('[data-testid="record-list"] > li');

async function openRecords(page: Page): Promise<void> {
  await page.click('#tab-records');
  await page.waitForSelector('body[data-records-ready="true"]');
}

async function save(page: Page, count: number): Promise<void> {
  await page.click('[data-testid="save-record"]');
  await poll(() => items(page).count()).toBe(count);
}

/** Downloads what `testid` exports; resolves to its text. */
async function download(page: Page, testid: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid="${testid}"]`)]);
  return readFileSync((await file.path()) as string, 'utf8');
}

async function csvRows(text: string): Promise<string[][]> {
  const out: string[][] = [];
  for await (const row of readCsvRows(textChunks(text.replace(/^\uFEFF/, '')))) out.push(row.fields);
  return out;
}

/** A record stored in IndexedDB, by its title field. */
function stored(page: Page, name: string) {
  return page.evaluate(
    (wanted) =>
      new Promise<{ location: { lng: number; lat: number; source: string }; photos: unknown[] } | undefined>(
        (resolve, reject) => {
          const request = indexedDB.open('coalzone-records');
          request.onsuccess = () => {
            const all = request.result.transaction('records').objectStore('records').getAll();
            all.onsuccess = () => {
              request.result.close();
              resolve(
                (all.result as { fields: { name?: string; owner?: string } }[]).find(
                  (r) => r.fields.name === wanted || r.fields.owner === wanted,
                ) as never,
              );
            };
            all.onerror = () => reject(all.error);
          };
        },
      ),
    name,
  );
}

async function noSideways(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
}

describe('regulator on a phone', () => {
  it('places, photos, status steps, delete/undo/restore, filtered exports, the report CSV, the overview', async () => {
    const context = await phone();
    const page = await openApp(context, app.url);
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
    await typeCoordinate(page, '40.0920, 113.3000');
    await openRecords(page);

    // 17: the place checked a moment ago is on the form, saying where it came from and when.
    const place = page.locator('[data-testid="record-place"]');
    expect(await place.textContent()).toMatch(
      /经度 113\.30000，纬度 40\.09200.*区内.*取自 \d\d:\d\d 在“查询”中查过的位置/,
    );
    await page.fill('#field-name', '甲煤店');
    await page.setInputFiles('#field-photos', PHOTO);
    await save(page, 1);
    // Typed coordinates for the next one; a typo is refused in Chinese and nothing is saved.
    await page.fill('#place-typed', '40.09xx');
    await page.click('[data-testid="place-typed-use"]');
    expect(await page.locator('#field-place-error').textContent()).toMatch(/[\u4e00-\u9fff]/);
    await page.fill('#place-typed', '40.0950, 113.3050');
    await page.click('[data-testid="place-typed-use"]');
    await poll(() => place.textContent()).toMatch(/经度 113\.30500，纬度 40\.09500（±\d+ 米，输入坐标）/);
    await page.fill('#field-name', '乙煤店');
    await save(page, 2);
    // A map tap places the third.
    await page.selectOption('#record-kind', 'appliance');
    await page.click('[data-testid="place-pick"]');
    await page.locator('#map').scrollIntoViewIfNeeded();
    const box = await page.locator('#map').boundingBox();
    const at = await page.evaluate(() =>
      (
        window as unknown as { coalzone: { project: (a: number, b: number) => { x: number; y: number } } }
      ).coalzone.project(113.31, 40.088),
    );
    if (!box) throw new Error('no map');
    await page.mouse.click(box.x + at.x, box.y + at.y);
    await poll(() => place.textContent()).toContain('地图点选');
    await page.fill('#field-owner', '丙单位');
    await save(page, 3);
    const tapped = await stored(page, '丙单位');
    expect(tapped?.location.source).toBe('map');
    expect(Math.abs((tapped?.location.lng ?? 0) - 113.31)).toBeLessThan(0.001);
    expect(Math.abs((tapped?.location.lat ?? 0) - 40.088)).toBeLessThan(0.001);
    // Editing shows the record's own place and moves it by GPS.
    await items(page).filter({ hasText: '乙煤店' }).getByTestId('edit-record').click();
    expect(await place.textContent()).toContain('113.30500');
    await page.click('[data-testid="place-gps"]');
    await poll(() => place.textContent()).toMatch(/经度 113\.31000，纬度 40\.10000（±12 米，GPS 定位）/);
    await page.click('[data-testid="save-record"]');
    await poll(() => status(page)).toBe('已保存修改');
    expect((await stored(page, '乙煤店'))?.location).toMatchObject({ lng: 113.31, lat: 40.1, source: 'gps' });
    await noSideways(page);

    // 18: thumbnails, and the photo full-screen with its SHA-256 and time.
    const first = items(page).filter({ hasText: '甲煤店' });
    await first.getByTestId('thumbnail').locator('img').waitFor();
    expect(
      await first
        .getByTestId('thumbnail')
        .locator('img')
        // Once decoded: the element is there before its blob has loaded (decode() rejects a broken image).
        .evaluate((img: HTMLImageElement) =>
          img.decode().then(
            () => img.naturalWidth > 0,
            () => false,
          ),
        ),
    ).toBe(true);
    await first.getByTestId('thumbnail').click();
    const viewer = page.getByTestId('photo-viewer');
    await viewer.waitFor();
    const shown = await viewer.boundingBox();
    expect(shown?.width).toBeGreaterThanOrEqual(PHONE.width - 1);
    const hash = (await page.getByTestId('photo-hash').textContent()) as string;
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await page.getByTestId('photo-time').textContent()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    await poll(() => page.getByTestId('photo-check').textContent()).toContain('一致');
    await page.getByTestId('photo-close').click();
    await poll(() => viewer.count()).toBe(0);

    // 16: a status change is a step: touching the dropdown commits nothing; the button does.
    await first.getByTestId('change-status').click();
    await first.getByTestId('step-status').selectOption('ordered-to-stop');
    await page.waitForTimeout(300);
    expect(await first.getByTestId('record-status').textContent()).toBe('已发现');
    await first.getByTestId('step-note').fill('现场责令停止销售散煤');
    await first.getByTestId('step-document').fill('市监责停〔2026〕12号');
    await first.getByTestId('step-photo').setInputFiles(PHOTO);
    await first.getByTestId('commit-step').click();
    await poll(() => first.getByTestId('record-status').textContent()).toBe('已责令停止');
    expect(await first.getByTestId('status-steps').textContent()).toContain('文书号 市监责停〔2026〕12号');
    expect(await first.getByTestId('thumbnail').count()).toBe(2);

    // 16: delete asks first; cancel keeps it; delete, undo; delete again, restore from 已删除的记录.
    const second = () => items(page).filter({ hasText: '乙煤店' });
    await second().getByTestId('delete-record').click();
    expect(await second().getByTestId('delete-confirm').textContent()).toContain('可以撤销');
    expect(await items(page).count()).toBe(3);
    await second().getByTestId('cancel-delete').click();
    expect(await items(page).count()).toBe(3);
    await second().getByTestId('delete-record').click();
    await second().getByTestId('confirm-delete').click();
    await poll(() => items(page).count()).toBe(2);
    await page.getByTestId('undo-delete').click();
    await poll(() => items(page).count()).toBe(3);
    expect(await status(page)).toContain('已恢复“乙煤店”');
    await second().getByTestId('delete-record').click();
    await second().getByTestId('confirm-delete').click();
    await poll(() => items(page).count()).toBe(2);
    await page.locator('[data-testid="deleted-records"] summary').click();
    expect(await page.locator('[data-testid="deleted-records"] summary').textContent()).toBe('已删除的记录（1）');
    await page.getByTestId('restore-record').click();
    await poll(() => items(page).count()).toBe(3);
    expect(await page.getByTestId('deleted-records').isHidden()).toBe(true);
    await page.click('[data-testid="verify"]');
    await poll(() => status(page)).toContain('校验通过');

    // 15: exports write what the filters show, and say how many.
    await page.selectOption('#filter-kind', 'appliance');
    await poll(() => items(page).count()).toBe(1);
    const oneCsv = await csvRows(await download(page, 'export-csv'));
    expect(oneCsv).toHaveLength(2);
    expect(await status(page)).toContain('已导出 1 条（筛选后）');
    expect(JSON.parse(await download(page, 'export-geojson')).features).toHaveLength(1);
    expect((await download(page, 'export-kml')).match(/<Placemark /g)).toHaveLength(1);
    expect(await status(page)).toContain('已导出 1 条（筛选后）');
    await page.selectOption('#filter-kind', '');
    await poll(() => items(page).count()).toBe(3);

    // 14: the CSV as a report.
    const text = await download(page, 'export-csv');
    expect(await status(page)).toContain('已导出 3 条（全部）');
    expect(text.startsWith('\uFEFF记录类型,')).toBe(true);
    const [header, ...body] = await csvRows(text);
    const h = header as string[];
    expect(body).toHaveLength(3);
    expect(h).not.toContain('fields');
    expect(h).toContain('已责令停止时间');
    const shop = Object.fromEntries(h.map((k, i) => [k, body.find((r) => r.includes('甲煤店'))?.[i]]));
    expect(shop).toMatchObject({ 记录类型: '煤炭销售点', 当前状态: '已责令停止', '区内外（保存时）': '区内' });
    expect(shop.已发现时间).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    expect(shop.已责令停止时间).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    expect(shop.状态记录).toContain('市监责停〔2026〕12号');
    expect(shop['照片（张）']).toBe('2');
    // Beijing time: the created time is the Beijing wall clock of now (the context runs in Asia/Shanghai).
    const beijingNow = await page.evaluate(() => {
      const d = new Date();
      const p = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
    });
    expect(shop['创建时间（北京时间）']?.startsWith(beijingNow)).toBe(true);
    expect(text).not.toMatch(/sales-point|ordered-to-stop|\d{4}-\d\d-\d\dT\d\d:/);

    // 19: the overview in words, a weekly count, an axis that spans the one day of data.
    await page.click('details.overview-box summary');
    const overview = page.getByTestId('overview');
    await page.waitForSelector('[data-testid="chart"] canvas');
    expect(await page.getByTestId('overview-totals').textContent()).toBe('共 3 条记录 · 区内 3');
    expect(await page.getByTestId('overview-weeks').textContent()).toMatch(
      /^本周（\d+月\d+日起）新增 3 条 · 上周（\d+月\d+日—\d+月\d+日）0 条$/,
    );
    expect(await overview.textContent()).not.toMatch(/inside|outside|Time|--/);
    const chart = page.getByTestId('chart');
    expect(await chart.getAttribute('data-x-span-days')).toBe('1');
    expect(await chart.getAttribute('data-ticks')).toBe(beijingNow.slice(5));
    const chartBox = await chart.boundingBox();
    expect(chartBox?.width).toBeLessThanOrEqual(PHONE.width);
    await noSideways(page);
    await context.close();
  }, 300_000);

  it('never takes an old check silently: after 10 minutes it is offered with its time', async () => {
    const context = await phone();
    const page = await context.newPage();
    await page.clock.install();
    await page.goto(app.url);
    await page.waitForSelector('body[data-ready="true"]');
    await typeCoordinate(page, '40.0920, 113.3000');
    await page.clock.fastForward('11:00');
    await openRecords(page);
    const place = page.locator('[data-testid="record-place"]');
    expect(await place.textContent()).toContain('尚未定位');
    await page.fill('#field-name', '丁煤店');
    await page.click('[data-testid="save-record"]');
    await poll(() => page.locator('#field-place-error').textContent()).toContain('请先给出位置');
    expect(await items(page).count()).toBe(0);
    const offer = page.getByTestId('place-last');
    expect(await offer.textContent()).toMatch(/^用 \d\d:\d\d 在“查询”中查过的位置$/);
    await offer.click();
    expect(await place.textContent()).toContain('113.30000');
    await save(page, 1);
    await context.close();
  }, 120_000);

  it('in English: the report CSV, the exports’ message and the overview speak English', async () => {
    const context: BrowserContext = await phone({ locale: 'en-GB' });
    const page = await openApp(context, app.url, '?lang=en');
    await typeCoordinate(page, '40.0920, 113.3000');
    await openRecords(page);
    expect(await page.locator('[data-testid="record-place"]').textContent()).toMatch(
      /^Longitude 113\.30000, latitude 40\.09200 \(±\d+ m, typed coordinates\) · inside/,
    );
    await page.fill('#field-name', 'Coal shop A');
    await save(page, 1);
    const text = await download(page, 'export-csv');
    expect(await status(page)).toBe('Exported 1 (all) · CSV');
    const [header, row] = await csvRows(text);
    expect(header?.slice(0, 2)).toEqual(['Record kind', 'Name']);
    for (const cell of header ?? []) expect(cell).toMatch(/^[\x20-\x7e]+$/);
    expect(row?.[0]).toBe('Coal sales point');
    await page.click('details.overview-box summary');
    expect(await page.getByTestId('overview-totals').textContent()).toBe('1 record · inside 1');
    expect(await page.getByTestId('overview-weeks').textContent()).toMatch(/^This week \(from \d\d-\d\d\): 1 new/);
    await context.close();
  }, 120_000);
});
