/**
 * Renders public/icons/icon.svg to the PNG sizes the manifest lists (192, 512), with headless Chromium.
 * Run: npx tsx scripts/make-icons.ts (needs /usr/bin/chromium).
 */
import { readFileSync } from 'node:fs';
import { launch } from '../tests/helpers/browser.ts';

const svg = readFileSync(new URL('../public/icons/icon.svg', import.meta.url), 'utf8');
const browser = await launch();
for (const size of [192, 512]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(
    `<html><body style="margin:0">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
  );
  await page.screenshot({
    path: new URL(`../public/icons/icon-${size}.png`, import.meta.url).pathname,
    omitBackground: true,
  });
  await page.close();
}
await browser.close();
console.log('wrote public/icons/icon-192.png and icon-512.png');
