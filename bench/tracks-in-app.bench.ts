/**
 * npm run bench:app-tracks — the route check as an officer runs it, in the built app (headless Chromium,
 * WebGL map on SwiftShader): a folder of 1,000 GPX files of 2,000 points each (1 fix/s, random drives across
 * the city) chosen in 卡点 → 路线核查; the files are read, parsed and checked in the route worker. Reports
 * files/s (from choosing the folder to the results on screen) and the page's longest gap between animation
 * frames meanwhile, against the same page idle. Not a test: a measurement.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, launch, serve, stop } from '../tests/helpers/browser.ts';
import { gpx } from '../tests/helpers/checkpoint-files.ts';
import { random } from '../tests/helpers/random-zones.ts';

const FILES = Number(process.env.BENCH_FILES ?? 1000);
const POINTS = 2000;

const dir = mkdtempSync(join(tmpdir(), 'coalzone-app-tracks-'));
const rand = random(2024_106);
let bytes = 0;
for (let k = 0; k < FILES; k++) {
  const fixes: number[][] = [];
  let x = 113.24 + rand() * 0.15;
  let y = 40.05 + rand() * 0.107;
  let h = rand() * 6.28;
  for (let i = 0; i < POINTS; i++) {
    fixes.push([x, y]);
    h += (rand() - 0.5) * 0.3;
    x += Math.cos(h) * 0.00018;
    y += Math.sin(h) * 0.000135;
  }
  const text = gpx(`晋B${String(10000 + k)}`, fixes, 1);
  bytes += text.length;
  writeFileSync(join(dir, `truck-${k}.gpx`), text);
}

await buildApp();
const { server, url } = await serve(21_795);
const browser = await launch();
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await page.goto(url);
  await page.waitForSelector('body[data-map-ready="true"]', { timeout: 120_000 });
  await page.click('#tab-checkpoints');
  await page.waitForSelector('body[data-checkpoints-ready="true"]');
  await page.click('#cp-route > summary');
  // Plain script text: tsx would wrap named functions in a helper the page does not have. Each probe counts
  // the gaps between animation frames, and notes the route progress text at the end of each gap.
  const probe = () =>
    page.evaluate(`(() => {
      const gap = { run: true, gaps: [] };
      window.__gap = gap;
      let last = performance.now();
      const tick = (now) => {
        const progress = document.querySelector('[data-testid="route-progress"]')?.textContent ?? '';
        gap.gaps.push([now - last, progress]);
        last = now;
        if (gap.run) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    })()`);
  const stopProbe = () =>
    page.evaluate('(() => { window.__gap.run = false; return window.__gap.gaps; })()') as Promise<[number, string][]>;
  const longest = (gaps: [number, string][]) => Math.max(0, ...gaps.map((g) => g[0]));
  await probe();
  await page.waitForTimeout(3000);
  const idle = longest(await stopProbe());
  // The same folder given to a bare input that no code listens to: what choosing the files costs by itself.
  await page.evaluate(
    `(() => { const i = document.createElement('input'); i.type = 'file'; i.id = 'bare'; i.webkitdirectory = true; document.body.append(i); })()`,
  );
  await probe();
  await page.setInputFiles('#bare', dir);
  await page.waitForTimeout(1500);
  const bare = longest(await stopProbe());
  await probe();
  const t0 = Date.now();
  await page.setInputFiles('#route-folder', dir);
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid="route-progress"]')?.textContent?.includes(`${n} 个文件、`),
    FILES,
    { timeout: 1_200_000, polling: 200 },
  );
  const seconds = (Date.now() - t0) / 1000;
  const gaps = await stopProbe();
  // From the first frame that shows the check running (the file selection itself is behind us).
  // Once the first answers are back, the browser has taken the folder (a cost it has with no code attached,
  // measured above on a bare input) and the app is reading and checking.
  const started = gaps.findIndex((g) => g[1].startsWith('已核查'));
  const whileChecking = longest(gaps.slice(started));
  const beforeFirstAnswers = longest(gaps.slice(0, started));
  const counts = await page.locator('[data-testid="route-counts"]').textContent();
  console.log('# route check of a folder of GPX files in the built app (headless Chromium, this machine)');
  console.log(`- files: ${FILES} × ${POINTS} points (${(bytes / 2 ** 20).toFixed(0)} MiB of GPX)`);
  console.log(`- files/s (folder chosen → results shown): ${(FILES / seconds).toFixed(0)} (${seconds.toFixed(1)} s)`);
  console.log(`- points/s: ${((FILES * POINTS) / seconds / 1e6).toFixed(2)} M`);
  console.log(`- longest frame gap while the app reads and checks (ms): ${whileChecking.toFixed(1)}`);
  console.log(
    `- longest frame gap from choosing the folder to the first answers (ms): ${beforeFirstAnswers.toFixed(1)}`,
  );
  console.log(`- the same for the folder given to a bare input with no code attached (ms): ${bare.toFixed(1)}`);
  console.log(`- longest frame gap, same page idle for 3 s (ms): ${idle.toFixed(1)}`);
  console.log(`- answers: ${counts}`);
} finally {
  await browser.close();
  await stop(server);
  rmSync(dir, { recursive: true, force: true });
}
