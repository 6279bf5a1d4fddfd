/**
 * npm run bench:records — the records store at scale in headless Chromium with real IndexedDB (issue 4's
 * measure): 100,000-record bulk insert, kind+time and bbox queries (goal under 50 ms), export and re-import
 * of 10,000 records with 100 photos. Starts Vite's dev server on loopback to serve bench/records.html.
 */
import { createServer } from 'vite';
import { launch } from '../tests/helpers/browser.ts';

const server = await createServer({
  configFile: new URL('../vite.config.ts', import.meta.url).pathname,
  logLevel: 'warn',
  server: { host: '127.0.0.1', port: 21_797, strictPort: true },
});
await server.listen();
const browser = await launch();
try {
  const page = await browser.newPage();
  await page.goto('http://127.0.0.1:21797/bench/records.html');
  await page.waitForFunction(() => (window as unknown as { __results?: unknown }).__results !== undefined, undefined, {
    timeout: 1_200_000,
    polling: 1000,
  });
  const results = (await page.evaluate(() => (window as unknown as { __results: unknown }).__results)) as Record<
    string,
    unknown
  >;
  console.log('# records store in headless Chromium (real IndexedDB)');
  for (const [k, v] of Object.entries(results)) console.log(`- ${k.trim()}: ${v}`);
} finally {
  await browser.close();
  await server.close();
}
