/**
 * Vitest global setup: builds dist-cli/cli.mjs once per test run, so the tests that spawn `bin/coalzone.mjs`
 * run the CLI users get (plain Node, no tsx), built from the sources under test — never a stale build.
 */
import { build } from 'vite';

export default async function setup(): Promise<void> {
  await build({ configFile: new URL('../../vite.cli.config.ts', import.meta.url).pathname, logLevel: 'warn' });
}
