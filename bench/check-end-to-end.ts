/**
 * npm run bench:check — `coalzone check` end to end against the plain Turf script (bench/plain-turf-check.ts):
 * 200,000 points (BENCH_POINTS) against a valid street-like zone of 5,000 vertices (BENCH_VERTICES), each run
 * under /usr/bin/time -v for wall time and peak memory (maximum resident set size), BENCH_REPS times
 * alternately; medians are printed. The CLI is the built one (vite, as `npm ci` builds it), written to
 * node_modules/.cache so dist-cli/ is left alone; the Turf script runs through tsx, whose own start-up is
 * measured too (an empty script) so it can be told apart.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateZone } from '../src/geo/validate-zone.ts';
import type { ZoneFeature } from '../src/geo/zone.ts';
import { random } from '../tests/helpers/random-zones.ts';
import { streetZoneFeature } from './street-zone-feature.ts';

const POINTS = Number(process.env.BENCH_POINTS ?? 200_000);
const VERTICES = Number(process.env.BENCH_VERTICES ?? 5_000);
const REPS = Number(process.env.BENCH_REPS ?? 3);
const root = new URL('..', import.meta.url).pathname;
const work = join(tmpdir(), `coalzone-check-bench-${process.pid}`);
mkdirSync(work, { recursive: true });

// A valid zone file: the embedded zone's properties on a street-like ring, every vertex described.
const city = JSON.parse(readFileSync(join(root, 'data/zones/datong-city-2024-106.geojson'), 'utf8')) as ZoneFeature;
const zone = streetZoneFeature(city, VERTICES);
const ring = zone.geometry.coordinates[0] as number[][];
const validation = validateZone(zone);
if (!validation.valid) throw new Error(`bench zone is invalid: ${JSON.stringify(validation.reasons.slice(0, 3))}`);
const zoneFile = join(work, 'zone.geojson');
writeFileSync(zoneFile, JSON.stringify(zone));

// Points in the zone's bbox widened by 20% a side, as the geofence bench draws them.
const xs = ring.map((p) => p[0] as number);
const ys = ring.map((p) => p[1] as number);
const [w, e, s, n] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
const rand = random(7);
const rows = ['lng,lat'];
for (let i = 0; i < POINTS; i++)
  rows.push(
    `${(w - (e - w) * 0.2 + rand() * (e - w) * 1.4).toFixed(7)},${(s - (n - s) * 0.2 + rand() * (n - s) * 1.4).toFixed(7)}`,
  );
const pointsFile = join(work, 'points.csv');
writeFileSync(pointsFile, `${rows.join('\n')}\n`);

const cliDir = join(root, 'node_modules/.cache/coalzone-bench-cli');
execFileSync('npx', ['vite', 'build', '--config', 'vite.cli.config.ts', '--outDir', cliDir], {
  cwd: root,
  stdio: 'inherit',
});

/** Wall seconds and peak RSS (MB) of one command, its stdout to a file. */
function timed(command: string[], out: string): { seconds: number; mb: number } {
  const run = spawnSync('/usr/bin/time', ['-v', ...command], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1 << 30,
  });
  if (run.status !== 0)
    throw new Error(`${command.join(' ')} failed (${run.status}): ${run.stderr.toString().slice(-500)}`);
  writeFileSync(out, run.stdout);
  const report = run.stderr.toString();
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(report);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(report);
  if (!wall || !rss) throw new Error(`no /usr/bin/time report:\n${report.slice(-500)}`);
  return { seconds: Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]), mb: Number(rss[1]) / 1024 };
}

const tsx = join(root, 'node_modules/.bin/tsx');
const empty = join(work, 'empty.ts');
writeFileSync(empty, '');
const runs = {
  coalzone: [] as { seconds: number; mb: number }[],
  turf: [] as { seconds: number; mb: number }[],
  tsxStart: [] as { seconds: number; mb: number }[],
};
for (let r = 0; r < REPS; r++) {
  runs.coalzone.push(
    timed(['node', join(cliDir, 'cli.mjs'), 'check', pointsFile, '--zone', zoneFile], join(work, 'coalzone.csv')),
  );
  runs.turf.push(timed([tsx, join(root, 'bench/plain-turf-check.ts'), pointsFile, zoneFile], join(work, 'turf.csv')));
  runs.tsxStart.push(timed([tsx, empty], join(work, 'empty.out')));
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] as number;
const row = (name: string, list: { seconds: number; mb: number }[]) =>
  `| ${name} | ${median(list.map((x) => x.seconds)).toFixed(2)} s | ${median(list.map((x) => x.mb)).toFixed(0)} MB |`;
console.log(
  `# coalzone check vs plain Turf — ${POINTS} points, ${VERTICES}-vertex zone, medians of ${REPS} (/usr/bin/time -v)`,
);
console.log('| run | wall | peak RSS |\n|---|---:|---:|');
console.log(row('coalzone check (built CLI, full answer per point)', runs.coalzone));
console.log(row('plain Turf script (tsx, booleanPointInPolygon per point)', runs.turf));
console.log(row('  of which tsx start-up (empty script)', runs.tsxStart));
const speedup = median(runs.turf.map((x) => x.seconds)) / median(runs.coalzone.map((x) => x.seconds));
console.log(`coalzone is ${speedup.toFixed(1)}× faster (goal ≥ 4×); files in ${work}`);
// The two must agree on every point's side of the line (Turf: inside or on it; coalzone: traced inside).
const ours = readFileSync(join(work, 'coalzone.csv'), 'utf8').split('\n').slice(1).filter(Boolean);
const theirs = readFileSync(join(work, 'turf.csv'), 'utf8').split('\n').slice(1).filter(Boolean);
let disagree = 0;
for (let i = 0; i < theirs.length; i++) {
  const traced = (ours[i] as string).split(',')[5];
  if ((traced === 'inside') !== ((theirs[i] as string).split(',')[3] === 'inside')) disagree++;
}
console.log(`answers compared: ${theirs.length}, disagreements on inside/outside: ${disagree}`);
