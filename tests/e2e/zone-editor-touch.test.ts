/**
 * The zone editor by touch on a tablet (820×1180, hasTouch, zh-CN; real terra-draw on the MapLibre map, touches
 * sent through CDP Input.dispatchTouchEvent) and by keys on a desktop. A GeoJSON road layer made here (a
 * north–south road 40 px east of a zone vertex) is read by the tracer in the 区域 tab; a vertex dragged by finger
 * to 6 px from the road snaps onto it: the saved version's vertex lies on the road (< 0.5 m, measured on the
 * ellipsoid by GeographicLib) and its provenance names the road and its feature, its uncertainty the layer's
 * 5 m; a vertex dragged by finger far from any road stays where the finger left it, unsnapped; an edge's midpoint
 * dragged by finger next to the road adds a vertex on it in one step; a vertex tapped is removed with the panel's
 * button. On a desktop: a
 * clicked vertex is removed with Delete, Ctrl+Z brings it back, Ctrl+Y removes it again, an edge's midpoint dragged
 * adds a vertex in one step, Escape ends editing.
 */
import { readFileSync, rmSync } from 'node:fs';
import geographiclib from 'geographiclib-geodesic';
import type { CDPSession, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ZoneFeature } from '../../src/geo/zone.ts';
import { mapPixel, openApp } from '../helpers/app-page.ts';
import { appUnderTest } from '../helpers/app-under-test.ts';
import { writeTemp } from '../helpers/checkpoint-files.ts';
import { cityZone } from '../helpers/fixtures.ts';

const PORT = 21_795; // below the ephemeral range, and no other browser test's
const app = appUnderTest(PORT);
const geodesic = geographiclib.Geodesic.WGS84;
const city = cityZone();
const ring = city.geometry.coordinates[0] as [number, number][];
type Px = { x: number; y: number };
type Box = { x: number; y: number; width: number; height: number };

/** The on-screen pixels of the ring's vertices (off the map: far away). */
async function vertexPixels(page: Page): Promise<Px[]> {
  const out: Px[] = [];
  for (const [lng, lat] of ring.slice(0, -1))
    out.push(await mapPixel(page, lng, lat).catch(() => ({ x: -1e6, y: -1e6 })));
  return out;
}

/** The on-screen vertex farthest from the others, at least `margin` px inside the map. */
function loneVertex(pixels: Px[], box: Box, margin: number, skip: number[] = []): number {
  let best = -1;
  let room = 0;
  pixels.forEach((p, i) => {
    if (skip.includes(i)) return;
    if (p.x < box.x + margin || p.y < box.y + margin || p.x > box.x + box.width - margin) return;
    if (p.y > box.y + box.height - margin) return;
    const near = Math.min(...pixels.filter((_, k) => k !== i).map((o) => Math.hypot(o.x - p.x, o.y - p.y)));
    if (near > room) {
      room = near;
      best = i;
    }
  });
  return best;
}

/** The page pixel of a position, on the map or beyond its edge (mapPixel refuses those). */
async function pagePixel(page: Page, at: [number, number]): Promise<Px> {
  const box = (await page.locator('#map').boundingBox()) as Box;
  const p = await page.evaluate(
    ([x, y]) =>
      (window as unknown as { coalzone: { project: (a: number, b: number) => Px } }).coalzone.project(
        x as number,
        y as number,
      ),
    at,
  );
  return { x: box.x + p.x, y: box.y + p.y };
}

/** A finger drag from `from` to `to` in 10 moves (CDP touch events: what a tablet's touchscreen sends). */
async function touchDrag(cdp: CDPSession, from: Px, to: Px): Promise<void> {
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: from.x, y: from.y }] });
  for (let k = 1; k <= 10; k++) {
    const x = from.x + ((to.x - from.x) * k) / 10;
    const y = from.y + ((to.y - from.y) * k) / 10;
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y }] });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

/** The WGS-84 position of a page pixel, from the map's projection near a reference vertex (Mercator is affine
 *  over a few hundred pixels to well under a pixel). */
async function unprojector(page: Page, at: [number, number]): Promise<(p: Px) => [number, number]> {
  const a = await mapPixel(page, at[0], at[1]);
  const b = await mapPixel(page, at[0] + 0.002, at[1] + 0.002);
  return (p) => [at[0] + ((p.x - a.x) / (b.x - a.x)) * 0.002, at[1] + ((p.y - a.y) / (b.y - a.y)) * 0.002];
}

/** Metres between two positions on the ellipsoid (GeographicLib). */
const metres = (p: number[], q: number[]) =>
  geodesic.Inverse(p[1] as number, p[0] as number, q[1] as number, q[0] as number).s12 as number;

/** Metres from p to the segment ab on the ellipsoid: the smallest geodesic distance to a point along ab. */
function metresToSegment(p: number[], a: number[], b: number[]): number {
  const [ax, ay, bx, by] = [a[0], a[1], b[0], b[1]] as number[] as [number, number, number, number];
  const d = (t: number) => metres(p, [ax + t * (bx - ax), ay + t * (by - ay)]);
  let lo = 0;
  let hi = 1;
  for (let k = 0; k < 100; k++) {
    const m1 = lo + (hi - lo) / 3;
    const m2 = hi - (hi - lo) / 3;
    if (d(m1) < d(m2)) hi = m2;
    else lo = m1;
  }
  return d((lo + hi) / 2);
}

const text = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`).textContent();
const waitForStep = (page: Page, n: number) =>
  page.waitForFunction(
    (step) => document.querySelector('[data-testid="edit-status"]')?.textContent?.includes(`第 ${step} 步修改`),
    n,
  );

async function openZones(page: Page): Promise<void> {
  await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
  await page.click('#tab-zones');
  await page.waitForSelector('body[data-zones-ready="true"]');
}

async function startEditing(page: Page, reason: string): Promise<void> {
  await page.fill('#edit-reason', reason);
  await page.click('[data-testid="edit-start"]');
  await page.waitForSelector('body[data-editing="true"]');
  await page.locator('#map').scrollIntoViewIfNeeded();
  await page.waitForTimeout(500);
}

describe('editing the zone by touch and by keys', () => {
  it('snaps a vertex dragged by finger onto a loaded road, not one dragged far from roads; adds and removes by finger', async () => {
    const context = await app.browser.newContext({
      viewport: { width: 820, height: 1180 },
      hasTouch: true,
      isMobile: true,
      locale: 'zh-CN',
      acceptDownloads: true,
    });
    const page = await openApp(context, app.url);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await openZones(page);
    await page.locator('#map').scrollIntoViewIfNeeded();
    const box = (await page.locator('#map').boundingBox()) as Box;
    const pixels = await vertexPixels(page);
    const k = loneVertex(pixels, box, 120);
    expect(k).toBeGreaterThanOrEqual(0);
    const v = pixels[k] as Px;
    const toLngLat = await unprojector(page, ring[k] as [number, number]);
    // A road 40 px east of the vertex, running 300 px north and south of it (its own vertices far away).
    const road = [toLngLat({ x: v.x + 40, y: v.y - 300 }), toLngLat({ x: v.x + 40, y: v.y + 300 })];
    const layer = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          id: 1,
          properties: { name: '测试东路' },
          geometry: { type: 'LineString', coordinates: road },
        },
      ],
    };
    const { dir, paths } = writeTemp({ 'roads-touch.geojson': JSON.stringify(layer) });
    expect(await text(page, 'edit-roads')).toContain('未载入道路');
    await page.setInputFiles('#trace-files', paths[0] as string);
    await page.click('[data-testid="trace-start"]');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="edit-roads"]')?.textContent?.startsWith('可吸附的道路：1 条'),
    );
    expect(await text(page, 'edit-roads')).toBe('可吸附的道路：1 条（roads-touch.geojson）。');

    await startEditing(page, '按实地道路吸附东侧');
    await page.fill('#edit-author', '生态环境局 张三');
    const cdp = await context.newCDPSession(page);
    // The vertex, by finger, to 6 px west of the road: within 12 px, so it snaps onto the road.
    const from = await mapPixel(page, ...(ring[k] as [number, number]));
    const roadAt = await mapPixel(page, ...(road[0] as [number, number]));
    const still = (k + Math.floor(ring.length / 2)) % (ring.length - 1);
    const stillBefore = await mapPixel(page, ...(ring[still] as [number, number]));
    await touchDrag(cdp, from, { x: roadAt.x - 6, y: from.y + 10 });
    await waitForStep(page, 1);
    // The finger moved the vertex, not the map.
    const stillAfter = await mapPixel(page, ...(ring[still] as [number, number]));
    expect(Math.hypot(stillAfter.x - stillBefore.x, stillAfter.y - stillBefore.y)).toBeLessThan(0.5);
    expect(await text(page, 'edit-status')).toBe(`${ring.length - 1} 个顶点 · 第 1 步修改 · ✓ 有效`);
    expect(await text(page, 'edit-snapped')).toBe(
      '这次修改的顶点已吸附到道路“测试东路”（roads-touch.geojson feature 1 (name)），误差 5 米。',
    );

    // Another vertex, by finger, 30 px away from everything: it does not snap. (Pixels are the viewport's:
    // the page scrolled since the road was laid, so the box and the projection are read again.)
    const again = await vertexPixels(page);
    const here = (await page.locator('#map').boundingBox()) as Box;
    const j = loneVertex(again, here, 120, [k]);
    const toLngLatHere = await unprojector(page, ring[j] as [number, number]);
    const other = again[j] as Px;
    const away = { x: other.x + (other.x < roadAt.x ? -30 : 30), y: other.y - 20 };
    expect(Math.abs(away.x - roadAt.x)).toBeGreaterThan(40);
    await touchDrag(cdp, other, away);
    await waitForStep(page, 2);
    expect(await text(page, 'edit-snapped')).toBe(
      `这次修改未吸附到道路，误差 ${city.properties.rings[0]?.vertices[j]?.edge.uncertaintyM} 米。`,
    );
    const fingerAt = toLngLatHere(away);

    await page.click('[data-testid="edit-save"]');
    await page.waitForSelector('[data-testid="edit-diff"]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="edit-download"]')]);
    const saved = JSON.parse(readFileSync((await download.path()) as string, 'utf8')) as ZoneFeature;
    const savedRing = (saved.geometry.type === 'Polygon' ? saved.geometry.coordinates[0] : []) as number[][];
    const provenance = saved.properties.rings[0]?.vertices ?? [];
    expect(savedRing.length).toBe(ring.length);

    const snappedTo = savedRing[k] as number[];
    const offRoad = metresToSegment(snappedTo, road[0] as number[], road[1] as number[]);
    console.log(`snapped vertex: ${(offRoad * 1000).toFixed(2)} mm from the road (GeographicLib)`);
    expect(offRoad).toBeLessThan(0.5);
    expect(provenance[k]?.name).toBe('测试东路（吸附 snapped）');
    expect(provenance[k]?.basis).toBe('derived');
    expect(provenance[k]?.source).toContain('snapped to roads-touch.geojson feature 1 (name) "测试东路" (±5 m)');
    expect(provenance[k]?.source).toContain('按实地道路吸附东侧');
    expect(provenance[k]?.edge.uncertaintyM).toBe(5);

    const moved = savedRing[j] as number[];
    // Where the finger left it (within 2 px of the gesture's end), and no road in the provenance.
    const pxMetres = metres(toLngLatHere(away), toLngLatHere({ x: away.x + 1, y: away.y }));
    expect(metres(moved, fingerAt)).toBeLessThan(2 * pxMetres);
    expect(metres(moved, ring[j] as number[])).toBeGreaterThan(20 * pxMetres);
    expect(provenance[j]?.source).toMatch(/^edited by 生态环境局 张三 at .+: 按实地道路吸附东侧$/);
    expect(provenance[j]?.edge.uncertaintyM).toBe(city.properties.rings[0]?.vertices[j]?.edge.uncertaintyM);

    // A new draft: an edge's midpoint dragged by finger to 6 px from the road adds a vertex on it, in one step.
    await startEditing(page, '沿道路加一个顶点');
    const fresh = await vertexPixels(page);
    const n = ring.length - 1;
    const roadNow = await pagePixel(page, road[0] as [number, number]);
    const roadEnd = await pagePixel(page, road[1] as [number, number]);
    const mids = [(k + n - 1) % n, (k + 1) % n].map((m) => ({
      x: ((fresh[k] as Px).x + (fresh[m] as Px).x) / 2,
      y: ((fresh[k] as Px).y + (fresh[m] as Px).y) / 2,
    }));
    // terra-draw takes a vertex within 40 px before a midpoint; the road must reach the midpoint's height.
    const mid = mids.find(
      (q) =>
        Math.min(...fresh.map((p) => Math.hypot(p.x - q.x, p.y - q.y))) > 45 &&
        q.y > Math.min(roadNow.y, roadEnd.y) + 20 &&
        q.y < Math.max(roadNow.y, roadEnd.y) - 20,
    );
    expect(mid).toBeDefined();
    await touchDrag(cdp, mid as Px, { x: roadNow.x - 6, y: (mid as Px).y });
    await waitForStep(page, 1);
    await page.waitForTimeout(400);
    expect(await text(page, 'edit-status')).toMatch(new RegExp(`^${n + 1} 个顶点 · 第 1 步修改 · `));
    expect(await text(page, 'edit-snapped')).toBe(
      '这次修改的顶点已吸附到道路“测试东路”（roads-touch.geojson feature 1 (name)），误差 5 米。',
    );

    // A touch has no right click and no Delete key: a vertex tapped, then the button, removes it.
    // (The vertex just added is selected; the tap selects vertex k, ringed on the map.)
    const ringed = async () =>
      page.evaluate(async () => {
        const app = (window as unknown as { coalzone: { sourceData: (id: string) => Promise<unknown> } }).coalzone;
        const data = (await app.sourceData('edit-selected-vertex')) as {
          features: { geometry: { coordinates: number[] } }[];
        };
        return data.features.map((f) => f.geometry.coordinates);
      });
    const tapAt = (await vertexPixels(page))[k] as Px;
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [tapAt] });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await expect.poll(ringed).toEqual([ring[k]]);
    expect(await page.locator('[data-testid="edit-remove-vertex"]').isDisabled()).toBe(false);
    await page.tap('[data-testid="edit-remove-vertex"]');
    await waitForStep(page, 2);
    expect(await text(page, 'edit-status')).toMatch(new RegExp(`^${n} 个顶点 · 第 2 步修改 · `));
    // Undo redraws the ring with the snapped vertex (terra-draw refuses positions past 9 decimals).
    await page.tap('[data-testid="edit-undo"]');
    await waitForStep(page, 1);
    expect(await text(page, 'edit-status')).toMatch(new RegExp(`^${n + 1} 个顶点 · 第 1 步修改 · `));
    expect(errors).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
    await context.close();
  }, 240_000);

  it('on a desktop: Delete removes the clicked vertex, Ctrl+Z and Ctrl+Y undo and redo it, a midpoint dragged adds one, Escape ends', async () => {
    const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page = await openApp(context, app.url);
    await openZones(page);
    const n = ring.length - 1;
    expect(await page.locator('#zones').textContent()).toContain('Ctrl+Z 撤销，Ctrl+Shift+Z 或 Ctrl+Y 重做');
    await startEditing(page, '去掉多余的顶点');
    const box = (await page.locator('#map').boundingBox()) as Box;
    const pixels = await vertexPixels(page);
    const k = loneVertex(pixels, box, 40);
    expect(await page.locator('[data-testid="edit-remove-vertex"]').isDisabled()).toBe(true);
    await page.mouse.click((pixels[k] as Px).x, (pixels[k] as Px).y);
    await page.waitForFunction(
      () => !(document.querySelector('[data-testid="edit-remove-vertex"]') as HTMLButtonElement).disabled,
    );
    await page.keyboard.press('Delete');
    await waitForStep(page, 1);
    expect(await text(page, 'edit-status')).toBe(`${n - 1} 个顶点 · 第 1 步修改 · ✓ 有效`);
    // Typing in a field keeps its keys: Backspace there removes no vertex.
    await page.fill('#edit-note', '删顶点');
    await page.focus('#edit-note');
    await page.keyboard.press('Backspace');
    expect(await page.inputValue('#edit-note')).toBe('删顶');
    await page.locator('#map').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await waitForStep(page, 0);
    expect(await text(page, 'edit-status')).toBe(`${n} 个顶点 · 第 0 步修改 · ✓ 有效`);
    await page.keyboard.press('Control+y');
    await waitForStep(page, 1);
    expect(await text(page, 'edit-status')).toBe(`${n - 1} 个顶点 · 第 1 步修改 · ✓ 有效`);
    // The midpoint of the edge that replaced the removed vertex, dragged 25 px: one vertex more, one step more
    // (terra-draw's insertion and drag are one edit).
    const prev = pixels[(k + n - 1) % n] as Px;
    const next = pixels[(k + 1) % n] as Px;
    const mid = { x: (prev.x + next.x) / 2, y: (prev.y + next.y) / 2 };
    // terra-draw takes a vertex within 40 px before a midpoint: this midpoint has room.
    expect(
      Math.min(...pixels.filter((_, i) => i !== k).map((p) => Math.hypot(p.x - mid.x, p.y - mid.y))),
    ).toBeGreaterThan(45);
    await page.mouse.move(mid.x, mid.y);
    await page.mouse.down();
    for (let s = 1; s <= 8; s++) await page.mouse.move(mid.x + (25 * s) / 8, mid.y + (25 * s) / 8);
    await page.mouse.up();
    await waitForStep(page, 2);
    await page.waitForTimeout(400);
    expect(await text(page, 'edit-status')).toBe(`${n} 个顶点 · 第 2 步修改 · ✓ 有效`);
    await page.keyboard.press('Escape');
    await page.waitForSelector('body[data-editing="false"]');
    expect(await text(page, 'edit-status')).toBe('已结束编辑，草稿已保留。');
    expect(await page.locator('[data-testid="edit-start"]').textContent()).toMatch(/^继续编辑草稿/);
    await context.close();
  }, 180_000);
});
