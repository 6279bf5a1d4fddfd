/**
 * Measures the resident view in headless Chromium (a measurement, not a test): bundle sizes (gzip) of
 * what the first view loads, the embedded basemap's size, and the time from navigation to the first answer
 * (a shared link, so no typing is timed) and to the map being ready — online (cold, no service worker) and
 * offline (server stopped, served by the service worker). Median of RUNS (default 5). Then Lighthouse's mobile
 * preset, median (range) of LIGHTHOUSE_RUNS (default 3; 0 skips it): scripts/lighthouse-app.ts. Then a
 * 20,000-vertex zone package adopted from a file (scripts/measure-zone-adopt.ts; ZONE_ADOPT=0 skips it).
 * Run: npm run measure
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext } from 'playwright-core';
import { buildApp, launch, serve, stop } from '../tests/helpers/browser.ts';
import { lighthouseLines, lighthouseRuns } from './lighthouse-app.ts';
import { measureZoneAdopt } from './measure-zone-adopt.ts';

const RUNS = Number(process.env.RUNS ?? 5);
const LIGHTHOUSE_RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3);
const PORT = 21_799;
const dist = new URL('../dist/', import.meta.url).pathname;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function timings(context: BrowserContext, url: string): Promise<{ answer: number; map: number }> {
  const page = await context.newPage();
  await page.goto(`${url}?lng=113.300000&lat=40.092000`);
  await page.waitForSelector('[data-testid="verdict"]');
  await page.waitForSelector('body[data-map-ready="true"]', { timeout: 120_000 });
  const marks = await page.evaluate(() => ({
    answer: performance.getEntriesByName('coalzone:first-answer')[0]?.startTime ?? Number.NaN,
    map: performance.getEntriesByName('coalzone:map-ready')[0]?.startTime ?? Number.NaN,
  }));
  await page.close();
  return marks;
}

function sizes(): Record<string, string> {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const assets = readdirSync(join(dist, 'assets')).filter((f) => !f.endsWith('.map'));
  const gz = (f: string) => gzipSync(readFileSync(join(dist, 'assets', f))).length;
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  const initial = assets.filter((f) => html.includes(f));
  const chunk = (prefix: string) => assets.filter((f) => f.startsWith(prefix)).reduce((n, f) => n + gz(f), 0);
  return {
    'first view (index.html + entry JS + CSS, gzip)': kb(
      gzipSync(html).length + initial.reduce((n, f) => n + gz(f), 0),
    ),
    'map chunk (maplibre-gl + pmtiles + CSS, gzip)': kb(chunk('map-view')),
    'maplibre worker (gzip)': kb(chunk('maplibre-gl-worker')),
    'place search (gazetteer romanised at build time, gzip, on first search)': kb(chunk('place-search')),
    'online place search (天地图 client, gzip, on first online search)': kb(chunk('tianditu-search')),
    'QR encoder (lean-qr, gzip, on first opened share box)': kb(chunk('qr-code')),
    'checkpoint view (gzip, on first open)': kb(chunk('checkpoint-view')),
    'route worker (gzip, on first route check)': kb(chunk('route-worker')),
    'terra-draw + MapLibre adapter (gzip, on first drawn route)': kb(chunk('terra-draw')),
    'embedded basemap (datong.pmtiles)': kb(statSync(join(dist, 'basemap/datong.pmtiles')).size),
  };
}

await buildApp();
let { server, url } = await serve(PORT);
const browser: Browser = await launch();
const online: { answer: number; map: number }[] = [];
for (let r = 0; r < RUNS; r++) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  online.push(await timings(context, url));
  await context.close();
}
const context = await browser.newContext();
const warm = await context.newPage();
await warm.goto(url);
await warm.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
await warm.close();
await stop(server);
const offline: { answer: number; map: number }[] = [];
for (let r = 0; r < RUNS; r++) offline.push(await timings(context, url));
await context.close();
await browser.close();
({ server, url } = await serve(PORT));
const lighthouse = LIGHTHOUSE_RUNS > 0 ? await lighthouseRuns(url, LIGHTHOUSE_RUNS) : [];
await stop(server);

console.log(`# resident view, headless Chromium (SwiftShader), median of ${RUNS}`);
for (const [k, v] of Object.entries(sizes())) console.log(`- ${k}: ${v}`);
console.log(`- navigation → first answer, online (cold): ${median(online.map((t) => t.answer)).toFixed(0)} ms`);
console.log(
  `- navigation → first answer, offline (service worker): ${median(offline.map((t) => t.answer)).toFixed(0)} ms`,
);
console.log(`- navigation → map ready, online (cold): ${median(online.map((t) => t.map)).toFixed(0)} ms`);
console.log(`- navigation → map ready, offline: ${median(offline.map((t) => t.map)).toFixed(0)} ms`);
if (lighthouse.length > 0) for (const line of lighthouseLines(lighthouse)) console.log(line);
// A 20,000-vertex zone package adopted and answering (issue 12); ZONE_ADOPT=0 skips it.
if (process.env.ZONE_ADOPT !== '0') for (const line of await measureZoneAdopt()) console.log(line);
