#!/usr/bin/env node
// The `coalzone` command: runs the built CLI (dist-cli/cli.mjs, made by `npm run build:cli`, which npm's
// `prepare` runs on install) on plain Node. In a work tree where it has not been built yet, runs src/cli.ts
// through tsx if tsx is installed (a development dependency), else says how to build it.
import { existsSync } from 'node:fs';

// Output piped into `head` and closed early is not an error of ours: stop quietly.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });

const built = new URL('../dist-cli/cli.mjs', import.meta.url);
let main;
if (existsSync(built)) ({ main } = await import(built.href));
else {
  const tsx = await import('tsx/esm/api').catch(() => null);
  if (!tsx) {
    process.stderr.write('coalzone: the CLI is not built; run `npm run build:cli` in the coalzone folder\n');
    process.exit(3);
  }
  tsx.register();
  ({ main } = await import('../src/cli.ts'));
}
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  // main() answers every expected failure itself; anything else is ours: one line, no stack (exit 3).
  if (process.env.COALZONE_DEBUG === '1') process.stderr.write(`${error?.stack ?? error}\n`);
  process.stderr.write(`coalzone: 内部错误 / internal error: ${error?.message ?? String(error)}\n`);
  process.exitCode = 3;
}
