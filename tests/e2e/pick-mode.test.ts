import { describe, expect, it } from 'vitest';
import { openApp, tapMap, typeCoordinate } from '../helpers/app-page.ts';
import { appUnderTest } from '../helpers/app-under-test.ts';
import { latinFontsOnly } from '../helpers/browser.ts';

const PORT = 21_733;
const app = appUnderTest(PORT, { launchEnv: latinFontsOnly() });

/** The east side's traced line where the 40.09°N road comes in: a tap here hits the edge. */
const ON_EAST_EDGE = [113.376, 40.09] as const;

describe('pick modes (Latin fonts only)', () => {
  it('renders with no CJK font installed for the page', async () => {
    const context = await app.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await openApp(context, app.url);
    // With no CJK face, a Chinese character is drawn as the missing-glyph box: the same width as a code point
    // that no font has (U+10FFFD). With fonts-noto-cjk it is a full-width glyph.
    const [han, missing] = await page.evaluate(() => {
      const ctx = document.createElement('canvas').getContext('2d') as CanvasRenderingContext2D;
      ctx.font = '32px sans-serif';
      return [ctx.measureText('禁').width, ctx.measureText('\u{10FFFD}').width];
    });
    expect(han).toBe(missing);
    await typeCoordinate(page, '40.0920, 113.3000');
    expect(await page.locator('[data-testid="verdict"]').textContent()).toBe('在禁煤区内');
    await context.close();
  });

  it('closes an open edge popup on entering a pick mode; the pick gets the tap, not the popup or the check', async () => {
    // A desktop viewport: the map keeps one size on every tab (on a phone the checkpoint tab shrinks it).
    const context = await app.browser.newContext({ viewport: { width: 1100, height: 900 } });
    const page = await openApp(context, app.url);
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
    // A resident's tap on the line opens its popup.
    await tapMap(page, ...ON_EAST_EDGE);
    await page.waitForSelector('[data-testid="edge-info"]');
    const card = await page.locator('#card').textContent();

    await page.click('#tab-checkpoints');
    await page.waitForSelector('body[data-checkpoints-ready="true"]');
    await page.click('#cp-sites > summary');
    await page.click('[data-testid="place-on-map"]');
    // Entering the pick mode closed the popup.
    expect(await page.locator('.maplibregl-popup').count()).toBe(0);
    // A tap on the edge places the checkpoint and opens no popup; the resident answer is unchanged.
    await tapMap(page, ...ON_EAST_EDGE);
    await page.waitForSelector('#checkpoint-name');
    expect(await page.locator('.maplibregl-popup').count()).toBe(0);
    expect(await page.locator('#card').textContent()).toBe(card);
    await page.fill('#checkpoint-name', 'East gate');
    await page.click('[data-testid="save-checkpoint"]');
    await page.waitForSelector('[data-checkpoint="East gate"]');

    // Out of pick mode a tap on the line opens its popup again …
    await tapMap(page, ...ON_EAST_EDGE);
    await page.waitForSelector('[data-testid="edge-info"]');
    // … and entering the destination pick closes it, so the next tap at the same place is the pick's.
    await page.fill('#inspect-plate', '晋B12345');
    await page.click('[data-testid="pick-destination"]');
    expect(await page.locator('.maplibregl-popup').count()).toBe(0);
    await tapMap(page, ...ON_EAST_EDGE);
    await page.waitForFunction(() => (document.querySelector('#inspect-destination') as HTMLInputElement)?.value);
    // The nearest known place within 1 km, else the tapped coordinates: either way the tap's, at the edge.
    const picked = await page.inputValue('#inspect-destination');
    const coordinates = /^(\d+\.\d+), (\d+\.\d+)$/.exec(picked);
    if (coordinates) {
      expect(Math.abs(Number(coordinates[1]) - ON_EAST_EDGE[0])).toBeLessThan(0.0005);
      expect(Math.abs(Number(coordinates[2]) - ON_EAST_EDGE[1])).toBeLessThan(0.0005);
    } else expect(picked.length).toBeGreaterThan(0);
    expect(await page.locator('.maplibregl-popup').count()).toBe(0);
    await context.close();
  });
});
