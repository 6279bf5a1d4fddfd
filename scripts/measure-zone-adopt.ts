/**
 * A street-precision zone reaching a phone (a measurement, not a test): the app built trusting a key made
 * here (VITE_TRUSTED_ZONE_KEYS), in headless Chromium at 390×844, is given a signed package of the city zone
 * traced at VERTICES vertices (default 20,000; bench/street-zone-feature.ts, every vertex described) as a
 * file in the 区域 tab, as an officer would choose it. Timed, median of RUNS (default 3), a fresh profile each:
 * - choosing the file → the package checked (signature, zone validity) and its preview shown (what changes
 *   for this phone's records);
 * - the app, restarted by 采用此版本, from navigation to its first answer (a shared link's), now answering
 *   from the kept package — the index built on the phone from the package, at every start;
 * - the same first answer with the embedded 25-edge zone, for comparison (issue 12: "no slower than today").
 * Run: npm run measure:zone-adopt (also at the end of npm run measure).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { build, preview } from 'vite';
import { streetZoneFeature } from '../bench/street-zone-feature.ts';
import { validateZone } from '../src/geo/validate-zone.ts';
import type { ZoneFeature } from '../src/geo/zone.ts';
import { exportPublicKey, generateDeviceKey } from '../src/records/device-key.ts';
import { signZonePackage, type TrustedKey } from '../src/zones/zone-package.ts';
import { launch } from '../tests/helpers/browser.ts';

const VERTICES = Number(process.env.VERTICES ?? 20_000);
const RUNS = Number(process.env.RUNS ?? 3);
const PORT = 21_803;
const CONFIG = new URL('../vite.config.ts', import.meta.url).pathname;
const OUT = 'node_modules/.cache/coalzone-measure-zone-adopt';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const phone = { viewport: { width: 390, height: 844 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
const LINK = '?lng=113.300000&lat=40.092000';

/** The package: the city zone's id and properties on a street-like ring of VERTICES vertices. */
async function makePackage(): Promise<{ text: string; trusted: TrustedKey; version: string }> {
  const city = JSON.parse(
    readFileSync(new URL('../data/zones/datong-city-2024-106.geojson', import.meta.url), 'utf8'),
  ) as ZoneFeature;
  const street = streetZoneFeature(city, VERTICES);
  const version = `2024-106.street-${VERTICES}`;
  const zone: ZoneFeature = {
    ...street,
    properties: { ...street.properties, id: city.properties.id, version, status: city.properties.status },
  };
  const check = validateZone(zone);
  if (!check.valid) throw new Error(`the measured zone is invalid: ${JSON.stringify(check.reasons.slice(0, 3))}`);
  const pair = await generateDeviceKey();
  const publicKey = await exportPublicKey(pair.publicKey);
  const authority = '大同市生态环境局（测量用）';
  const signed = await signZonePackage(
    zone,
    { privateKey: pair.privateKey, publicKey },
    { authority, sequence: 1, note: `${VERTICES} 个顶点的街道级描绘（测量用）`, publishedAt: '2026-12-04T00:00:00Z' },
  );
  return {
    text: JSON.stringify(signed),
    trusted: { authority, zoneIds: [city.properties.id], key: publicKey },
    version,
  };
}

/** Navigation → the app's first answer (the embedded zone answers first, at once), and → the answer from the
 *  kept package (read from IndexedDB, its signature checked again, its index built), of the shared link. */
async function answers(context: BrowserContext, url: string, version?: string): Promise<[number, number, number]> {
  const page = await context.newPage();
  // The page's longest main-thread task until then: how long a tap could wait while the zone loads.
  await page.addInitScript(() => {
    const w = window as unknown as { __longest: number };
    w.__longest = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__longest = Math.max(w.__longest, entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(url + LINK);
  await page.waitForSelector('[data-testid="verdict"]', { timeout: 120_000 });
  if (version) {
    await page.waitForSelector(`body[data-zone-version="${version}"]`);
    await page.waitForFunction(() => performance.getEntriesByName('coalzone:package-answer').length > 0);
  }
  const marks = await page.evaluate(() => [
    ...['coalzone:first-answer', 'coalzone:package-answer'].map(
      (n) => performance.getEntriesByName(n)[0]?.startTime ?? Number.NaN,
    ),
    (window as unknown as { __longest: number }).__longest,
  ]);
  await page.close();
  return marks as [number, number, number];
}

/** One run: choose the file, wait for the check and preview, adopt, and time the restarted app's answer. */
async function adoptRun(browser: Browser, url: string, file: string, version: string) {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  await page.goto(url + LINK);
  await page.waitForSelector('body[data-ready="true"]');
  await page.click('#tab-zones');
  await page.waitForSelector('body[data-zones-ready="true"]');
  const chosen = performance.now();
  await page.setInputFiles('#package-file', file);
  await page.waitForSelector('[data-testid="package-adopt"]', { timeout: 120_000 });
  const checkedMs = performance.now() - chosen;
  const code = await page.locator('[data-testid="package-status"]').getAttribute('data-code');
  if (code !== 'OK') throw new Error(`the package was refused: ${code}`);
  const adopted = performance.now();
  await Promise.all([page.waitForEvent('load'), page.click('[data-testid="package-adopt"]')]);
  await page.waitForSelector(`body[data-zone-version="${version}"]`, { timeout: 120_000 });
  const restartedMs = performance.now() - adopted;
  await page.close();
  // A later start, the package already kept (and the app cached by its service worker).
  const [firstMs, packageMs, longestMs] = await answers(context, url, version);
  await context.close();
  // The embedded zone alone, the app cached the same way: a profile that has opened it once.
  const builtIn = await browser.newContext(phone);
  await answers(builtIn, url);
  const [embeddedMs, , embeddedLongestMs] = await answers(builtIn, url);
  await builtIn.close();
  return { checkedMs, restartedMs, firstMs, packageMs, longestMs, embeddedMs, embeddedLongestMs };
}

export async function measureZoneAdopt(): Promise<string[]> {
  const { text, trusted, version } = await makePackage();
  const file = join(tmpdir(), `coalzone-street-${VERTICES}.package.json`);
  writeFileSync(file, text);
  process.env.VITE_TRUSTED_ZONE_KEYS = JSON.stringify([trusted]);
  try {
    await build({
      mode: 'production',
      logLevel: 'warn',
      configFile: CONFIG,
      build: { outDir: OUT, emptyOutDir: true },
    });
  } finally {
    delete process.env.VITE_TRUSTED_ZONE_KEYS;
  }
  const server = await preview({
    configFile: CONFIG,
    logLevel: 'warn',
    build: { outDir: OUT },
    preview: { host: '127.0.0.1', port: PORT, strictPort: true },
  });
  const url = `http://127.0.0.1:${PORT}/`;
  const browser = await launch();
  const runs: Awaited<ReturnType<typeof adoptRun>>[] = [];
  try {
    for (let r = 0; r < RUNS; r++) runs.push(await adoptRun(browser, url, file, version));
  } finally {
    await browser.close();
    await server.close();
    rmSync(file, { force: true });
  }
  const m = (k: keyof (typeof runs)[number]) => `${median(runs.map((x) => x[k])).toFixed(0)} ms`;
  return [
    `# a ${VERTICES.toLocaleString('en')}-vertex zone package on a phone (390×844, headless Chromium), median of ${RUNS}`,
    `- package file: ${(text.length / 1e6).toFixed(1)} MB`,
    `- file chosen → checked (signature, validity) and previewed: ${m('checkedMs')}`,
    `- 采用此版本 → the restarted app answering from it: ${m('restartedMs')}`,
    `- a later start, the package kept: navigation → first answer (embedded zone, named on the card) ${m('firstMs')}, → the answer from the package ${m('packageMs')}`,
    `- longest main-thread task of that start: ${m('longestMs')}`,
    `- navigation → first answer, the embedded zone only (same runs, app cached alike): ${m('embeddedMs')}; longest task ${m('embeddedLongestMs')}`,
  ];
}

if (process.argv[1] && new URL(import.meta.url).pathname === process.argv[1])
  for (const line of await measureZoneAdopt()) console.log(line);
