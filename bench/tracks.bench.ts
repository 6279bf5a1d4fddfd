/**
 * npm run bench:tracks — 1,000 tracks of 2,000 points checked in a Web Worker in headless Chromium while
 * the page animates: tracks/s and the longest animation-frame gap (issue 5's measure). Runs bench/tracks.html.
 */
import { runInBrowser } from './run-in-browser.ts';

await runInBrowser('tracks.html', 21_796, 'route checks in a Web Worker, headless Chromium', 600_000);
