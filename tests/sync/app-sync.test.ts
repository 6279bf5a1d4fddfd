/**
 * The app's sync engine (src/sync) against a real server started in-process (server/src, PGlite; and the real
 * PostgreSQL when COALZONE_TEST_DATABASE_URL is set), with the app's own store on fake-indexeddb: a phone is
 * enrolled with a one-time code, its records, chain and photos reach the server and verify there, a second
 * round changes nothing, the bureau's change syncs back, a concurrent edit goes to the conflict queue, a bad
 * network (drops, lost answers, cuts, duplicates) loses and duplicates nothing, and a resident's report gets
 * its receipt and status without an account.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyServerChain } from '../../server/src/server-chain.ts';
import { verifyChain } from '../../src/records/audit-chain.ts';
import { hashJson } from '../../src/records/canonical-json.ts';
import type { FieldRecord } from '../../src/records/record.ts';
import { openConflicts } from '../../src/store/conflicts.ts';
import { RecordsDatabase } from '../../src/store/records-db.ts';
import { addPhoto, addStatusStep, createRecord } from '../../src/store/records-repo.ts';
import { queuedReports, queueReport, updateQueuedReport } from '../../src/store/sync-state.ts';
import { enrolDevice, parseServerUrl, setServer } from '../../src/sync/enrol-device.ts';
import { cutBatches } from '../../src/sync/push-chain.ts';
import { createSyncEngine, readStatus, syncRound } from '../../src/sync/sync-engine.ts';
import { SyncFailure } from '../../src/sync/sync-problem.ts';
import { enrolAdmin } from '../server/helpers/enrolled-phones.ts';
import { startFaultProxy } from '../server/helpers/fault-proxy.ts';
import { serverTargets, startTestServer, type TestServer } from '../server/helpers/server-targets.ts';
import type { TestPhone } from '../server/helpers/test-phone.ts';
import { startGateway } from './helpers/gateway.ts';

let n = 0;
const officer = { author: { role: 'market-regulation' as const, officerId: 'SJ-07' }, zoneAnswer: null };
const place = { lng: 113.3, lat: 40.092, accuracyM: 8, source: 'map' as const };
/** A tiny real JPEG header and some bytes (the server sniffs the type from the first bytes). */
const jpeg = () =>
  new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, n++, 1, 2, 3])], {
    type: 'image/jpeg',
  });

const shop = (db: RecordsDatabase, name: string) =>
  createRecord(
    db,
    {
      kind: 'sales-point',
      location: place,
      fields: { name, operator: '王某', address: '平城区御河西路', mode: 'fixed', sells: ['散煤'], phone: '' },
    },
    officer,
  );

async function newCode(admin: TestPhone, agencyId: string, role: string): Promise<string> {
  const made = await admin.request('POST', '/admin/agencies', { id: agencyId, name: `机构 ${agencyId}`, role });
  expect([200, 409]).toContain(made.status);
  const code = await admin.request<{ code: string }>('POST', '/admin/enrolment-codes', { agencyId });
  expect(code.status).toBe(200);
  return code.body.code;
}

async function serverRecords(test: TestServer, deviceId: string) {
  const rows = await test.server.db.query<{ id: string; body: FieldRecord }>(
    'SELECT id, body FROM records WHERE origin_device = $1 ORDER BY id',
    [deviceId],
  );
  return rows.map((r) => r.body);
}

describe('server address', () => {
  it('takes an origin and names what is wrong with anything else', () => {
    expect(parseServerUrl(' https://sync.example.cn/ ')).toBe('https://sync.example.cn');
    expect(parseServerUrl('192.168.1.20:8787')).toBe('https://192.168.1.20:8787');
    const bad = parseServerUrl('ftp://x');
    expect(bad).toBeInstanceOf(SyncFailure);
    expect((bad as SyncFailure).problem.zh).toContain('服务器地址不对');
  });

  it('cuts a long backlog only where every record is named last inside its batch', () => {
    const entry = (seq: number, recordId: string) => ({ seq, recordId }) as never;
    // a is edited at 1 and 4: no cut may fall between them.
    const entries = [entry(1, 'a'), entry(2, 'b'), entry(3, 'c'), entry(4, 'a'), entry(5, 'd'), entry(6, 'e')];
    const batches = cutBatches(entries, 2);
    expect(batches.map((b) => b.map((e: { seq: number }) => e.seq))).toEqual([
      [1, 2, 3, 4],
      [5, 6],
    ]);
    for (const batch of batches) {
      const later = entries.filter((e: { seq: number }) => e.seq > (batch.at(-1) as { seq: number }).seq);
      for (const e of batch) expect(later.some((l: { recordId: string }) => l.recordId === e.recordId)).toBe(false);
    }
  });
});

describe('the server and the browser app (CORS)', () => {
  it('lets only the configured origins call it, with the signature headers', async () => {
    const test = await startTestServer({ name: 'pglite' }, { allowedOrigins: ['http://127.0.0.1:4173'] });
    try {
      const ask = (origin: string) =>
        fetch(`${test.url}/sync/push`, {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'content-type,x-coalzone-device,x-coalzone-signature',
          },
        });
      const allowed = await ask('http://127.0.0.1:4173');
      expect(allowed.status).toBeLessThan(300);
      expect(allowed.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:4173');
      expect(allowed.headers.get('access-control-allow-headers')).toContain('x-coalzone-signature');
      const other = await ask('https://evil.example');
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      const health = await fetch(`${test.url}/health`, { headers: { origin: 'https://evil.example' } });
      expect(health.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await test.dispose();
    }
  });
});

describe.each(serverTargets())('the app syncing with a real server on $name', (target) => {
  let test: TestServer;
  let admin: TestPhone;
  let db: RecordsDatabase;

  beforeAll(async () => {
    test = await startTestServer(target);
    admin = await enrolAdmin(test);
    db = new RecordsDatabase(`sync-app-${target.name}-${n++}`);
  });
  afterAll(async () => {
    db?.close();
    await test?.dispose();
  });

  it('refuses a wrong code in words and enrols with the right one', async () => {
    const wrong = await enrolDevice(db, test.url, 'AAAA-BBBB-CCCC').catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(SyncFailure);
    expect((wrong as SyncFailure).problem.code).toBe('BAD_CODE');
    expect((wrong as SyncFailure).problem.zh).toContain('登记码');
    const settings = await enrolDevice(db, test.url, await newCode(admin, 'market', 'market-regulation'));
    expect(settings.enrolment).toMatchObject({ agencyId: 'market', role: 'market-regulation', isAdmin: false });
  });

  it('sends records, the chain and photos; the server verifies them; a second round changes nothing', async () => {
    const a = await shop(db, '永兴煤店');
    const b = await shop(db, '流动售煤车');
    await addPhoto(db, a.id, jpeg(), officer);
    await addStatusStep(
      db,
      b.id,
      { status: 'ordered-to-stop', note: '当场责令', documentNumber: '同市监〔2026〕12号' },
      officer,
    );
    expect((await readStatus(db)).unsentRecords).toBe(2);

    const round = await syncRound(db);
    expect(round).toMatchObject({ pushed: 4, photos: 1 });
    const status = await readStatus(db);
    expect(status.unsentRecords).toBe(0);
    expect(status.problem).toBeNull();
    expect(status.lastSyncAt).not.toBeNull();

    const deviceId = status.settings.enrolment?.deviceId as string;
    const stored = await serverRecords(test, deviceId);
    const local = await Promise.all([a.id, b.id].map((id) => db.records.get(id)));
    expect(stored.map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
    for (const record of local)
      expect(await hashJson(stored.find((r) => r.id === record?.id))).toBe(await hashJson(record));
    const chain = await test.server.db.query<{ entry: never }>(
      'SELECT entry FROM device_audit WHERE device_id = $1 ORDER BY seq',
      [deviceId],
    );
    expect(chain.map((r) => r.entry)).toEqual(await db.audit.orderBy('seq').toArray());
    expect(await verifyChain(chain.map((r) => r.entry))).toBeNull();
    const photo = (await db.records.get(a.id))?.photos[0];
    const onServer = await test.server.db.query<{ size: number }>('SELECT size FROM photos WHERE sha256 = $1', [
      photo?.sha256,
    ]);
    expect(Number(onServer[0]?.size)).toBe(photo?.size);

    const before = await test.server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM device_audit');
    const again = await syncRound(db);
    expect(again).toMatchObject({ pushed: 0, pulled: 0, photos: 0 });
    const after = await test.server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM device_audit');
    expect(after).toEqual(before);
    expect(await verifyServerChain(test.server.db)).toBeNull();
  });

  it("takes the bureau's change of an untouched record; a concurrent edit waits for the bureau's decision", async () => {
    const shops = (await db.records.toArray()) as FieldRecord<'sales-point'>[];
    const first = shops.find((r) => r.fields.name === '永兴煤店');
    const second = shops.find((r) => r.fields.name === '流动售煤车');
    if (!first || !second) throw new Error('records of the previous test are missing');
    // The bureau moves the first record on; the phone has not touched it since it pushed: taken.
    const moved = await admin.request('POST', `/admin/records/${first.id}/status`, {
      status: 'closed',
      note: '生态环境局复核',
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    // The bureau also moves the second one, while the phone edits it too: never last-write-wins.
    expect((await admin.request('POST', `/admin/records/${second.id}/status`, { status: 'closed' })).status).toBe(200);
    await addStatusStep(db, second.id, { status: 'reinspected', note: '复查仍在卖' }, officer);

    const round = await syncRound(db);
    expect(round.conflicts).toBe(1);
    expect((await db.records.get(first.id))?.statusHistory.at(-1)?.note).toBe('生态环境局复核');
    // The phone keeps its own version; the server queued it beside the bureau's, and the line says so.
    expect((await db.records.get(second.id))?.status).toBe('reinspected');
    const queued = await admin.request<
      { id: string; recordId?: string; record_id?: string }[] | { conflicts: unknown[] }
    >('GET', '/admin/conflicts');
    expect(queued.status).toBe(200);
    const list = (Array.isArray(queued.body) ? queued.body : (queued.body as { conflicts: never[] }).conflicts) as {
      id: string;
    }[];
    expect(JSON.stringify(list)).toContain(second.id);
    expect((await readStatus(db)).serverConflicts).toBe(1);
    // Until the bureau decides, more rounds change nothing on the phone.
    await syncRound(db);
    expect((await db.records.get(second.id))?.status).toBe('reinspected');
    expect(await openConflicts(db)).toHaveLength(0);
    // The bureau keeps its own version: the decision syncs back and the phone takes it.
    const conflict = list.find((c) => JSON.stringify(c).includes(second.id)) as { id: string };
    const resolved = await admin.request('POST', `/admin/conflicts/${conflict.id}/resolve`, { keep: 'server' });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    await syncRound(db);
    expect((await db.records.get(second.id))?.status).toBe('closed');
    expect((await readStatus(db)).serverConflicts).toBe(0);
    // The phone's chain still verifies after the merges, and the server holds it entry for entry.
    await syncRound(db);
    expect(await verifyChain(await db.audit.orderBy('seq').toArray())).toBeNull();
    const deviceId = (await readStatus(db)).settings.enrolment?.deviceId as string;
    const chain = await test.server.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM device_audit WHERE device_id = $1',
      [deviceId],
    );
    expect(Number(chain[0]?.n)).toBe(await db.audit.count());
    expect((await readStatus(db)).unsentRecords).toBe(0);
  });

  it('puts a pulled version that meets an unpushed local edit in the conflict queue, side by side', async () => {
    const first = ((await db.records.toArray()) as FieldRecord<'sales-point'>[]).find(
      (r) => r.fields.name === '永兴煤店',
    ) as FieldRecord;
    expect((await admin.request('POST', `/admin/records/${first.id}/status`, { status: 'reinspected' })).status).toBe(
      200,
    );
    await addStatusStep(db, first.id, { status: 'reinspected', note: '本机复查' }, officer);
    // Only the pull runs (as when the push was cut off after the edit): the local edit is newer than the push.
    const { pullChanges } = await import('../../src/sync/pull-changes.ts');
    const { deviceClient } = await import('../../src/sync/device-client.ts');
    const { deviceKey } = await import('../../src/store/device-keys.ts');
    const id = (await readStatus(db)).settings.enrolment?.deviceId as string;
    const merged = await pullChanges(db, deviceClient(test.url, id, (await deviceKey(db)).privateKey), officer);
    expect(merged.conflicts).toBe(1);
    const conflicts = await openConflicts(db);
    expect(conflicts.map((c) => c.recordId)).toEqual([first.id]);
    expect((await db.records.get(first.id))?.statusHistory.at(-1)?.note).toBe('本机复查');
  });

  it('sends a record saved while online by itself, within the watch interval, without a tap', async () => {
    const engine = createSyncEngine(db, { watchMs: 50 });
    try {
      await syncRound(db);
      engine.start();
      const saved = await shop(db, '丁煤店');
      expect((await readStatus(db)).unsentRecords).toBe(1);
      await expect.poll(async () => (await readStatus(db)).unsentRecords, { timeout: 10_000, interval: 50 }).toBe(0);
      const id = (await readStatus(db)).settings.enrolment?.deviceId as string;
      expect((await serverRecords(test, id)).map((r) => r.id)).toContain(saved.id);
    } finally {
      engine.stop();
    }
  });

  it('says in words that a revoked phone is refused, keeps its records, and does not retry by itself', async () => {
    const revoked = new RecordsDatabase(`sync-revoked-${target.name}-${n++}`);
    const engine = createSyncEngine(revoked, { baseDelayMs: 20, maxDelayMs: 40 });
    try {
      const settings = await enrolDevice(revoked, test.url, await newCode(admin, 'market', 'market-regulation'));
      const id = settings.enrolment?.deviceId as string;
      expect((await admin.request('POST', `/admin/devices/${id}/revoke`, {})).status).toBe(200);
      await shop(revoked, '丙煤店');
      const status = await engine.syncNow();
      expect(status.problem?.code).toBe('REVOKED');
      expect(status.problem?.zh).toMatch(/^服务器拒绝：/);
      expect(status.problem?.zh).not.toMatch(/^[\x20-\x7e]+$/);
      expect(status.nextRetryAt).toBeNull();
      expect(status.unsentRecords).toBe(1);
      expect(await revoked.records.count()).toBe(1);
    } finally {
      engine.stop();
      revoked.close();
    }
  });

  it('loses and duplicates nothing over a bad network, retrying until it gets through', async () => {
    const proxy = await startFaultProxy(test.url, 7, 0.5);
    const flaky = new RecordsDatabase(`sync-flaky-${target.name}-${n++}`);
    try {
      await enrolUntil(flaky, proxy.url, await newCode(admin, 'market', 'market-regulation'));
      const made: string[] = [];
      for (let i = 0; i < 12; i++) {
        const r = await shop(flaky, `煤店 ${i}`);
        if (i % 3 === 0) await addPhoto(flaky, r.id, jpeg(), officer);
        made.push(r.id);
      }
      let failures = 0;
      for (let attempt = 0; ; attempt++) {
        if (attempt > 60) throw new Error('sync never got through the fault proxy');
        try {
          await syncRound(flaky);
          if ((await readStatus(flaky)).unsentRecords === 0) break;
        } catch (error) {
          expect(error).toBeInstanceOf(SyncFailure);
          failures++;
        }
      }
      // One more round settles photos an earlier cut left owed.
      for (let i = 0; i < 20; i++)
        if (
          await syncRound(flaky).then(
            () => true,
            () => false,
          )
        )
          break;
      expect(failures).toBeGreaterThan(0);
      expect(proxy.counts.drop + proxy.counts['lose-answer'] + proxy.counts.cut).toBeGreaterThan(0);
      const deviceId = (await readStatus(flaky)).settings.enrolment?.deviceId as string;
      const stored = await serverRecords(test, deviceId);
      expect(stored.map((r) => r.id).sort()).toEqual([...made].sort());
      const chain = await test.server.db.query<{ entry: never }>(
        'SELECT entry FROM device_audit WHERE device_id = $1 ORDER BY seq',
        [deviceId],
      );
      expect(chain.map((r) => r.entry)).toEqual(await flaky.audit.orderBy('seq').toArray());
      expect(await verifyChain(chain.map((r) => r.entry))).toBeNull();
      const shas = (await flaky.records.toArray()).flatMap((r) => r.photos.map((p) => p.sha256));
      const photos = await test.server.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM photos WHERE sha256 = ANY($1::text[])',
        [shas],
      );
      expect(Number(photos[0]?.n)).toBe(shas.length);
    } finally {
      flaky.close();
      await proxy.close();
    }
  });

  it("sends a resident's report without an account, with a receipt and its status", async () => {
    const resident = new RecordsDatabase(`sync-resident-${target.name}-${n++}`);
    try {
      await setServer(resident, test.url);
      const author = { role: 'resident' as const, officerId: '' };
      const report = await createRecord(
        resident,
        {
          kind: 'violation-report',
          location: place,
          fields: {
            what: 'burning',
            description: '院内烧散煤，冒黑烟',
            observedAt: '2026-12-03T07:30:00.000Z',
            contact: { name: '', phone: '13900002222' },
          },
        },
        { author, zoneAnswer: null },
      );
      await addPhoto(resident, report.id, jpeg(), { author, zoneAnswer: null });
      await queueReport(resident, report.id);
      expect((await readStatus(resident)).reports[0]?.receipt).toBeUndefined();

      const round = await syncRound(resident);
      expect(round.reportsSent).toBe(1);
      const [sent] = await queuedReports(resident);
      expect(sent?.receipt).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
      expect(sent?.status).toMatchObject({ status: 'received', zh: '已收到，等待分派' });
      const rows = await test.server.db.query<{ body: FieldRecord<'violation-report'> }>(
        "SELECT body FROM records WHERE kind = 'violation-report' AND body->'fields'->>'description' = $1",
        ['院内烧散煤，冒黑烟'],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]?.body.fields.contact?.phone).toBe('13900002222');
      expect(rows[0]?.body.photos).toHaveLength(1);

      // Sent again (the answer lost): the same receipt, nothing new stored.
      // (the phone never stored the receipt: as if the answer was lost on the way back)
      await updateQueuedReport(resident, report.id, { receipt: undefined, status: undefined, sentAt: undefined });
      expect((await readStatus(resident)).reports.filter((r) => !r.receipt)).toHaveLength(1);
      expect((await syncRound(resident)).reportsSent).toBe(1);
      expect((await queuedReports(resident))[0]?.receipt).toBe(sent?.receipt);
      expect(
        await test.server.db.query("SELECT 1 FROM records WHERE body->'fields'->>'description' = $1", [
          '院内烧散煤，冒黑烟',
        ]),
      ).toHaveLength(1);

      // The bureau assigns it; the resident's next round shows it.
      const id = (rows[0] as { body: FieldRecord }).body.id;
      expect((await admin.request('POST', `/admin/records/${id}/status`, { status: 'assigned' })).status).toBe(200);
      await syncRound(resident);
      expect((await queuedReports(resident))[0]?.status).toMatchObject({ status: 'assigned', zh: '已分派给执法部门' });
    } finally {
      resident.close();
    }
  });

  it('keeps a report queued while the server is unreachable, says why, and retries with backoff', async () => {
    const resident = new RecordsDatabase(`sync-offline-${target.name}-${n++}`);
    const line = await startGateway(test.url);
    const engine = createSyncEngine(resident, { baseDelayMs: 50, maxDelayMs: 400, random: () => 1 });
    try {
      await setServer(resident, line.url);
      const report = await createRecord(
        resident,
        {
          kind: 'violation-report',
          location: place,
          fields: { what: 'selling', description: '三轮车卖煤', observedAt: '2026-12-03T07:40:00.000Z', contact: null },
        },
        { author: { role: 'resident', officerId: '' }, zoneAnswer: null },
      );
      await queueReport(resident, report.id);
      line.up = false;
      const down = await engine.syncNow();
      expect(down.problem?.code).toBe('NETWORK');
      expect(down.problem?.zh).toContain('连不上同步服务器');
      expect(down.nextRetryAt).not.toBeNull();
      expect(down.reports[0]?.receipt).toBeUndefined();
      expect(line.passed).toBe(0);
      // The line comes back: the scheduled retry sends it without anyone tapping.
      const sent = new Promise<Awaited<ReturnType<typeof engine.status>>>((resolve) => {
        const stop = engine.subscribe((s) => {
          if (s.reports[0]?.receipt) {
            stop();
            resolve(s);
          }
        });
      });
      line.up = true;
      const got = await sent;
      expect(got.problem).toBeNull();
      expect(got.reports[0]?.status?.status).toBe('received');
      expect(line.passed).toBeGreaterThan(0);
    } finally {
      engine.stop();
      resident.close();
      await line.close();
    }
  });
});

/** Enrols through the fault proxy, retrying what the network ate (the same code: a retry gets the same answer). */
async function enrolUntil(db: RecordsDatabase, url: string, code: string): Promise<void> {
  for (let i = 0; i < 30; i++) {
    try {
      await enrolDevice(db, url, code);
      return;
    } catch (error) {
      if (!(error instanceof SyncFailure) || !error.transient) throw error;
    }
  }
  throw new Error('could not enrol through the fault proxy');
}
