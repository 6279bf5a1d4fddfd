/**
 * npm run bench:tracks — 1,000 tracks of 2,000 points checked in a Web Worker in headless Chromium while
 * the page animates: tracks/s and the longest animation-frame gap (issue 5's measure).
 */
import { createServer } from 'vite';
import { launch } from '../tests/helpers/browser.ts';

const server = await createServer({
  configFile: new URL('../vite.config.ts', import.meta.url).pathname,
  logLevel: 'warn',
  server: { host: '127.0.0.1', port: 21_796, strictPort: true },
});
await server.listen();
const browser = await launch();
try {
  const page = await browser.newPage();
  await page.goto('http://127.0.0.1:21796/bench/tracks.html');
  await page.waitForFunction(() => (window as unknown as { __results?: unknown }).__results !== undefined, undefined, {
    timeout: 600_000,
    polling: 500,
  });
  const results = (await page.evaluate(() => (window as unknown as { __results: unknown }).__results)) as Record<
    string,
    unknown
  >;
  console.log('# route checks in a Web Worker, headless Chromium');
  for (const [k, v] of Object.entries(results)) console.log(`- ${k}: ${v}`);
} finally {
  await browser.close();
  await server.close();
}
