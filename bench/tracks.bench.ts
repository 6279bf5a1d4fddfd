/**
 * npm run bench:tracks — 1,000 tracks of 2,000 points checked in a Web Worker in headless Chromium while
 * the page animates: tracks/s and the longest animation-frame gap (issue 5's measure). Runs bench/tracks.html.
 * BENCH_ZONE=street5000 (or streetN) checks against a street-like zone of N vertices instead of the embedded
 * city zone.
 */
import { runInBrowser } from './run-in-browser.ts';

// --expose-gc: the page collects the garbage of generating its test data before each measured run, so the
// frame gaps measured are the check's, not the set-up's.
const zone = process.env.BENCH_ZONE;
if (zone !== undefined && !/^street\d+$/.test(zone)) throw new Error(`BENCH_ZONE must be streetN, got "${zone}"`);
await runInBrowser(
  'tracks.html',
  21_796,
  `route checks in a Web Worker, headless Chromium, ${zone ?? 'embedded city zone'}`,
  600_000,
  ['--js-flags=--expose-gc'],
  zone ? `?zone=${zone}` : '',
);
