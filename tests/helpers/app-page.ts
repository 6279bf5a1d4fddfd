/** Page helpers shared by the browser tests: open the app and wait for it, type a coordinate, tap the map. */
import type { BrowserContext, Page } from 'playwright-core';

/** Opens the app at `url + path` in a new page and waits until it answers. */
export async function openApp(context: BrowserContext, url: string, path = ''): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url + path);
  await page.waitForSelector('body[data-ready="true"]');
  return page;
}

/** Types a coordinate into the resident check and submits it. */
export async function typeCoordinate(page: Page, text: string, crs = 'WGS84'): Promise<void> {
  await page.fill('#typed', text);
  await page.selectOption('#crs', crs);
  await page.click('#typed-submit');
}

/** The page pixel of a WGS-84 position on the map (the map scrolled into view first). The pixel comes from the
 *  map's own projection, never from where text happens to be laid out, so it holds with any font. */
export async function mapPixel(page: Page, lng: number, lat: number): Promise<{ x: number; y: number }> {
  await page.locator('#map').scrollIntoViewIfNeeded();
  const box = await page.locator('#map').boundingBox();
  const at = await page.evaluate(
    ([x, y]) =>
      (
        window as unknown as { coalzone: { project: (a: number, b: number) => { x: number; y: number } } }
      ).coalzone.project(x as number, y as number),
    [lng, lat],
  );
  if (!box || at.x < 0 || at.y < 0 || at.x > box.width || at.y > box.height)
    throw new Error(
      `mapPixel: ${lng}, ${lat} is off the map (at ${Math.round(at.x)}, ${Math.round(at.y)} of ${box?.width}×${box?.height})`,
    );
  return { x: box.x + at.x, y: box.y + at.y };
}

/** Taps the map at a WGS-84 position. */
export async function tapMap(page: Page, lng: number, lat: number): Promise<void> {
  const at = await mapPixel(page, lng, lat);
  await page.mouse.click(at.x, at.y);
}
