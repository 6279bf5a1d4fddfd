/**
 * Runs a benchmark as the code ships: bundled into one module (esbuild, as Vite bundles the app and the CLI),
 * then executed by plain Node. Under tsx every module is compiled on its own to CommonJS, and each read of
 * an imported constant or function goes through an export getter: on the geofence's hot loops that cost
 * 1.4–2× (decision 0032), which neither the app nor the CLI pays. Packages stay external (Turf and the
 * peers run from node_modules as they are).
 *
 *   tsx bench/run-bundled.ts bench/geofence.bench.ts [args…]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: tsx bench/run-bundled.ts BENCH.ts [args…]');
  process.exit(2);
}
const root = dirname(dirname(fileURLToPath(import.meta.url)));
// One directory below the repository, as bench/ is: `new URL('../data/…', import.meta.url)` still resolves.
const outdir = join(root, 'dist-bench');
mkdirSync(outdir, { recursive: true });
const outfile = join(outdir, basename(entry).replace(/\.ts$/, '.mjs'));
await build({
  entryPoints: [entry],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  outfile,
  logLevel: 'warning',
});
const run = spawnSync(process.execPath, [outfile, ...args], { stdio: 'inherit' });
process.exit(run.status ?? 1);
