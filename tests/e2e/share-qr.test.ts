/**
 * The share box's QR code in Chromium (issue 15): the encoder is not part of the first answer — it loads when the
 * share box is first opened — and the canvas then holds, module for module, the QR code of the shown link.
 */
import { generate } from 'lean-qr';
import { describe, expect, it } from 'vitest';
import { openApp } from '../helpers/app-page.ts';
import { appUnderTest } from '../helpers/app-under-test.ts';

const PORT = 21_781; // below the ephemeral range, and no other browser test's
const app = appUnderTest(PORT);

describe('share box QR code', () => {
  it('loads the encoder only when the share box opens, and draws the link’s code', async () => {
    // No service worker: its precache fetches every built file, which would hide when the page asks for one.
    const context = await app.browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'zh-CN',
      serviceWorkers: 'block',
    });
    const requested: string[] = [];
    context.on('request', (request) => requested.push(request.url()));
    const page = await openApp(context, app.url, '?lng=113.300000&lat=40.092000');
    await page.waitForSelector('[data-testid="verdict"]');
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
    const qrChunk = (u: string) => /\/assets\/qr-code-[^/]+\.js$/.test(u);
    expect(requested.filter(qrChunk)).toEqual([]);

    await page.click('.share summary');
    await page.waitForFunction(() => (document.querySelector('canvas.qr') as HTMLCanvasElement | null)?.width !== 300);
    expect(requested.filter(qrChunk)).toHaveLength(1);
    const link = (await page.getAttribute('[data-testid="share-link"]', 'href')) as string;
    expect(link).toContain('lng=113.300000');

    const drawn = await page.evaluate(() => {
      const canvas = document.querySelector('canvas.qr') as HTMLCanvasElement;
      const data = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(
        0,
        0,
        canvas.width,
        canvas.height,
      );
      const dark: boolean[] = [];
      for (let i = 0; i < data.data.length; i += 4) dark.push((data.data[i] as number) < 128);
      return { width: canvas.width, height: canvas.height, dark, shown: canvas.getBoundingClientRect().width };
    });
    const code = generate(link);
    const pad = 2;
    expect(drawn.width).toBe(code.size + 2 * pad);
    expect(drawn.height).toBe(code.size + 2 * pad);
    expect(drawn.shown).toBe(160);
    const expected: boolean[] = [];
    for (let y = 0; y < drawn.height; y++)
      for (let x = 0; x < drawn.width; x++) expected.push(code.get(x - pad, y - pad));
    expect(drawn.dark).toEqual(expected);
    await context.close();
  });
});
