/**
 * npm run bench:tracks — 1,000 tracks of 2,000 points checked in a Web Worker in headless Chromium while
 * the page animates: tracks/s and the longest animation-frame gap (issue 5's measure). Runs bench/tracks.html.
 */
import { runInBrowser } from './run-in-browser.ts';

// --expose-gc: the page collects the garbage of generating its test data before each measured run, so the
// frame gaps measured are the check's, not the set-up's.
await runInBrowser('tracks.html', 21_796, 'route checks in a Web Worker, headless Chromium', 600_000, [
  '--js-flags=--expose-gc',
]);
