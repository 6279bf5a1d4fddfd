/**
 * Runs inside headless Chromium (served by Vite's dev server, driven by bench/records.bench.ts): real
 * IndexedDB. Bulk-inserts 100,000 records, times queries by kind + time range and by bbox (median of 7),
 * then exports and re-imports 10,000 records with 100 photos. Results land in window.__results.
 */

import type { RecordInput } from '../src/records/validate-record.ts';
import { exportBundle, importBundle } from '../src/store/backup.ts';
import { RecordsDatabase } from '../src/store/records-db.ts';
import { addPhoto, createRecords, listRecords, recordsInBbox } from '../src/store/records-repo.ts';
import { publishResults } from './publish-results.ts';

const ctx = { author: { role: 'county' as const, officerId: 'BENCH' }, zoneAnswer: null };
const KINDS = ['sales-point', 'appliance', 'violation-report', 'exempt-enterprise'] as const;
const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1);

function input(i: number): RecordInput & { createdAt: string } {
  const kind = KINDS[i % 4] as (typeof KINDS)[number];
  const location = {
    lng: 113.15 + ((i * 7919) % 10_000) / 25_000,
    lat: 39.98 + ((i * 104_729) % 10_000) / 40_000,
    accuracyM: 10,
    source: 'gps' as const,
  };
  const createdAt = new Date(START + (i % 200) * DAY + (i % 1000) * 60_000).toISOString();
  const fields =
    kind === 'sales-point'
      ? { name: `煤店${i}`, operator: '', address: '', mode: 'fixed', sells: ['散煤'], phone: '' }
      : kind === 'appliance'
        ? { type: 'boiler', owner: `单位${i}`, address: '', conversion: 'none' }
        : kind === 'violation-report'
          ? { what: 'burning', description: '', observedAt: createdAt, contact: null }
          : { name: `企业${i}`, category: 'central-heating', permitNumber: `P${i}`, address: '' };
  return { kind, location, fields, createdAt } as never;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const out = await fn();
  return [performance.now() - t, out];
}

async function run() {
  const results: Record<string, string | number> = {};
  await new Promise<void>((resolve) => {
    const r = indexedDB.deleteDatabase('bench-100k');
    r.onsuccess = r.onerror = r.onblocked = () => resolve();
  });
  const db = new RecordsDatabase('bench-100k');
  const N = 100_000;
  const [insertMs] = await time(async () => {
    for (let i = 0; i < N; i += 10_000)
      await createRecords(
        db,
        Array.from({ length: 10_000 }, (_, k) => input(i + k)),
        ctx,
      );
  });
  results.records = await db.records.count();
  results['bulk insert 100,000 (s)'] = (insertMs / 1000).toFixed(1);
  const kindTimes: number[] = [];
  const bboxTimes: number[] = [];
  let kindHits = 0;
  let bboxHits = 0;
  for (let r = 0; r < 7; r++) {
    const from = new Date(START + (20 + r) * DAY).toISOString();
    const to = new Date(START + (27 + r) * DAY).toISOString();
    const [t1, rows] = await time(() => listRecords(db, { kind: 'sales-point', from, to }));
    kindTimes.push(t1);
    kindHits = rows.length;
    const lng = 113.25 + r * 0.01;
    const lat = 40.05 + r * 0.005;
    const [t2, inBox] = await time(() => recordsInBbox(db, [lng, lat, lng + 0.01, lat + 0.008]));
    bboxTimes.push(t2);
    bboxHits = inBox.length;
  }
  results['query kind + 7-day range (ms, median of 7)'] = median(kindTimes).toFixed(1);
  results['  rows returned'] = kindHits;
  results['query bbox ~0.85 × 0.9 km (ms, median of 7)'] = median(bboxTimes).toFixed(1);
  results['  rows returned '] = bboxHits;
  db.close();

  await new Promise<void>((resolve) => {
    const r = indexedDB.deleteDatabase('bench-10k');
    r.onsuccess = r.onerror = r.onblocked = () => resolve();
  });
  const small = new RecordsDatabase('bench-10k');
  await createRecords(
    small,
    Array.from({ length: 10_000 }, (_, k) => input(k)),
    ctx,
  );
  const ids = (await small.records.limit(100).primaryKeys()) as string[];
  const jpeg = new Uint8Array(80_000).map((_, i) => (i * 31) % 251);
  for (const [k, id] of ids.entries())
    await addPhoto(small, id, new Blob([jpeg, new Uint8Array([k])], { type: 'image/jpeg' }), ctx);
  const [exportMs, bundle] = await time(() => exportBundle(small));
  results['export 10,000 records + 100 photos (s)'] = (exportMs / 1000).toFixed(2);
  results['  bundle size (MB)'] = (bundle.length / 2 ** 20).toFixed(1);
  await new Promise<void>((resolve) => {
    const r = indexedDB.deleteDatabase('bench-import');
    r.onsuccess = r.onerror = r.onblocked = () => resolve();
  });
  const target = new RecordsDatabase('bench-import');
  const [importMs, report] = await time(() => importBundle(target, bundle, ctx));
  results['import into an empty profile (s)'] = (importMs / 1000).toFixed(2);
  results['  added'] = report.added;
  const [againMs, again] = await time(() => importBundle(target, bundle, ctx));
  results['import again, idempotent (s)'] = (againMs / 1000).toFixed(2);
  results['  unchanged'] = again.unchanged;
  return results;
}

publishResults(run);
