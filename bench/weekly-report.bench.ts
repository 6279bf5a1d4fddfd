/**
 * npm run bench:weekly-report — the bureau's weekly report (server/src/weekly-report.ts) over a bulk table of
 * records (default BULK=1,000,000) spread over a year and over the four districts' extent, with bodies shaped
 * like the app's (createdAt, a status history of one to three steps, fields): the counts query (every live
 * record placed in a district), the changes query (the last week's new records and steps), the whole report,
 * and writing it as .xlsx and CSV. On PostgreSQL + PostGIS (COALZONE_BENCH_DATABASE_URL or
 * COALZONE_TEST_DATABASE_URL, a fresh database each run) and on PGlite (PGLITE_BULK, default 200,000: the
 * embedded store of a single machine; set 0 to skip). Figures are medians of RUNS (default 3).
 */
import { availableParallelism, loadavg } from 'node:os';
import type { Database } from '../server/src/database.ts';
import { migrate } from '../server/src/migrate.ts';
import { reportSums, type WeeklyReport, weeklyReport } from '../server/src/weekly-report.ts';
import { weeklyReportCsv } from '../server/src/weekly-report-csv.ts';
import { shippedDistricts } from '../server/src/weekly-report-districts.ts';
import { reportWeek } from '../server/src/weekly-report-week.ts';
import { weeklyReportXlsx } from '../server/src/weekly-report-xlsx.ts';
import { freshDatabase } from '../tests/server/helpers/server-targets.ts';

const BULK = Number(process.env.BULK ?? 1_000_000);
const PGLITE_BULK = Number(process.env.PGLITE_BULK ?? 200_000);
const RUNS = Number(process.env.RUNS ?? 3);
const url = process.env.COALZONE_BENCH_DATABASE_URL ?? process.env.COALZONE_TEST_DATABASE_URL;

/** "Now" of the benchmark: the report is for the week holding it, the records span the year before. */
const NOW = Date.parse('2026-12-03T08:00:00Z');
const YEAR_S = 365 * 86_400;

const ms = (t: number) => `${t.toFixed(0)} ms`;
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}
async function medianOf<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const times: number[] = [];
  let value: T | undefined;
  for (let i = 0; i < RUNS; i++) {
    const t = await timed(work);
    times.push(t.ms);
    value = t.value;
  }
  return { ms: median(times), value: value as T };
}

/** Inserts `n` records in batches of generate_series (one statement each, so PGlite's memory stays bounded). */
async function seed(db: Database, n: number): Promise<void> {
  const kinds = `(ARRAY['sales-point','appliance','violation-report','exempt-enterprise','checkpoint-inspection','checkpoint'])`;
  const first = `(ARRAY['found','found','received','active','recorded','staffed'])`;
  const second = `(ARRAY['ordered-to-stop','removed','assigned','suspended','reviewed','stood-down'])`;
  const batch = 100_000;
  for (let start = 1; start <= n; start += batch) {
    const end = Math.min(n, start + batch - 1);
    await db.exec(`
      INSERT INTO records (id, kind, hash, body, lng, lat, status, deleted, changed_seq, updated_at)
      SELECT 'bulk-' || g, k, md5(g::text), jsonb_build_object(
               'id', 'bulk-' || g, 'kind', k, 'schemaVersion', 1,
               'createdAt', to_char(c AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
               'updatedAt', to_char(u AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
               'deleted', false, 'deviceId', 'phone-' || (g % 500),
               'author', jsonb_build_object('role', 'market-regulation', 'officerId', 'officer-' || (g % 300)),
               'location', jsonb_build_object('lng', x, 'lat', y, 'accuracyM', 8, 'source', 'gps'),
               'zoneAnswer', null, 'photos', '[]'::jsonb, 'status', s,
               'statusHistory', CASE WHEN steps = 1
                 THEN jsonb_build_array(jsonb_build_object('status', s1, 'at', to_char(c AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'by', 'officer-7', 'note', ''))
                 ELSE jsonb_build_array(
                   jsonb_build_object('status', s1, 'at', to_char(c AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'by', 'officer-7', 'note', ''),
                   jsonb_build_object('status', s, 'at', to_char(u AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'by', 'officer-9', 'note', '已送达责令停止通知书', 'documentNumber', '同环责停〔2026〕' || g || '号'))
               END,
               'fields', jsonb_build_object('name', '煤店 ' || g, 'address', '平城区某路 ' || (g % 997) || ' 号', 'mode', 'fixed', 'sells', '["散煤"]'::jsonb, 'phone', '13812345678')),
             x, y, s, false, g, u
        FROM (
          SELECT g, k, s1, steps, CASE WHEN steps = 1 THEN s1 ELSE s2 END AS s, x, y, c,
                 c + ((hashint8(g + 3) % 72 + 72) % 72) * interval '1 hour' AS u
            FROM (
              SELECT g,
                     ${kinds}[1 + (g % 6)] AS k, ${first}[1 + (g % 6)] AS s1, ${second}[1 + (g % 6)] AS s2,
                     1 + ((hashint8(g + 1) % 2 + 2) % 2) AS steps,
                     112.85 + ((hashint8(g) % 100000 + 100000) % 100000) / 100000.0 * 1.0 AS x,
                     39.72 + ((hashint8(g + 7) % 100000 + 100000) % 100000) / 100000.0 * 0.70 AS y,
                     to_timestamp(${NOW / 1000 - YEAR_S} + ((hashint8(g + 11) % ${YEAR_S} + ${YEAR_S}) % ${YEAR_S})) AS c
                FROM generate_series(${start}, ${end}) AS g) AS a) AS b`);
  }
  await db.exec('ANALYZE records');
}

async function figures(name: string, db: Database, n: number): Promise<void> {
  console.log(`\n## ${name}: ${n} records`);
  await migrate(db);
  const load = await timed(() => seed(db, n));
  const size = await db.query<{ s: string }>("SELECT pg_size_pretty(pg_total_relation_size('records')) AS s");
  console.log(`seeded in ${ms(load.ms)} (records table with indexes: ${size[0]?.s})`);
  const week = reportWeek(undefined, NOW);
  const run = async (label: string) => {
    const report = await medianOf(() => weeklyReport(db, week, NOW));
    const r = report.value;
    const created = r.changes.filter((c) => c.type === 'created').length;
    console.log(
      `${label}: whole report median ${ms(report.ms)} — ${r.total} live records in ${r.counts.length} (kind, status, district) groups; ` +
        `week ${week.monday}: ${created} new, ${r.changes.length - created} status steps (placed by ${r.placedBy})`,
    );
    return r;
  };
  const report = await run('no index on updated_at');
  if (db.postgis) await compareWithCore(db, report);
  await db.exec('CREATE INDEX bench_records_updated_at ON records (updated_at); ANALYZE records');
  await run('with an index on updated_at');
  const xlsx = await medianOf(() => weeklyReportXlsx(report));
  const csvCounts = await medianOf(async () => weeklyReportCsv(report, 'counts'));
  const csvChanges = await medianOf(async () => weeklyReportCsv(report, 'changes'));
  console.log(
    `.xlsx written in ${ms(xlsx.ms)} (${(xlsx.value.byteLength / 1024).toFixed(0)} KiB); CSV counts ${ms(csvCounts.ms)}, ` +
      `changes ${ms(csvChanges.ms)} (${(Buffer.byteLength(csvChanges.value) / 1024).toFixed(0)} KiB)`,
  );
}

/** The same records placed by the app's own core: time, and whether every district's count agrees. */
async function compareWithCore(db: Database, report: WeeklyReport): Promise<void> {
  const read = await timed(() =>
    db.query<{ lng: number; lat: number }>('SELECT lng, lat FROM records WHERE NOT deleted'),
  );
  const districts = shippedDistricts();
  const place = await timed(async () => {
    const counts = new Map<number, number>();
    for (const p of read.value) {
      const d = districts.districtOf(p.lng, p.lat);
      counts.set(d, (counts.get(d) ?? 0) + 1);
    }
    return counts;
  });
  const postgis = reportSums(report).byDistrict;
  const differ = [...new Set([...postgis.keys(), ...place.value.keys()])].filter(
    (d) => postgis.get(d) !== place.value.get(d),
  );
  console.log(
    `app core on the same ${read.value.length} places: ${ms(place.ms)} (+ ${ms(read.ms)} to read them out); ` +
      `per-district counts ${differ.length === 0 ? 'identical to PostGIS' : `differ for ${differ.join(', ')}`}: ` +
      [...place.value].map(([d, n]) => `${districts.names.get(d)?.zh} ${n}`).join(', '),
  );
}

console.log(
  `# npm run bench:weekly-report — ${new Date().toISOString()}, ${availableParallelism()} cores, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
if (url && BULK > 0) {
  const database = await freshDatabase(url);
  const { openPostgres } = await import('../server/src/open-postgres.ts');
  const db = await openPostgres(database.url);
  try {
    await figures('PostgreSQL 15 + PostGIS', db, BULK);
  } finally {
    await db.close();
    await database.drop();
  }
} else console.log('\n(no COALZONE_BENCH_DATABASE_URL / COALZONE_TEST_DATABASE_URL: PostgreSQL figures skipped)');
if (PGLITE_BULK > 0) {
  const { openPglite } = await import('../server/src/open-pglite.ts');
  const db = await openPglite();
  try {
    await figures('PGlite (in memory)', db, PGLITE_BULK);
  } finally {
    await db.close();
  }
}
