/**
 * Node side of the browser benchmarks: serves the project with Vite's dev server on loopback, opens a bench
 * page in headless Chromium (with any extra flags the bench needs), waits for window.__results and prints them.
 */
import { createServer } from 'vite';
import { launch } from '../tests/helpers/browser.ts';

/** Runs bench/<page> (with `query`, e.g. "?zone=street5000") and prints its results under `title`. */
export async function runInBrowser(
  page: string,
  port: number,
  title: string,
  timeoutMs: number,
  browserArgs: string[] = [],
  query = '',
): Promise<void> {
  const server = await createServer({
    configFile: new URL('../vite.config.ts', import.meta.url).pathname,
    logLevel: 'warn',
    server: { host: '127.0.0.1', port, strictPort: true },
  });
  await server.listen();
  const browser = await launch(browserArgs);
  try {
    const tab = await browser.newPage();
    await tab.goto(`http://127.0.0.1:${port}/bench/${page}${query}`);
    await tab.waitForFunction(() => (window as unknown as { __results?: unknown }).__results !== undefined, undefined, {
      timeout: timeoutMs,
      polling: 1000,
    });
    const results = (await tab.evaluate(() => (window as unknown as { __results: unknown }).__results)) as Record<
      string,
      unknown
    >;
    console.log(`# ${title}`);
    for (const [k, v] of Object.entries(results)) console.log(`- ${k.trim()}: ${v}`);
  } finally {
    await browser.close();
    await server.close();
  }
}
