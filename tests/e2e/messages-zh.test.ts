/**
 * Every message a person sees in the Chinese UI is Chinese (issue 14, item 20). On a phone (390×844, zh-CN,
 * Asia/Shanghai) the test walks the error paths — typed coordinates and links, GPS refused, a file that is no
 * basemap, a search with no hit, a record without its name, a wrong phone, a photo that is no image, a file
 * that is no backup, route files that are no tracks — and fails when a visible message (alert, status, error,
 * hint, the answer card) has Latin letters and no Chinese, or an English clause inside Chinese. A message with
 * Chinese may carry Latin plates, units, file names and, in full-width brackets, the English original kept for
 * support; English alone is what the person cannot read.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openApp, typeCoordinate } from '../helpers/app-page.ts';
import { appUnderTest } from '../helpers/app-under-test.ts';

const PORT = 21_743;
const PHONE = { width: 390, height: 844 };
const app = appUnderTest(PORT);

/** The visible messages that have letters and no Chinese, outside the map and anything marked lang="en". */
async function latinOnlyMessages(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const cjk = /[\u3400-\u9fff]/;
    const selectors =
      '[role="alert"], [role="status"], [aria-live], .error, .bad, .warn, .hint, .field-error, [data-testid="message"], #card';
    const bad = new Set<string>();
    for (const node of document.querySelectorAll<HTMLElement>(selectors)) {
      if (node.closest('#map, [lang="en"], [hidden]') || node.getClientRects().length === 0) continue;
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text, line by line, is what a person sees
      for (const line of node.innerText.split('\n')) {
        const text = line.trim();
        // Latin-only; or Chinese with an English clause (three English words in a row) outside the full-width
        // brackets （…） and […] codes where the English original is kept for support on purpose.
        const outsideBrackets = text.replace(/（[^）]*）|\[[^\]]*\]/g, ' ');
        const englishClause = /[A-Za-z]{2,}(?:[\s,.'’/()-]+[A-Za-z]+){2,}/.test(outsideBrackets);
        if ((/[A-Za-z]{2,}/.test(text) && !cjk.test(text)) || englishClause) bad.add(text);
      }
    }
    return [...bad];
  });
}

/** Runs one error path and collects what it showed that is Latin-only (with the path's name). */
async function step(page: Page, name: string, action: () => Promise<void>, found: string[]): Promise<void> {
  await action();
  for (const text of await latinOnlyMessages(page)) found.push(`${name}: ${text}`);
}

const file = (name: string, text: string, mimeType = 'application/octet-stream') => ({
  name,
  mimeType,
  buffer: Buffer.from(text),
});

describe('the Chinese UI speaks Chinese on every error path', () => {
  it('shows no Latin-only message on a phone', async () => {
    const context = await app.browser.newContext({ viewport: PHONE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await openApp(context, app.url);
    const found: string[] = [];
    const card = () => page.locator('#card').textContent();

    // 查询: typed coordinates and links that cannot be read.
    for (const [text, expected] of [
      ['abc', '读不出坐标'],
      ['', '没有输入坐标'],
      ['200, 100', '超出有效范围'],
      ['-33.9, 151.2', '不在中国境内'],
      ['https://surl.amap.com/abc123', '短链接'],
      ['https://example.com/map?x=1', '认不出这个链接'],
      ['https://uri.amap.com/marker?name=x', '没有坐标'],
    ] as const) {
      await step(
        page,
        `typed "${text}"`,
        async () => {
          await typeCoordinate(page, text);
          await expect.poll(card).toContain(expected);
        },
        found,
      );
    }

    // GPS refused (no permission granted: Chromium answers "User denied Geolocation").
    await step(
      page,
      'gps refused',
      async () => {
        await page.click('#gps');
        await expect.poll(card).toContain('未允许使用位置');
      },
      found,
    );

    // Place search with no hit.
    await step(
      page,
      'search',
      async () => {
        await page.fill('#search', 'Eiffel Tower');
        await expect.poll(() => page.locator('#search-results').textContent()).toContain('没有找到');
      },
      found,
    );

    // A file that is no basemap.
    await step(
      page,
      'basemap',
      async () => {
        await page.locator('#basemap-title').click();
        await page.setInputFiles('#basemap-file', file('streets.pmtiles', 'this is not a tile archive'));
        await expect.poll(() => page.locator('#basemap-status').textContent()).toContain('不是 PMTiles 底图文件');
      },
      found,
    );

    // 举报: a resident's report with a wrong phone.
    await step(
      page,
      'report with a wrong phone',
      async () => {
        await typeCoordinate(page, '40.0920, 113.3000');
        await page.click('[data-testid="report-here"]');
        await page.waitForSelector('#report-what');
        await page.fill('#report-phone', '12345');
        await page.click('[data-testid="report-save"]');
        await expect.poll(() => page.locator('[data-testid="report-status"]').textContent()).toContain('电话');
      },
      found,
    );

    // 记录: a sales point without its name, with a wrong phone, then a photo that is no image (the form takes
    // the place last checked).
    await typeCoordinate(page, '40.0920, 113.3000');
    await page.waitForSelector('[data-testid="verdict"]');
    await page.click('#tab-records');
    await page.waitForSelector('body[data-records-ready="true"]');
    await step(
      page,
      'record without name',
      async () => {
        await page.fill('#field-phone', '12345');
        await page.click('[data-testid="save-record"]');
        await expect.poll(() => page.locator('#field-name-error').textContent()).toContain('必填');
        await expect.poll(() => page.locator('#field-phone-error').textContent()).toContain('不是电话号码');
      },
      found,
    );
    await step(
      page,
      'photo that is no image',
      async () => {
        await page.fill('#field-name', '甲煤店');
        await page.fill('#field-phone', '13812345678');
        await page.setInputFiles('#field-photos', file('shop.jpg', 'not a jpeg', 'image/jpeg'));
        await page.click('[data-testid="save-record"]');
        await expect.poll(() => page.locator('[data-testid="records-status"]').textContent()).toMatch(/图片|照片/);
      },
      found,
    );
    await step(
      page,
      'file that is no backup',
      async () => {
        await page.setInputFiles('#import-file', file('backup.zip', 'PK? no, just text'));
        await expect.poll(() => page.locator('[data-testid="records-status"]').textContent()).toMatch(/备份|zip/);
      },
      found,
    );

    // 卡点: route files that are no tracks.
    await page.click('#tab-checkpoints');
    await page.waitForSelector('body[data-checkpoints-ready="true"]');
    await step(
      page,
      'route files',
      async () => {
        await page.click('#cp-route > summary');
        await page.setInputFiles('#route-files', [
          file('notes.txt', 'hello'),
          file('truck.gpx', '<?xml version="1.0"?><kml><Document/></kml>', 'application/gpx+xml'),
          file('broken.gpx', '<gpx><trk><trkseg><trkpt lat="40.1"', 'application/gpx+xml'),
        ]);
        await page.waitForFunction(() => document.querySelectorAll('[data-testid="route-file-error"]').length === 3);
      },
      found,
    );

    await step(
      page,
      'permit register that is no register',
      async () => {
        await page.click('#cp-permits > summary');
        await page.setInputFiles('#permit-file', file('permits.csv', 'hello,world\n1,2\n', 'text/csv'));
        await expect.poll(() => page.locator('#cp-permits').textContent()).toMatch(/未导入|没有|缺少|列/);
      },
      found,
    );
    await step(
      page,
      'live replay of a file that is no track',
      async () => {
        await page.click('#cp-live > summary');
        await page.setInputFiles('#live-replay', file('drive.gpx', '<kml></kml>', 'application/gpx+xml'));
        await expect.poll(() => page.locator('[data-testid="live-state"]').textContent()).toContain('无法回放');
      },
      found,
    );

    expect(found).toEqual([]);
    await context.close();
  });
});
