/**
 * The 区域 tab's tracer in Chromium at a phone viewport (390×844, zh-CN): a real .osm.pbf (the synthetic city,
 * tests/fixtures/trace) chosen in the file input is traced in the Web Worker with progress; the report says per
 * side what was traced, the dashed preview reaches the map, the download is a valid zone; a broken file is
 * refused in Chinese naming the file, and the zone in use never changes.
 */
import { readFileSync } from 'node:fs';
import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { validateZone } from '../../src/geo/validate-zone.ts';
import { openApp } from '../helpers/app-page.ts';
import { appUnderTest } from '../helpers/app-under-test.ts';
import { writeTemp } from '../helpers/checkpoint-files.ts';
import { GK38 } from '../trace/shapefile-writer.ts';

const PORT = 21_761; // below the ephemeral range, and no other browser test's
const PBF = new URL('../fixtures/trace/synthetic-city.osm.pbf', import.meta.url).pathname;
const GOLDEN = JSON.parse(
  readFileSync(new URL('../fixtures/trace/synthetic-city.trace.golden.geojson', import.meta.url), 'utf8'),
);
const app = appUnderTest(PORT);

describe('tracing the zone from road data on a phone', () => {
  it('traces a .osm.pbf in the worker with progress, reports per side, previews and downloads a valid zone', async () => {
    const context = await app.browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      acceptDownloads: true,
    });
    const page = await openApp(context, app.url);
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
    await page.click('#tab-zones');
    await page.waitForSelector('body[data-zones-ready="true"]');
    expect(await page.locator('#zones').textContent()).toContain('当前使用：同政函〔2024〕106号 · 第 1 版描绘');

    // Every status line the page shows while tracing, in order (watched, not changed).
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      const node = document.querySelector('[data-testid="trace-status"]') as HTMLElement;
      new MutationObserver(() => seen.push(node.textContent ?? '')).observe(node, { childList: true, subtree: true });
    });
    await page.setInputFiles('#trace-files', PBF);
    await page.click('[data-testid="trace-start"]');
    await page.waitForSelector('[data-testid="trace-summary"]', { timeout: 60_000 });
    const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    expect(seen.some((s) => /synthetic-city\.osm\.pbf · 第 [123] 遍 · \d+ %/.test(s))).toBe(true);
    expect(seen.at(-1)).toBe('描绘完成：请核对下面的报告和地图上的虚线。');

    const sides = page.locator('[data-testid="trace-sides"] > li');
    expect(await sides.count()).toBe(4);
    expect(await page.locator('[data-side="east"]').getAttribute('data-traced')).toBe('true');
    expect(await page.locator('[data-side="east"]').textContent()).toMatch(/✓ 东侧：已沿道路描绘，[\d.]+ km/);
    expect(await page.locator('[data-side="north"]').textContent()).toContain('双向分离路，取中线');
    expect(await page.locator('[data-testid="trace-summary"]').textContent()).toMatch(
      /新版本 同政函〔2024〕106号 · 第 1 版道路数据描绘：\d+ 个顶点，周长 [\d.]+ km，面积 [\d.]+ km²（原 [\d.]+ km²）。 与原线相比最大移动 \d+ 米。/,
    );
    expect(await page.locator('[data-testid="trace-check-kaiyuan-corridor-16km"]').textContent()).toMatch(
      /1[67]\.\d km（应约 16 km）✓/,
    );
    expect(await page.locator('[data-testid="trace-changed"]').textContent()).toBe('本机记录中答案会改变的：0 条');
    // The dashed preview is on the map, as a source with the traced polygon.
    const previewed = await page.evaluate(async () => {
      const app = (window as unknown as { coalzone: { sourceData: (id: string) => Promise<unknown> } }).coalzone;
      const data = (await app.sourceData('overlay-trace')) as { features?: { geometry: { type: string } }[] };
      return data?.features?.map((f) => f.geometry.type) ?? null;
    });
    expect(previewed).toEqual(['Polygon']);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="trace-download"]')]);
    expect(download.suggestedFilename()).toBe('2024-106.roads-1.geojson');
    const zone = JSON.parse(readFileSync((await download.path()) as string, 'utf8'));
    expect(validateZone(zone)).toEqual({ valid: true });
    expect(zone.properties.status).toBe('traced-from-roads');

    // The zone in use is unchanged: a point still answers from the embedded version.
    await page.click('#tab-check');
    expect(await page.locator('#provisional').textContent()).not.toContain('roads');
    await context.close();
  }, 120_000);

  it('refuses a broken file in Chinese naming it, and can be cancelled', async () => {
    const context = await app.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const page = await openApp(context, app.url);
    await page.click('#tab-zones');
    await page.waitForSelector('body[data-zones-ready="true"]');
    await page.click('[data-testid="trace-start"]');
    expect(await page.locator('[data-testid="trace-status"]').textContent()).toBe('请先选择道路数据文件。');

    const { paths } = writeTemp({ 'broken.osm.pbf': 'not a pbf at all, just text' });
    await page.setInputFiles('#trace-files', paths[0] as string);
    await page.click('[data-testid="trace-start"]');
    await page.waitForSelector('[data-testid="trace-status"][role="alert"]', { timeout: 30_000 });
    const refusal = (await page.locator('[data-testid="trace-status"]').textContent()) ?? '';
    expect(refusal).toMatch(/^文件无法读取或格式不对（.*）$/);
    expect(refusal).toContain('broken.osm.pbf');
    expect(await page.locator('[data-testid="trace-start"]').isDisabled()).toBe(false);
    expect(await page.locator('[data-testid="trace-result"]').textContent()).toBe('');

    // Cancel at once: the worker is stopped, no version is shown.
    await page.setInputFiles('#trace-files', PBF);
    // Both clicks in one task: on a loaded machine a small file could otherwise be traced between two clicks.
    await page.evaluate(() => {
      (document.querySelector('[data-testid="trace-start"]') as HTMLButtonElement).click();
      (document.querySelector('[data-testid="trace-cancel"]') as HTMLButtonElement).click();
    });
    expect(await page.locator('[data-testid="trace-status"]').textContent()).toBe('已取消，未生成新版本。');
    await page.waitForTimeout(500);
    expect(await page.locator('[data-testid="trace-summary"]').count()).toBe(0);
    await context.close();
  }, 120_000);

  it("imports the authority's boundary with a preview; a CAD drawing in the wrong CRS is refused in Chinese", async () => {
    const context = await app.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const page = await openApp(context, app.url);
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
    await page.click('#tab-zones');
    await page.waitForSelector('body[data-zones-ready="true"]');
    const ring = GOLDEN.geometry.coordinates[0] as [number, number][];
    const gk = ring.slice(0, -1).map((p) => proj4(GK38).forward(p) as [number, number]);
    const lines = ['0', 'SECTION', '2', 'ENTITIES', '0', 'LWPOLYLINE', '5', '2F', '8', 'boundary', '90'];
    lines.push(String(gk.length), '70', '1', ...gk.flatMap(([x, y]) => ['10', x.toFixed(3), '20', y.toFixed(3)]));
    const { paths } = writeTemp({ 'bureau.dxf': `${[...lines, '0', 'ENDSEC', '0', 'EOF'].join('\n')}\n` });
    await page.setInputFiles('#boundary-file', paths[0] as string);

    // Read as WGS-84 degrees: refused, the reason in Chinese with the position named.
    await page.click('[data-testid="boundary-start"]');
    await page.waitForSelector('[data-testid="boundary-refusals"] li');
    expect(await page.locator('[data-testid="boundary-status"]').textContent()).toBe('边界被拒绝，未生成新版本：');
    expect(await page.locator('[data-testid="boundary-refusals"] li').getAttribute('data-code')).toBe('WRONG_CRS');
    expect(await page.locator('[data-testid="boundary-refusals"]').textContent()).toMatch(
      /^坐标系不对：请选择文件实际的坐标系（position 38\d+\.\d+, 44\d+\.\d+ is not longitude, latitude/,
    );

    // In its CRS: an official version previewed dashed on the map.
    await page.selectOption('#boundary-crs', 'EPSG:4526');
    await page.click('[data-testid="boundary-start"]');
    await page.waitForSelector('[data-testid="boundary-summary"]');
    expect(await page.locator('[data-testid="boundary-summary"]').textContent()).toBe(
      `同政函〔2024〕106号 · 第 1 版官方边界：${gk.length} 个顶点，EPSG:4526 → WGS-84。`,
    );
    const previewed = await page.evaluate(async () => {
      const app = (window as unknown as { coalzone: { sourceData: (id: string) => Promise<unknown> } }).coalzone;
      const data = (await app.sourceData('overlay-trace')) as { features?: { properties: { status: string } }[] };
      return data?.features?.map((f) => f.properties.status) ?? null;
    });
    expect(previewed).toEqual(['official']);
    await context.close();
  }, 120_000);
});
