/**
 * npm run bench:server-photos — issue 13's "50,000 photos stored" on the sync server, on loopback through the
 * real HTTP API: UPLOADERS phones (default 24, each uploading one photo after another, so that many at once)
 * push records naming PHOTOS_STORED distinct photos (default 50,000; PHOTOS_PER_RECORD each, default 2) and
 * upload them (PHOTO_KIB each, default 100 — the small end of a resized phone JPEG, see docs/server-scaling.md).
 * Reports uploads/s, MiB/s, p50/p95 per upload; the photo folder's files and disk bytes; a random photo's GET
 * (signed, with the "may this device see it" check) and the bare file read, p50/p95 over READS (default 1,000)
 * with PHOTOS_EARLY (default 500) stored and with all stored; and the missing-photos query of a push with
 * every ref in the database. PGlite, then PostgreSQL when COALZONE_BENCH_DATABASE_URL or
 * COALZONE_TEST_DATABASE_URL is set (a fresh database each run). The data folder is a temp folder under /tmp,
 * removed after each target even when the run fails or is interrupted. PHOTOS_STORED=0 skips it all.
 */
import { createHash } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { missingPhotos } from '../server/src/apply-push.ts';
import { photoStore } from '../server/src/photo-store.ts';
import { signHead } from '../src/records/signed-head.ts';
import { cutBatches } from '../src/sync/push-chain.ts';
import { random } from '../tests/helpers/random-zones.ts';
import { enrolAdmin, enrolPhone } from '../tests/server/helpers/enrolled-phones.ts';
import { startTestServer, type Target, type TestServer } from '../tests/server/helpers/server-targets.ts';
import type { TestPhone } from '../tests/server/helpers/test-phone.ts';
import { folderStats } from './photo-folder-stats.ts';

const STORED = Number(process.env.PHOTOS_STORED ?? 50_000);
const EARLY = Math.min(STORED, Number(process.env.PHOTOS_EARLY ?? 500));
const KIB = Number(process.env.PHOTO_KIB ?? 100);
const UPLOADERS = Number(process.env.UPLOADERS ?? 24);
const PER_RECORD = Number(process.env.PHOTOS_PER_RECORD ?? 2);
const READS = Number(process.env.READS ?? 1000);
const url = process.env.COALZONE_BENCH_DATABASE_URL ?? process.env.COALZONE_TEST_DATABASE_URL;
const MiB = 1024 * 1024;

const ms = (t: number) => (t < 10 ? `${t.toFixed(2)} ms` : `${t.toFixed(0)} ms`);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}
const spread = (values: number[]) => `p50 ${ms(percentile(values, 50))}, p95 ${ms(percentile(values, 95))}`;
async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}
function ok(answer: { status: number; body: unknown }, what: string): void {
  if (answer.status !== 200) throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
}

/** Photo k: one random JPEG-headed body with k written into it, so every photo is distinct and incompressible. */
const base = new Uint8Array(KIB * 1024);
{
  const next = random(13);
  for (let i = 0; i < base.length; i++) base[i] = Math.floor(next() * 256);
  base.set([0xff, 0xd8, 0xff, 0xe0]);
}
function photo(k: number): Uint8Array {
  const bytes = base.slice();
  new DataView(bytes.buffer).setUint32(8, k);
  return bytes;
}
const hashes = Array.from({ length: STORED }, (_, k) => createHash('sha256').update(photo(k)).digest('hex'));
const owner = (k: number) => k % UPLOADERS;

/** Every phone's photos k in [from, to) uploaded, the phones all at once; the time of each upload. */
async function upload(phones: TestPhone[], from: number, to: number): Promise<{ ms: number; each: number[] }> {
  const run = await timed(() =>
    Promise.all(
      phones.map(async (phone, i) => {
        const times: number[] = [];
        const first = from + ((i - (from % UPLOADERS) + UPLOADERS) % UPLOADERS);
        for (let k = first; k < to; k += UPLOADERS) {
          const bytes = photo(k);
          const put = await timed(() => phone.request('PUT', `/photos/${hashes[k]}?total=${bytes.length}`, bytes));
          ok(put.value, `photo ${k}`);
          if (!(put.value.body as { stored: boolean }).stored) throw new Error(`photo ${k} not stored`);
          times.push(put.ms);
        }
        return times;
      }),
    ),
  );
  return { ms: run.ms, each: run.value.flat() };
}

/** READS random photos among the first `stored`: each GET by its owner phone (checked byte for byte), and the
 *  bare file read from the store's folder. One at a time, so the figures are latencies, not queues. */
async function reads(test: TestServer, phones: TestPhone[], stored: number, seed: number) {
  const store = photoStore(join(test.dataDir, 'photos'));
  const next = random(seed);
  const get: number[] = [];
  const file: number[] = [];
  // The first 50 warm up (JIT, connections) and are not counted.
  for (let i = -50; i < READS; i++) {
    const k = Math.floor(next() * stored);
    const sha = hashes[k] as string;
    const answer = await timed(() => (phones[owner(k)] as TestPhone).request<Uint8Array>('GET', `/photos/${sha}`));
    ok(answer.value, `GET photo ${k}`);
    if (createHash('sha256').update(answer.value.body).digest('hex') !== sha) throw new Error(`photo ${k} changed`);
    const bare = await timed(() => store.read(sha));
    if (bare.value?.length !== base.length) throw new Error(`photo ${k} missing from the folder`);
    if (i < 0) continue;
    get.push(answer.ms);
    file.push(bare.ms);
  }
  return { get, file };
}

/** The missing-photos query of a push (apply-push.ts missingPhotos) for random phones, 20 times. */
async function missingQuery(test: TestServer, phones: TestPhone[], stored: boolean) {
  const next = random(7);
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const n = Math.floor(next() * phones.length);
    const expected = stored ? 0 : Math.min(1000, Math.ceil((STORED - n) / UPLOADERS));
    const t = await timed(() => missingPhotos(test.server.db, (phones[n] as TestPhone).id));
    if (t.value.length !== expected) throw new Error(`missingPhotos gave ${t.value.length}, expected ${expected}`);
    times.push(t.ms);
  }
  return times;
}

/** Everything the phone has not pushed, in the app's batches (push-chain.ts cutBatches, at most 2,000 entries
 *  a push); the missing photos the last push named. */
async function pushAll(phone: TestPhone): Promise<number> {
  let missing = 0;
  for (const batch of cutBatches(phone.entries.filter((e) => e.seq > phone.pushedSeq))) {
    const last = batch[batch.length - 1];
    if (!last) continue;
    const head = await signHead(phone, phone.id, last, new Date().toISOString());
    const ids = [...new Set(batch.map((e) => e.recordId))];
    const body = { head, entries: batch, records: ids.map((id) => phone.records.get(id)) };
    const answer = await phone.request<{ missingPhotos: string[] }>('POST', '/sync/push', body);
    ok(answer, 'push');
    phone.pushedSeq = last.seq;
    missing = answer.body.missingPhotos.length;
  }
  return missing;
}

/** A push of one edit by one phone, which ends in the missing-photos query; median of 5 phones. */
async function smallPush(phones: TestPhone[]): Promise<number[]> {
  const times: number[] = [];
  for (const phone of phones.slice(0, 5)) {
    const id = [...phone.records.keys()][0] as string;
    await phone.edit(id, (r) => ({ ...r, status: 'reviewed', updatedAt: new Date().toISOString() }));
    const t = await timed(() => phone.push());
    ok(t.value, 'push');
    times.push(t.ms);
  }
  return times;
}

async function photoFigures(target: Target): Promise<void> {
  const records = Math.ceil(STORED / PER_RECORD);
  console.log(
    `\n## ${target.name}: ${STORED} photos × ${KIB} KiB (${((STORED * KIB) / 1024 / 1024).toFixed(2)} GiB) ` +
      `named by ${records} records, ${UPLOADERS} phones uploading at once; load ${load()}`,
  );
  const test = await startTestServer(target, { limits: { enrolPerIp: { max: 100_000, windowS: 3600 } } });
  const interrupted = () => {
    console.error('interrupted: removing the data folder and database');
    test.dispose().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const admin = await enrolAdmin(test);
    const phones: TestPhone[] = [];
    for (let i = 0; i < UPLOADERS; i++)
      phones.push(await enrolPhone(test, admin, { id: `police-${i % 4}`, role: 'police' }));
    // Each record names PER_RECORD photos of its phone, attached after the record was made (as in the app).
    for (const [i, phone] of phones.entries()) {
      const mine = hashes.map((sha, k) => ({ sha, k })).filter(({ k }) => owner(k) === i);
      for (let r = 0; r < mine.length; r += PER_RECORD) {
        const made = await phone.create('checkpoint-inspection', { notes: `照片 ${r}` });
        await phone.edit(made.id, (rec) => ({
          ...rec,
          photos: mine.slice(r, r + PER_RECORD).map(({ sha, k }) => ({
            id: `photo-${k}`,
            sha256: sha,
            type: 'image/jpeg',
            size: base.length,
          })),
        }));
      }
    }
    const pushed = await timed(() => Promise.all(phones.map((phone) => pushAll(phone))));
    console.log(
      `records naming the photos: ${records} pushed by the ${UPLOADERS} phones at once (batches of ≤ 2,000 entries) in ${ms(pushed.ms)}; ` +
        `each push answered ${Math.min(...pushed.value)}–${Math.max(...pushed.value)} missing photos (at most 1,000)`,
    );
    console.log(
      `missing-photos query, ${STORED} refs, none stored: ${spread(await missingQuery(test, phones, false))}`,
    );

    const early = await upload(phones, 0, EARLY);
    const few = await reads(test, phones, EARLY, 1);
    const rest = await upload(phones, EARLY, STORED);
    const all = [...early.each, ...rest.each];
    const wall = early.ms + rest.ms;
    console.log(
      `uploads: ${STORED} in ${(wall / 1000).toFixed(1)} s = ${Math.round(STORED / (wall / 1000))} uploads/s, ` +
        `${((STORED * base.length) / MiB / (wall / 1000)).toFixed(1)} MiB/s; per upload ${spread(all)}, max ${ms(Math.max(...all))}; load ${load()}`,
    );
    const folder = await folderStats(join(test.dataDir, 'photos'));
    console.log(
      `photo folder: ${folder.files} files, ${(folder.bytes / MiB).toFixed(0)} MiB in them, ` +
        `${(folder.diskBytes / MiB).toFixed(0)} MiB on disk, ${folder.directories} directories, ` +
        `at most ${folder.mostFilesInOneDirectory} files in one`,
    );
    const many = await reads(test, phones, STORED, 2);
    console.log(`GET a random photo (signed, may-see check), ${READS} one at a time:`);
    console.log(`  ${EARLY} stored: ${spread(few.get)}; ${STORED} stored: ${spread(many.get)}`);
    console.log(`the bare file read of the same photos (photo-store.ts read):`);
    console.log(`  ${EARLY} stored: ${spread(few.file)}; ${STORED} stored: ${spread(many.file)}`);
    console.log(`missing-photos query, ${STORED} refs, all stored: ${spread(await missingQuery(test, phones, true))}`);
    console.log(`push of one edit (ends in that query), 5 phones: ${spread(await smallPush(phones))}; load ${load()}`);
  } finally {
    process.removeListener('SIGINT', interrupted);
    process.removeListener('SIGTERM', interrupted);
    await test.dispose();
  }
}

console.log(
  `# npm run bench:server-photos — ${new Date().toISOString()}, ${availableParallelism()} cores, load ${load()}`,
);
if (STORED <= 0) console.log('PHOTOS_STORED=0: nothing to do');
else {
  await photoFigures({ name: 'pglite' });
  if (url) await photoFigures({ name: 'postgres', baseUrl: url });
  else console.log('\n(no COALZONE_BENCH_DATABASE_URL / COALZONE_TEST_DATABASE_URL: PostgreSQL figures skipped)');
}
