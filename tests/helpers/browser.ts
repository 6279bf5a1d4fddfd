/**
 * Real-browser test helpers: build the app with Vite, serve dist/ with `vite preview` on loopback, and drive
 * Debian's Chromium (/usr/bin/chromium) with playwright-core. WebGL runs on SwiftShader.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { build, type PreviewServer, preview } from 'vite';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where the app is built: dist/ for scripts and benchmarks; under Vitest, a folder per worker slot, so two
 *  browser-test files running in parallel never build into (and serve from) the same folder at once. */
export const DIST =
  process.env.VITEST_POOL_ID === undefined
    ? 'dist'
    : `node_modules/.cache/coalzone-e2e/pool-${process.env.VITEST_POOL_ID}`;

/** Builds the app into DIST once per process. */
let built: Promise<unknown> | null = null;
export function buildApp(): Promise<unknown> {
  built ??= build({
    mode: 'production',
    logLevel: 'warn',
    configFile: new URL('../../vite.config.ts', import.meta.url).pathname,
    build: { outDir: DIST, emptyOutDir: true },
  });
  return built;
}

/** Serves DIST on 127.0.0.1 (a fixed port, so the origin — and its service worker — survive a restart). */
export async function serve(port: number): Promise<{ server: PreviewServer; url: string }> {
  const server = await preview({
    configFile: new URL('../../vite.config.ts', import.meta.url).pathname,
    logLevel: 'warn',
    build: { outDir: DIST },
    preview: { host: '127.0.0.1', port, strictPort: true },
  });
  const address = server.httpServer.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${address.port}/` };
}

/** Stops a preview server and waits for its sockets to close. */
export async function stop(server: PreviewServer): Promise<void> {
  await server.close();
}

/** Environment for Chromium under a fontconfig that knows Latin fonts only (DejaVu), as on a machine without
 *  Debian's fonts-noto-cjk: Chinese then renders as boxes and text metrics change, and the app must still work. */
export function latinFontsOnly(): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'coalzone-fonts-'));
  const conf = join(dir, 'fonts.conf');
  writeFileSync(
    conf,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n  <dir>/usr/share/fonts/truetype/dejavu</dir>\n  <cachedir>${dir}/cache</cachedir>\n</fontconfig>\n`,
  );
  return { ...(process.env as Record<string, string>), FONTCONFIG_FILE: conf };
}

/** Chromium's flags here: WebGL on SwiftShader (no GPU), no background network chatter. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--use-gl=angle',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Launches headless Chromium with WebGL on SwiftShader and no background network chatter (`env`: e.g.
 *  latinFontsOnly()). */
export async function launch(extraArgs: string[] = [], env?: Record<string, string>): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (.ci/run does)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    ...(env ? { env } : {}),
    args: [...CHROMIUM_FLAGS, ...extraArgs],
  });
}
