/**
 * Lighthouse on the built app (a measurement, not a test): Lighthouse 12's mobile preset (Moto G Power screen,
 * simulated slow 4G and 4× CPU), Debian's Chromium headless on SwiftShader, the app served by `vite preview` on
 * loopback. RUNS runs (default 3), each in a fresh Chromium profile; prints the median and range of the four
 * category scores, LCP, TBT and CLS, and whether the map's chunk was loaded in every run (the goal is "with
 * the map on": a run that never loaded the map would measure a different app).
 * Run: npx tsx scripts/lighthouse-app.ts   (npm run measure prints the same figures after its own)
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import { buildApp, CHROMIUM, CHROMIUM_FLAGS, serve, stop } from '../tests/helpers/browser.ts';

export type LighthouseRun = {
  performance: number;
  accessibility: number;
  bestPractices: number;
  seo: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  mapLoaded: boolean;
  /** Audits below a full score in the three non-performance categories (to say what keeps one under 100). */
  failing: string[];
};

/** Starts Chromium with a DevTools port (the port Chromium picks, read from DevToolsActivePort). */
async function startChromium(): Promise<{ port: number; close: () => Promise<void> }> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  const profile = mkdtempSync(join(tmpdir(), 'coalzone-lighthouse-'));
  const child = spawn(
    CHROMIUM,
    [
      '--headless=new',
      ...CHROMIUM_FLAGS,
      '--no-default-browser-check',
      `--user-data-dir=${profile}`,
      '--remote-debugging-port=0',
      'about:blank',
    ],
    // Its own process group, so closing ends Chromium's helper processes too.
    { stdio: 'ignore', detached: true },
  );
  const portFile = join(profile, 'DevToolsActivePort');
  const deadline = Date.now() + 30_000;
  while (!existsSync(portFile) || readFileSync(portFile, 'utf8').split('\n').length < 2) {
    if (child.exitCode !== null) throw new Error(`Chromium exited with code ${child.exitCode} before it listened`);
    if (Date.now() > deadline) throw new Error('Chromium did not open its DevTools port within 30 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  const port = Number(readFileSync(portFile, 'utf8').split('\n')[0]);
  return {
    port,
    close: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
      await exited;
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    },
  };
}

/** One Lighthouse run (mobile preset, the default config) against `url`. */
export async function lighthouseOnce(url: string): Promise<LighthouseRun> {
  const chromium = await startChromium();
  try {
    const result = await lighthouse(url, {
      port: chromium.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
    });
    if (!result) throw new Error('Lighthouse returned no result');
    const { lhr } = result;
    // LIGHTHOUSE_JSON=dir keeps each run's full report, to see what the blocking time is made of.
    if (process.env.LIGHTHOUSE_JSON)
      writeFileSync(join(process.env.LIGHTHOUSE_JSON, `lighthouse-${Date.now()}.json`), JSON.stringify(lhr));
    if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    const score = (id: string) => Math.round((lhr.categories[id]?.score ?? Number.NaN) * 100);
    const value = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
    const requests = (lhr.audits['network-requests']?.details as { items?: { url?: string }[] } | undefined)?.items;
    const failing = ['accessibility', 'best-practices', 'seo'].flatMap((category) =>
      (lhr.categories[category]?.auditRefs ?? [])
        .filter((ref) => ref.weight > 0 && (lhr.audits[ref.id]?.score ?? 1) < 1)
        .map((ref) => `${category}/${ref.id}`),
    );
    return {
      performance: score('performance'),
      accessibility: score('accessibility'),
      bestPractices: score('best-practices'),
      seo: score('seo'),
      lcpMs: value('largest-contentful-paint'),
      tbtMs: value('total-blocking-time'),
      cls: value('cumulative-layout-shift'),
      mapLoaded: (requests ?? []).some((r) => /\/assets\/map-view-[^/]*\.js$/.test(r.url ?? '')),
      failing,
    };
  } finally {
    await chromium.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** Lines in the style of `npm run measure`: median (range) of each figure over `runs`. */
export function lighthouseLines(runs: LighthouseRun[]): string[] {
  const figure = (label: string, pick: (r: LighthouseRun) => number, format: (n: number) => string) => {
    const xs = runs.map(pick);
    return `- ${label}: ${format(median(xs))} (${format(Math.min(...xs))}–${format(Math.max(...xs))})`;
  };
  const whole = (n: number) => n.toFixed(0);
  const ms = (n: number) => `${n.toFixed(0)} ms`;
  const failing = [...new Set(runs.flatMap((r) => r.failing))];
  return [
    `# Lighthouse 12 mobile preset (simulated slow 4G, 4× CPU), headless Chromium, median (range) of ${runs.length}`,
    figure('performance', (r) => r.performance, whole),
    figure('accessibility', (r) => r.accessibility, whole),
    figure('best practices', (r) => r.bestPractices, whole),
    figure('SEO', (r) => r.seo, whole),
    figure('largest contentful paint', (r) => r.lcpMs, ms),
    figure('total blocking time', (r) => r.tbtMs, ms),
    figure(
      'cumulative layout shift',
      (r) => r.cls,
      (n) => n.toFixed(3),
    ),
    `- map chunk loaded during the run: ${runs.filter((r) => r.mapLoaded).length} of ${runs.length}`,
    ...(failing.length ? [`- audits below full score: ${failing.join(', ')}`] : []),
  ];
}

/** `runs` Lighthouse runs against `url`, one after the other. */
export async function lighthouseRuns(url: string, runs: number): Promise<LighthouseRun[]> {
  const out: LighthouseRun[] = [];
  for (let i = 0; i < runs; i++) out.push(await lighthouseOnce(url));
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3);
  await buildApp();
  const { server, url } = await serve(Number(process.env.PORT ?? 21_798));
  try {
    const runs = await lighthouseRuns(url, RUNS);
    for (const line of lighthouseLines(runs)) console.log(line);
  } finally {
    await stop(server);
  }
}
