/**
 * npm run bench:records — the records store at scale in headless Chromium with real IndexedDB (issue 4's
 * measure): 100,000-record bulk insert, kind+time and bbox queries (goal under 50 ms), export and re-import
 * of 10,000 records with 100 photos. Runs bench/records.html.
 */
import { runInBrowser } from './run-in-browser.ts';

await runInBrowser('records.html', 21_797, 'records store in headless Chromium (real IndexedDB)', 1_200_000);
