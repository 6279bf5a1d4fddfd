/**
 * One browser-test file's app: built (with `buildEnv` set for the build only, e.g. VITE_* settings a test
 * build needs), served on `port`, and a Chromium launched — in beforeAll; closed in afterAll. The returned
 * object's `browser` and `url` are set once beforeAll has run.
 */
import type { Browser } from 'playwright-core';
import type { PreviewServer } from 'vite';
import { afterAll, beforeAll } from 'vitest';
import { buildApp, launch, serve, stop } from './browser.ts';

export interface AppUnderTest {
  browser: Browser;
  url: string;
}

export function appUnderTest(
  port: number,
  options: { buildEnv?: Record<string, string>; launchArgs?: string[]; launchEnv?: Record<string, string> } = {},
): AppUnderTest {
  const app = { browser: undefined, url: '' } as unknown as AppUnderTest;
  let server: PreviewServer | undefined;
  beforeAll(async () => {
    const env = Object.entries(options.buildEnv ?? {});
    for (const [name, value] of env) process.env[name] = value;
    try {
      await buildApp();
    } finally {
      for (const [name] of env) delete process.env[name];
    }
    const served = await serve(port);
    server = served.server;
    app.url = served.url;
    app.browser = await launch(options.launchArgs, options.launchEnv);
  });
  afterAll(async () => {
    await app.browser?.close();
    if (server) await stop(server).catch(() => undefined);
  });
  return app;
}
