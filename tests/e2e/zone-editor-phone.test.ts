/**
 * The zone editor in Chromium (390×844, zh-CN; real terra-draw on the MapLibre map, real IndexedDB): a vertex
 * dragged with the mouse becomes an edit with its reason; the draft survives a reload; a vertex dragged across
 * the zone is refused as a self-crossing ringed on the map and cannot be saved; undo brings the valid ring back;
 * the saved version is compared with the zone in use (km² added and removed).
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ZoneFeature } from '../../src/geo/zone.ts';
import { mapPixel, openApp } from '../helpers/app-page.ts';
import { appUnderTest } from '../helpers/app-under-test.ts';

const PORT = 21_765; // below the ephemeral range, and no other browser test's
const app = appUnderTest(PORT);
const city = JSON.parse(
  readFileSync(new URL('../../data/zones/datong-city-2024-106.geojson', import.meta.url), 'utf8'),
) as ZoneFeature;
const ring = (city.geometry.type === 'Polygon' ? city.geometry.coordinates[0] : city.geometry.coordinates[0]?.[0]) as [
  number,
  number,
][];

/** The on-screen pixels of the ring's vertices. */
async function vertexPixels(page: Page): Promise<{ x: number; y: number }[]> {
  const out: { x: number; y: number }[] = [];
  for (const [lng, lat] of ring.slice(0, -1))
    out.push(await mapPixel(page, lng, lat).catch(() => ({ x: -1e6, y: -1e6 })));
  return out;
}

/** The vertex farthest (on screen) from its neighbours and their midpoints: a drag there takes the vertex. */
function loneVertex(pixels: { x: number; y: number }[], skip: number[] = []): number {
  let best = -1;
  let room = 0;
  pixels.forEach((p, i) => {
    if (skip.includes(i) || p.x < 20 || p.y < 20 || p.x > 370) return;
    const others = pixels.filter((_, k) => k !== i);
    const near = Math.min(...others.map((o) => Math.hypot(o.x - p.x, o.y - p.y)));
    if (near > room) {
      room = near;
      best = i;
    }
  });
  return best;
}

async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let k = 1; k <= 8; k++)
    await page.mouse.move(from.x + ((to.x - from.x) * k) / 8, from.y + ((to.y - from.y) * k) / 8);
  await page.mouse.up();
}

const statusText = (page: Page) => page.locator('[data-testid="edit-status"]').textContent();

describe('editing the zone on a phone', () => {
  it('drags a vertex as an edit, keeps the draft over a reload, refuses a self-crossing, undoes, saves, diffs', async () => {
    const context = await app.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const page = await openApp(context, app.url);
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
    await page.click('#tab-zones');
    await page.waitForSelector('body[data-zones-ready="true"]');

    // No reason: editing does not start.
    await page.click('[data-testid="edit-start"]');
    expect(await statusText(page)).toBe('请先填写修改原因（每处修改都会记下）。');
    await page.fill('#edit-reason', '按实地道路修正东侧');
    await page.fill('#edit-uncertainty', '40');
    await page.click('[data-testid="edit-start"]');
    await page.waitForSelector('body[data-editing="true"]');
    await page.locator('#map').scrollIntoViewIfNeeded();
    await page.waitForTimeout(500);

    const pixels = await vertexPixels(page);
    const k = loneVertex(pixels);
    expect(k).toBeGreaterThanOrEqual(0);
    const at = pixels[k] as { x: number; y: number };
    await drag(page, at, { x: at.x + (at.x > 195 ? -25 : 25), y: at.y });
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="edit-status"]')?.textContent?.includes('第 1 步修改'),
    );
    expect(await statusText(page)).toBe(`${ring.length - 1} 个顶点 · 第 1 步修改 · ✓ 有效`);

    // The draft is kept: after a reload the tab offers to continue it.
    await page.reload();
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
    await page.click('#tab-zones');
    await page.waitForSelector('body[data-zones-ready="true"]');
    expect(await page.locator('[data-testid="edit-start"]').textContent()).toMatch(
      /^继续编辑草稿（保存于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}）$/,
    );
    await page.fill('#edit-reason', '测试：拖过对面');
    await page.click('[data-testid="edit-start"]');
    await page.waitForSelector('body[data-editing="true"]');
    await page.locator('#map').scrollIntoViewIfNeeded();
    await page.waitForTimeout(500);

    // Another vertex dragged across the zone's middle: the ring crosses itself.
    const again = await vertexPixels(page);
    const j = loneVertex(again, [k]);
    const from = again[j] as { x: number; y: number };
    const box = (await page.locator('#map').boundingBox()) as { x: number; y: number; width: number; height: number };
    const across = { x: box.x + box.width - (from.x - box.x), y: box.y + box.height - (from.y - box.y) };
    await drag(page, from, across);
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="edit-status"]')?.textContent?.includes('第 2 步修改'),
    );
    expect(await statusText(page)).toContain('✗ 有问题，不能保存');
    expect(await page.locator('[data-testid="edit-problems"] li').first().getAttribute('data-code')).toBe(
      'SELF_INTERSECTION',
    );
    expect(await page.locator('[data-testid="edit-problems"]').textContent()).toMatch(
      /边界自相交：\d+ 处（地图上红圈）/,
    );
    expect(await page.locator('[data-testid="edit-save"]').isDisabled()).toBe(true);
    const ringed = await page.evaluate(async () => {
      const data = (await (
        window as unknown as { coalzone: { sourceData: (id: string) => Promise<unknown> } }
      ).coalzone.sourceData('overlay-draft-problems')) as { features: unknown[] };
      return data.features.length;
    });
    expect(ringed).toBeGreaterThan(0);

    // Undo: the valid ring of step 1 is back, and it can be saved.
    await page.click('[data-testid="edit-undo"]');
    // The status line changes once the undone draft is kept in IndexedDB.
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="edit-status"]')?.textContent?.includes('第 1 步修改'),
    );
    expect(await statusText(page)).toBe(`${ring.length - 1} 个顶点 · 第 1 步修改 · ✓ 有效`);
    await page.fill('#edit-author', '生态环境局 张三');
    await page.click('[data-testid="edit-save"]');
    await page.waitForSelector('[data-testid="edit-diff"]');
    expect(await statusText(page)).toBe(
      '已保存为 同政函〔2024〕106号 · 第 1 版编辑（草稿状态，仅在本机；签名发布后才会到其他手机）。',
    );
    const diff = (await page.locator('[data-testid="edit-diff"]').textContent()) ?? '';
    const [, added, removed] = /增加 ([\d.]+) km²，减少 ([\d.]+) km²/.exec(diff) ?? [];
    expect(Number(added) + Number(removed)).toBeGreaterThan(0);
    expect(diff).toMatch(/最大移动 \d+ 米；本机记录中答案会改变的：0 条。$/);
    await context.close();
  }, 180_000);
});
