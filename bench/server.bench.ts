/**
 * npm run bench:server — the sync server on loopback (issue 13's figures): N phones (default 100) push their
 * chains at once (p50/p95 latency, records/s), then an incremental round (a few edits each, push + pull),
 * photo uploads, and — on a real PostgreSQL + PostGIS — "records inside zone version X" over a bulk table
 * (default 1,000,000 rows) by ST_Covers against the app's own core (src/geo locatePoints) on the same points.
 * Runs on PGlite, and on PostgreSQL when COALZONE_BENCH_DATABASE_URL or COALZONE_TEST_DATABASE_URL is set
 * (a fresh database each run). Sizes: PHONES, RECORDS (per phone), PHOTOS, BULK. The 50,000-photos-stored
 * figure is its own run: npm run bench:server-photos (bench/server-photos.bench.ts).
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { locatePoints } from '../src/geo/classify-batch.ts';
import { loadZone } from '../src/zones/catalogue.ts';
import { enrolAdmin, enrolPhone } from '../tests/server/helpers/enrolled-phones.ts';
import { freshDatabase, startTestServer, type Target } from '../tests/server/helpers/server-targets.ts';
import type { TestPhone } from '../tests/server/helpers/test-phone.ts';

const PHONES = Number(process.env.PHONES ?? 100);
const RECORDS = Number(process.env.RECORDS ?? 100);
const PHOTOS = Number(process.env.PHOTOS ?? 500);
const BULK = Number(process.env.BULK ?? 1_000_000);
const url = process.env.COALZONE_BENCH_DATABASE_URL ?? process.env.COALZONE_TEST_DATABASE_URL;

const ms = (t: number) => `${t.toFixed(0)} ms`;
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}
async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}
function ok(answer: { status: number; body: unknown }, what: string) {
  if (answer.status !== 200) throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
}

async function syncFigures(target: Target): Promise<void> {
  console.log(`\n## ${target.name}: ${PHONES} phones × ${RECORDS} records, ${PHOTOS} photos`);
  const test = await startTestServer(target, {
    limits: { enrolPerIp: { max: 100_000, windowS: 3600 } },
  });
  try {
    const admin = await enrolAdmin(test);
    const phones: TestPhone[] = [];
    for (let i = 0; i < PHONES; i++)
      phones.push(await enrolPhone(test, admin, { id: `police-${i % 10}`, role: 'police' }));
    for (const [i, phone] of phones.entries())
      for (let r = 0; r < RECORDS; r++)
        await phone.create(
          'checkpoint-inspection',
          { notes: `第 ${r} 辆` },
          { lng: 113.2 + ((i * 37 + r * 11) % 400) / 1000, lat: 40.0 + ((i * 13 + r * 7) % 200) / 1000 },
        );
    const bodies = await Promise.all(phones.map((p) => p.pushBody()));

    const first = await timed(() =>
      Promise.all(
        phones.map(async (phone, i) => {
          const t = await timed(() => phone.request('POST', '/sync/push', bodies[i]));
          ok(t.value, 'push');
          phone.pushedSeq = (bodies[i] as { head: { seq: number } }).head.seq;
          return t.ms;
        }),
      ),
    );
    const total = PHONES * RECORDS;
    console.log(
      `first sync, all at once: push p50 ${ms(percentile(first.value, 50))}, p95 ${ms(percentile(first.value, 95))}, ` +
        `max ${ms(Math.max(...first.value))}; ${total} records in ${ms(first.ms)} = ${Math.round(total / (first.ms / 1000))} records/s`,
    );

    for (const phone of phones)
      for (const id of [...phone.records.keys()].slice(0, 5))
        await phone.edit(id, (r) => ({ ...r, status: 'reviewed', updatedAt: new Date().toISOString() }));
    const second = await timed(() =>
      Promise.all(
        phones.map(async (phone) => {
          const t = await timed(async () => {
            const pushed = await phone.push();
            ok(pushed, 'push');
            const pulled = await phone.request('GET', `/sync/pull?after=${phone.cursor}&limit=500`);
            ok(pulled, 'pull');
            return pulled;
          });
          return t.ms;
        }),
      ),
    );
    console.log(
      `incremental sync (5 edits, push + first pull page of 500): p50 ${ms(percentile(second.value, 50))}, ` +
        `p95 ${ms(percentile(second.value, 95))}; all ${PHONES} in ${ms(second.ms)}`,
    );

    const photoSize = 100 * 1024;
    const photo = (n: number) => {
      const b = new Uint8Array(photoSize);
      b.set([0xff, 0xd8, 0xff, 0xe0]);
      new DataView(b.buffer).setUint32(8, n);
      return b;
    };
    const { createHash } = await import('node:crypto');
    const uploads = await timed(() =>
      Promise.all(
        phones.map(async (phone, i) => {
          const times: number[] = [];
          for (let k = i; k < PHOTOS; k += PHONES) {
            const bytes = photo(k);
            const hash = createHash('sha256').update(bytes).digest('hex');
            const t = await timed(() => phone.request('PUT', `/photos/${hash}?total=${bytes.length}`, bytes));
            ok(t.value, 'photo');
            times.push(t.ms);
          }
          return times;
        }),
      ),
    );
    const photoTimes = uploads.value.flat();
    console.log(
      `photos: ${PHOTOS} × 100 KiB uploaded by all phones at once in ${ms(uploads.ms)} ` +
        `(${((PHOTOS * photoSize) / 1024 / 1024 / (uploads.ms / 1000)).toFixed(1)} MiB/s), p50 ${ms(percentile(photoTimes, 50))}, p95 ${ms(percentile(photoTimes, 95))}`,
    );
  } finally {
    await test.dispose();
  }
}

async function zoneFigures(baseUrl: string): Promise<void> {
  console.log(`\n## PostGIS "records inside zone version 2024-106.trace-1" vs the app's core, ${BULK} records`);
  const database = await freshDatabase(baseUrl);
  const { openPostgres } = await import('../server/src/open-postgres.ts');
  const { migrate } = await import('../server/src/migrate.ts');
  const db = await openPostgres(database.url);
  try {
    await migrate(db);
    const zoneDoc = JSON.parse(
      readFileSync(new URL('../data/zones/datong-city-2024-106.geojson', import.meta.url), 'utf8'),
    );
    const zone = loadZone(zoneDoc, 'datong-city-2024-106');
    const load = await timed(() =>
      db.exec(`INSERT INTO records (id, kind, hash, body, lng, lat, status, deleted, changed_seq)
        SELECT 'bulk-' || g, 'sales-point', '', '{}'::jsonb,
               113.10 + (hashint8(g) % 100000 + 100000) % 100000 / 100000.0 * 0.45,
               39.95 + (hashint8(g + 7) % 100000 + 100000) % 100000 / 100000.0 * 0.30,
               'found', false, g
          FROM generate_series(1, ${BULK}) AS g;
        ANALYZE records;
        CREATE TABLE zones (id text PRIMARY KEY, geom geometry(Polygon, 4326));
        INSERT INTO zones VALUES ('2024-106.trace-1', ST_SetSRID(ST_GeomFromGeoJSON('${JSON.stringify(zoneDoc.geometry)}'), 4326));`),
    );
    console.log(`bulk load of ${BULK} rows (generate_series, generated geography column, GiST index): ${ms(load.ms)}`);
    const geography = `SELECT count(*)::int AS n FROM records r, zones z WHERE z.id = '2024-106.trace-1' AND ST_Covers(z.geom::geography, r.geog)`;
    const geometry = `SELECT count(*)::int AS n FROM records r, zones z WHERE z.id = '2024-106.trace-1' AND ST_Covers(z.geom, r.geog::geometry)`;
    const runs = async (sql: string) => {
      const times: number[] = [];
      let n = 0;
      for (let i = 0; i < 3; i++) {
        const t = await timed(() => db.query<{ n: number }>(sql));
        times.push(t.ms);
        n = t.value[0]?.n ?? 0;
      }
      return { n, median: percentile(times, 50) };
    };
    const g1 = await runs(geography);
    const g2 = await runs(geometry);
    const plan = (await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${geography}`))
      .map((r) => r['QUERY PLAN'])
      .join(' ');
    console.log(
      `PostGIS ST_Covers(geography): ${g1.n} inside, median of 3 ${ms(g1.median)} (${plan.includes('records_geog') ? 'uses the GiST index' : 'no index'})`,
    );
    console.log(`PostGIS ST_Covers(geometry, geog::geometry): ${g2.n} inside, median of 3 ${ms(g2.median)}`);
    const weekly = `SELECT kind, status, count(*)::int AS n FROM records WHERE updated_at > now() - interval '7 days' GROUP BY kind, status`;
    const week = await runs(`SELECT count(*)::int AS n FROM (${weekly}) AS w`);
    console.log(
      `weekly counts by kind and status over ${BULK} records (no index on updated_at): median of 3 ${ms(week.median)}`,
    );
    const fetchPoints = await timed(() => db.query<{ lng: number; lat: number }>('SELECT lng, lat FROM records'));
    const coords = new Float64Array(fetchPoints.value.length * 2);
    fetchPoints.value.forEach((p, i) => {
      coords[2 * i] = p.lng;
      coords[2 * i + 1] = p.lat;
    });
    const out = new Uint8Array(fetchPoints.value.length);
    const times: number[] = [];
    for (let i = 0; i < 3; i++) times.push((await timed(async () => locatePoints(zone.index, coords, out))).ms);
    let inside = 0;
    for (const v of out) inside += v;
    console.log(
      `app core locatePoints on the same ${fetchPoints.value.length} points: ${inside} inside, median of 3 ${ms(percentile(times, 50))} ` +
        `(+ ${ms(fetchPoints.ms)} to read them out of PostgreSQL); differs from PostGIS geometry by ${Math.abs(inside - g2.n)}, geography by ${Math.abs(inside - g1.n)}`,
    );
  } finally {
    await db.close();
    await database.drop();
  }
}

console.log(
  `# npm run bench:server — ${new Date().toISOString()}, ${availableParallelism()} cores, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
await syncFigures({ name: 'pglite' });
if (url) {
  await syncFigures({ name: 'postgres', baseUrl: url });
  if (BULK > 0) await zoneFigures(url);
} else
  console.log(
    '\n(no COALZONE_BENCH_DATABASE_URL / COALZONE_TEST_DATABASE_URL: PostgreSQL and PostGIS figures skipped)',
  );
