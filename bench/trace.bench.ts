/**
 * `npm run bench:trace`: the tracer on a province-sized .osm.pbf with bounded memory.
 *
 * Generates (once, into /tmp, never committed) a synthetic extract of ≥ 5 M nodes and ≥ 500 k ways,
 * > 200 MB, with the synthetic city of tests/fixtures/trace hidden in it, then in fresh child processes:
 *   1. `coalzone zones trace` on it (three streamed passes), timing it and taking the child's peak RSS;
 *   2. the peer: osm-pbf-parser-node reading the same file once, counting elements (its default, all tags).
 * Reports time, peak memory, the ratio to the peer, and checks the trace equals the city's golden trace.
 * Options: --nodes N (default 36,000,000: ~215 MiB at ~6 bytes a node), --keep (reuse the file).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { syntheticCity } from '../scripts/make-trace-fixtures.ts';
import { OsmPbfWriter } from '../scripts/osm-pbf-writer.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const NODES = arg('--nodes', 36_000_000);
const FILE = `/tmp/coalzone-bench-province-${NODES}.osm.pbf`;
const here = fileURLToPath(import.meta.url);

/** A deterministic pseudo-random generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Writes the province: the city first (its ids are small), then noise roads across Shanxi's extent. */
function generate(): void {
  const fd = openSync(FILE, 'w');
  const writer = new OsmPbfWriter((bytes) => writeSync(fd, bytes), 1);
  const rnd = random(42);
  const city = syntheticCity();
  const PER_WAY = 10;
  const ways = Math.floor(NODES / PER_WAY);
  const base = 10_000_000;
  const names = Array.from(
    { length: 5000 },
    (_, i) => `测试${String.fromCharCode(0x4e00 + ((i * 7919) % 20000))}${i}路`,
  );
  for (const n of city.nodes) writer.node(n.id, n.lng, n.lat, n.tags);
  for (let w = 0; w < ways; w++) {
    // A road of 10 nodes, ~50 m apart, somewhere in Shanxi (110.2–114.6 E, 34.6–40.7 N).
    let lng = 110.2 + rnd() * 4.4;
    let lat = 34.6 + rnd() * 6.1;
    const heading = rnd() * 2 * Math.PI;
    for (let k = 0; k < PER_WAY; k++) {
      const id = base + w * PER_WAY + k;
      const tags =
        rnd() < 0.02
          ? { amenity: 'shop', name: (names[Math.floor(rnd() * names.length)] as string).replace('路', '店') }
          : null;
      writer.node(id, lng, lat, tags);
      lng += Math.cos(heading) * 0.0006 + (rnd() - 0.5) * 0.0002;
      lat += Math.sin(heading) * 0.0004 + (rnd() - 0.5) * 0.0002;
    }
  }
  for (const w of city.ways) writer.way(w.id, w.refs, w.tags);
  const classes = ['residential', 'tertiary', 'secondary', 'primary', 'service', 'unclassified'];
  for (let w = 0; w < ways; w++) {
    const refs = Array.from({ length: PER_WAY }, (_, k) => base + w * PER_WAY + k);
    writer.way(base + w, refs, {
      highway: classes[w % classes.length] as string,
      name: names[Math.floor(rnd() * names.length)] as string,
      ...(rnd() < 0.3 ? { ref: `X${Math.floor(rnd() * 900)}` } : {}),
      ...(rnd() < 0.2 ? { oneway: 'yes', lanes: String(1 + Math.floor(rnd() * 3)) } : {}),
      surface: rnd() < 0.5 ? 'asphalt' : 'concrete',
    });
  }
  for (const r of city.relations) writer.relation(r.id, r.members, r.tags);
  writer.end();
  closeSync(fd);
}

/** Child: the peer reads the whole file once. */
async function peer(): Promise<void> {
  const { createOSMStream } = await import('osm-pbf-parser-node');
  const start = performance.now();
  let count = 0;
  for await (const _ of createOSMStream(FILE)) count++;
  const ms = performance.now() - start;
  console.log(JSON.stringify({ ms, count, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
}

/** Child: the trace, through the CLI's own code. */
async function trace(): Promise<void> {
  const { main } = await import('../src/cli.ts');
  const sink = { write: () => true } as never;
  let progressLines = 0;
  const err = {
    write: (s: string) => {
      progressLines += s.split('\n').length - 1;
      return true;
    },
  } as never;
  const start = performance.now();
  const code = await main(['zones', 'trace', '--roads', FILE, '--out', `${FILE}.zone.geojson`], sink, err);
  const ms = performance.now() - start;
  console.log(JSON.stringify({ ms, code, progressLines, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
}

function child(mode: string): Record<string, number> {
  const r = spawnSync(process.execPath, ['--import', 'tsx', here, mode, '--nodes', String(NODES)], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`${mode} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() as string);
}

if (args.includes('--peer')) await peer();
else if (args.includes('--trace')) await trace();
else {
  if (!existsSync(FILE) || !args.includes('--keep')) {
    const start = performance.now();
    generate();
    console.log(`generated ${FILE} in ${((performance.now() - start) / 1000).toFixed(0)} s`);
  }
  const size = statSync(FILE).size;
  console.log(
    `extract: ${(size / 2 ** 20).toFixed(0)} MiB, ${NODES.toLocaleString()} + city nodes, ${(NODES / 10).toLocaleString()} + city ways`,
  );
  const t = child('--trace');
  const p = child('--peer');
  const zone = JSON.parse(readFileSync(`${FILE}.zone.geojson`, 'utf8'));
  const golden = JSON.parse(
    readFileSync(new URL('../tests/fixtures/trace/synthetic-city.trace.golden.geojson', import.meta.url), 'utf8'),
  );
  const same = JSON.stringify(zone.geometry) === JSON.stringify(golden.geometry);
  console.log(
    `trace (3 passes, exit ${t.code}): ${(t.ms! / 1000).toFixed(1)} s, peak RSS ${t.maxRssMiB!.toFixed(0)} MiB, ${t.progressLines} progress lines; same ring as the golden city trace: ${same}`,
  );
  console.log(
    `peer osm-pbf-parser-node (1 pass, ${p.count!.toLocaleString()} elements): ${(p.ms! / 1000).toFixed(1)} s, peak RSS ${p.maxRssMiB!.toFixed(0)} MiB`,
  );
  console.log(
    `ratio trace / peer: time ${(t.ms! / p.ms!).toFixed(2)}×, memory ${(t.maxRssMiB! / p.maxRssMiB!).toFixed(2)}×`,
  );
  console.log(execFileSync('nproc').toString().trim(), 'cores');
  if (!same || t.code !== 0) process.exitCode = 1;
}
