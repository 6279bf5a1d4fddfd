/**
 * A resident on a phone (390×844, zh-CN): the answer comes into view on every input way, an outside point
 * is shown with the zone beside it, GPS asks for a fresh fix and says how old it is, and a vague fix says
 * so instead of answering with a ±5 km "line uncertainty".
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openApp, tapMap, typeCoordinate } from '../helpers/app-page.ts';
import { appUnderTest } from '../helpers/app-under-test.ts';

const PORT = 21_735;
const PHONE = { width: 390, height: 844 };
const app = appUnderTest(PORT);

/** Waits until the answer card's top is on screen. */
async function cardInView(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const top = document.querySelector('#card')?.getBoundingClientRect().top ?? -1;
    return top >= 0 && top < window.innerHeight - 80;
  });
}

describe('resident on a phone', () => {
  it('brings the answer into view after typed coordinates, a map tap and GPS', async () => {
    const context = await app.browser.newContext({
      viewport: PHONE,
      permissions: ['geolocation'],
      geolocation: { latitude: 40.092, longitude: 113.3, accuracy: 20 },
    });
    const page = await openApp(context, app.url);
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
    await typeCoordinate(page, '40.0920, 113.3000');
    await cardInView(page);
    await page.evaluate(() => window.scrollTo(0, 0));
    await tapMap(page, 113.3, 40.092);
    await cardInView(page);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.click('#gps');
    await page.waitForSelector('[data-testid="verdict"]');
    await cardInView(page);
    // The fix's time and age are shown.
    expect(await page.locator('.where').textContent()).toMatch(/定位时间 \d{2}:\d{2}:\d{2}（\d+ 秒前）/);
    await context.close();
  });

  it('asks for a fresh fix each time: a person who walked gets the new answer at once', async () => {
    const context = await app.browser.newContext({
      viewport: PHONE,
      permissions: ['geolocation'],
      geolocation: { latitude: 40.092, longitude: 113.3, accuracy: 20 },
    });
    const page = await openApp(context, app.url);
    await page.click('#gps');
    await page.waitForFunction(() => document.querySelector('[data-testid="verdict"]')?.textContent === '在禁煤区内');
    await context.setGeolocation({ latitude: 40.2, longitude: 113.1, accuracy: 20 });
    await page.click('#gps');
    await page.waitForFunction(() => document.querySelector('[data-testid="verdict"]')?.textContent === '在禁煤区外');
    await context.close();
  });

  it('says a vague fix is vague instead of answering with its error as the line’s', async () => {
    const context = await app.browser.newContext({
      viewport: PHONE,
      permissions: ['geolocation'],
      geolocation: { latitude: 40.092, longitude: 113.3, accuracy: 5000 },
    });
    const page = await openApp(context, app.url);
    await page.click('#gps');
    await page.waitForFunction(() => document.querySelector('#card')?.textContent?.includes('定位不准'));
    const text = (await page.locator('#card').textContent()) ?? '';
    expect(text).toContain('±5000 米');
    expect(text).toContain('请到室外开阔处重试');
    expect(text).not.toContain('边界误差');
    expect(await page.locator('[data-testid="verdict"]').count()).toBe(0);
    await context.close();
  });

  it('keeps the zone in view beside an outside point; near says to call, numbers first', async () => {
    const context = await app.browser.newContext({ viewport: PHONE });
    const page = await openApp(context, app.url);
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
    await typeCoordinate(page, '40.2500, 113.0500');
    expect(await page.locator('[data-testid="verdict"]').textContent()).toBe('在禁煤区外');
    const box = (await page.locator('#map').boundingBox()) as { width: number; height: number };
    const seen = await page.evaluate(() => {
      const p = (window as unknown as { coalzone: { project: (a: number, b: number) => { x: number; y: number } } })
        .coalzone.project;
      // The point and a point well inside the zone (鼓楼 area).
      return [p(113.05, 40.25), p(113.3, 40.092)];
    });
    for (const at of seen) {
      expect(at.x).toBeGreaterThanOrEqual(0);
      expect(at.x).toBeLessThanOrEqual(box.width);
      expect(at.y).toBeGreaterThanOrEqual(0);
      expect(at.y).toBeLessThanOrEqual(box.height);
    }
    await typeCoordinate(page, '40.0436, 113.3581');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="verdict"]')?.textContent === '靠近边界，无法确定',
    );
    expect(await page.locator('.near-detail').textContent()).toMatch(
      /请致电大同市生态环境局确认：0352-5022085、0352-5020288/,
    );
    await context.close();
  });

  it('speaks no jargon: a shared link and a typed lat,lng read in words', async () => {
    const context = await app.browser.newContext({ viewport: PHONE });
    const page = await openApp(
      context,
      app.url,
      '?lng=113.300000&lat=40.092000&zone=datong-city-2024-106&v=2024-106.trace-1',
    );
    await page.waitForSelector('[data-testid="verdict"]');
    // The card's words (the shareable link itself is a URL and keeps its parameters).
    const words = () =>
      page.evaluate(() =>
        [...(document.querySelector('#card')?.children ?? [])]
          .filter((e) => !e.classList.contains('share'))
          .map((e) => e.textContent)
          .join(' '),
      );
    let text = await words();
    expect(text).not.toMatch(/±0 米|trace-1|读作|lat,lng|amap/);
    expect(text).toContain('同政函〔2024〕106号 · 第 1 版描绘');
    await typeCoordinate(page, '40.0920, 113.3000');
    text = await words();
    expect(text).toContain('按“纬度, 经度”读取');
    expect(text).not.toMatch(/lat,lng|读作/);
    await context.close();
  });

  it('says what is wrong in Chinese: bad coordinates, a map link without a place, a refused location', async () => {
    const context = await app.browser.newContext({ viewport: PHONE });
    const page = await openApp(context, app.url);
    const message = () => page.locator('[data-testid="message"]').textContent();
    /** Chinese, and no English sentence (three Latin words in a row) inside it. */
    const chineseOnly = (text: string | null) => {
      expect(text ?? '').toMatch(/[\u4e00-\u9fff]/);
      expect(text ?? '').not.toMatch(/[A-Za-z]+ [A-Za-z]+ [A-Za-z]+/);
    };
    for (const bad of [
      '113.3',
      'abc def',
      '95.0, 10.0',
      'https://uri.amap.com/marker?name=x',
      'https://j.map.baidu.com/abc',
    ]) {
      await typeCoordinate(page, bad);
      chineseOnly(await message());
    }
    // No permission for geolocation: Chromium's "User denied Geolocation" never reaches the card.
    await page.click('#gps');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="message"]')?.textContent?.includes('无法获取位置'),
    );
    chineseOnly(await message());
    expect(await message()).toContain('未允许使用位置');
    await context.close();
  });

  it('a resident reports a violation from the answer card: place shown and movable, honest about staying on the phone', async () => {
    const context = await app.browser.newContext({ viewport: PHONE });
    const page = await openApp(context, app.url);
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
    await typeCoordinate(page, '40.0920, 113.3000');
    await page.click('[data-testid="report-here"]');
    await page.waitForSelector('#report-what');
    expect(await page.locator('[data-testid="report-place"]').textContent()).toContain('113.30000, 40.09200');
    // The place moves with a tap on the map.
    await page.click('[data-testid="report-move"]');
    await tapMap(page, 113.31, 40.095);
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="report-place"]')?.textContent?.includes('113.31'),
    );
    await page.selectOption('#report-what', 'selling');
    await page.fill('#report-description', '<img src=x onerror=alert(1)> 三轮车卖散煤');
    await page.fill('#report-phone', '12345');
    await page.click('[data-testid="report-save"]');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="report-status"]')?.textContent?.includes('电话号码不对'),
    );
    await page.fill('#report-phone', '138 1234 5678');
    await page.click('[data-testid="report-save"]');
    await page.waitForSelector('[data-testid="report-status"][data-saved="true"]');
    const saved = (await page.locator('[data-testid="report-status"]').textContent()) ?? '';
    expect(saved).toContain('只保存在本机，尚未发送');
    expect(await page.locator('[data-testid="report-status"] a[href="tel:+863525022085"]').count()).toBe(1);
    expect(await page.locator('[data-testid="report-status"] a[href^="sms:"]').count()).toBe(1);
    // It is a record on this phone, under 记录, with the text kept as text.
    await page.click('#tab-records');
    await page.waitForSelector('[data-testid="record-list"] li');
    const listed = (await page.locator('[data-testid="record-list"]').textContent()) ?? '';
    expect(listed).toContain('销售：<img src=x onerror=alert(1)> 三轮车卖散煤');
    expect(listed).not.toContain('selling');
    expect(await page.locator('[data-testid="record-list"] img').count()).toBe(0);
    await context.close();
  });
});
