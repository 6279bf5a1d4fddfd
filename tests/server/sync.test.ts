/**
 * Sync on PGlite and on the real PostgreSQL + PostGIS: pushes verified with the app's own chain and signature
 * code, idempotent, anchored (a rollback or rewrite refused), concurrent edits queued as conflicts (never
 * last-write-wins) and resolved by an audited change that syncs back; pulls by role (police never see a
 * reporter's phone; a county only its own area); a server restart mid-sync loses nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyServerChain } from '../../server/src/server-chain.ts';
import { parseAnchor } from '../../src/records/anchor-file.ts';
import { verifyChain } from '../../src/records/audit-chain.ts';
import { hashJson } from '../../src/records/canonical-json.ts';
import type { FieldRecord } from '../../src/records/record.ts';
import { verifyEvidence } from '../../src/records/verify-evidence.ts';
import { enrolAdmin, enrolPhone } from './helpers/enrolled-phones.ts';
import { serverTargets, startTestServer, type TestServer } from './helpers/server-targets.ts';
import type { TestPhone } from './helpers/test-phone.ts';

/** A square county area around 113.60, 40.10 (east of the city), and a point in it and one outside. */
const COUNTY_AREA = {
  type: 'Polygon',
  coordinates: [
    [
      [113.55, 40.05],
      [113.65, 40.05],
      [113.65, 40.15],
      [113.55, 40.15],
      [113.55, 40.05],
    ],
  ],
};

describe.each(serverTargets())('sync on $name', (target) => {
  let test: TestServer;
  let admin: TestPhone;
  let police: TestPhone;
  let market: TestPhone;

  beforeAll(async () => {
    test = await startTestServer(target);
    admin = await enrolAdmin(test);
    police = await enrolPhone(test, admin, { id: 'police', role: 'police' });
    market = await enrolPhone(test, admin, { id: 'market', role: 'market-regulation' });
  });
  afterAll(async () => test?.dispose());

  it('stores a verified push, and pushing the same twice changes nothing', async () => {
    await police.create('checkpoint');
    await police.create('checkpoint-inspection');
    const body = await police.pushBody();
    const first = await police.request<Record<string, unknown>>('POST', '/sync/push', body);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ entriesAccepted: 2, created: 2, updated: 0, conflicts: [] });
    const before = await snapshot();
    // The answer was lost: the phone sends the same push again (new signature, same content).
    const again = await police.request<Record<string, unknown>>('POST', '/sync/push', body);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ entriesAccepted: 0, created: 0, updated: 0, unchanged: 2 });
    expect(await snapshot()).toEqual(before);
    police.pushedSeq = body.head.seq;
    // The server's copy of the chain is the phone's, entry for entry, and verifies with the app's code.
    const stored = await test.server.db.query<{ entry: never }>(
      'SELECT entry FROM device_audit WHERE device_id = $1 ORDER BY seq',
      [police.id],
    );
    expect(stored.map((r) => r.entry)).toEqual(police.entries);
    expect(await verifyChain(stored.map((r) => r.entry))).toBeNull();
    const me = await police.request<{ headSeq: number; headHash: string }>('GET', '/me');
    expect(me.body).toMatchObject({ headSeq: 2, headHash: police.entries[1]?.hash });
  });

  it('applies the same push sent twice at once exactly once', async () => {
    for (let i = 0; i < 5; i++) await police.create('checkpoint-inspection', { notes: `并发 ${i}` });
    const body = await police.pushBody();
    const [a, b] = await Promise.all([
      police.request<Record<string, number>>('POST', '/sync/push', body),
      police.request<Record<string, number>>('POST', '/sync/push', body),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect([a.body.created, b.body.created].sort()).toEqual([0, 5]);
    expect([a.body.unchanged, b.body.unchanged].sort()).toEqual([0, 5]);
    police.pushedSeq = body.head.seq;
    const rows = await test.server.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM device_audit WHERE device_id = $1',
      [police.id],
    );
    expect(Number(rows[0]?.n)).toBe(police.entries.length);
  });

  it('refuses a chain that was rolled back, rewritten, broken, or does not match its records', async () => {
    await police.create('checkpoint');
    const good = await police.pushBody();

    const tampered = structuredClone(good);
    (tampered.entries[0] as { at: string }).at = '2020-01-01T00:00:00.000Z';
    expect(await code(tampered)).toEqual([422, 'BAD_CHAIN']);

    const wrongRecord = structuredClone(good);
    (wrongRecord.records[0] as { status: string }).status = 'stood-down';
    expect(await code(wrongRecord)).toEqual([422, 'BAD_RECORD']);

    const rewritten = await police.pushBody(0);
    (rewritten.entries[0] as { at: string }).at = '2020-01-01T00:00:00.000Z';
    expect(await code(rewritten)).toEqual([422, 'BAD_CHAIN']);

    // A head signed by another key in the phone's name.
    const foreignHead = structuredClone(good);
    foreignHead.head.signature = `${good.head.signature.slice(0, 10)}${good.head.signature[10] === 'A' ? 'B' : 'A'}${good.head.signature.slice(11)}`;
    expect(await code(foreignHead)).toEqual([422, 'BAD_SIGNATURE']);

    // Skipping what the server has not seen yet: told where to start.
    const gap = await police.pushBody(police.pushedSeq + 1);
    gap.entries = [];
    gap.records = [];
    const behind = await code(gap);
    expect(behind[1]).toBe('BAD_CHAIN');

    expect((await police.push()).status).toBe(200);
    // A rolled-back chain (the phone restored an older state) is refused against the anchor.
    const rolledBack = await police.pushBody();
    rolledBack.head = await signedHeadAt(police, 1);
    expect(await code(rolledBack)).toEqual([422, 'BAD_CHAIN']);
  });

  it('hands out each device’s signed head as a receipt that checks its backups (records verify --anchor)', async () => {
    const answer = await admin.request<string>('GET', `/admin/devices/${police.id}/receipt`);
    expect(answer.status).toBe(200);
    const parsed = parseAnchor(JSON.stringify(answer.body));
    if (!('head' in parsed)) throw new Error(parsed.problem);
    expect(parsed.head).toMatchObject({ deviceId: police.id, seq: police.pushedSeq, publicKey: police.publicKey });
    // The phone's later chain extends the anchor …
    const records = [...police.records.values()];
    const head = await police.head();
    expect(await verifyEvidence(records, police.entries, [], head, { anchor: parsed.head })).toBeNull();
    // … a chain rolled back to before it (a restored older phone) does not.
    const older = police.entries.slice(0, 1);
    const olderRecords = records.filter((r) => older.some((e) => e.recordId === r.id));
    const olderHead = await signedHeadAt(police, 1);
    const problem = await verifyEvidence(olderRecords, older, [], olderHead, { anchor: parsed.head });
    expect(problem).not.toBeNull();
    expect((await police.request('GET', `/admin/devices/${police.id}/receipt`)).status).toBe(403);
  });

  it('refuses records whose fields the app would refuse, naming the field', async () => {
    const before = police.entries.length;
    await police.create('checkpoint-inspection', { plate: '不是车牌' });
    const answer = await police.request<{ error: { code: string; detail: { errors: { path: string }[] } } }>(
      'POST',
      '/sync/push',
      await police.pushBody(),
    );
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('BAD_RECORD');
    expect(answer.body.error.detail.errors.map((e) => e.path)).toContain('fields.plate');
    // Take the bad entry back off the simulated phone.
    police.entries.length = before;
  });

  it('shows each role what its work needs: police never see reports or a reporter’s phone', async () => {
    const report = await admin.create('violation-report');
    expect((await admin.push()).status).toBe(200);
    const policeGot = await police.pull();
    expect(policeGot.map((r) => r.kind)).not.toContain('violation-report');
    expect(JSON.stringify(policeGot)).not.toContain('13900001111');
    const marketGot = await market.pull();
    const seen = marketGot.find((r) => r.id === report.id) as FieldRecord<'violation-report'>;
    expect(seen).toBeDefined();
    expect(seen.fields.contact).toBeNull();
    expect(JSON.stringify(marketGot)).not.toContain('13900001111');
    const bureau = await admin.pull();
    expect((bureau.find((r) => r.id === report.id) as FieldRecord<'violation-report'>)?.fields.contact?.phone).toBe(
      '13900001111',
    );
    // Police asking for the photo list of a record they cannot see get nothing either (pull is the only way).
    expect(policeGot.every((r) => r.kind !== 'violation-report')).toBe(true);
  });

  it('fast-forwards an edit of the version a phone saw, keeping what it was not shown', async () => {
    const report = [...market.records.values()].find((r) => r.kind === 'violation-report') as FieldRecord;
    await market.edit(report.id, (r) => ({ ...r, status: 'assigned', updatedAt: new Date().toISOString() }));
    const answer = await market.push();
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({ updated: 1, conflicts: [] });
    const row = await test.server.db.query<{ body: FieldRecord<'violation-report'> }>(
      'SELECT body FROM records WHERE id = $1',
      [report.id],
    );
    expect(row[0]?.body.status).toBe('assigned');
    // The market regulator never saw the contact; the server kept it.
    expect(row[0]?.body.fields.contact?.phone).toBe('13900001111');
    // Pushing it again: nothing changes.
    const again = await market.request<Record<string, unknown>>('POST', '/sync/push', await market.pushBody(0));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ entriesAccepted: 0, updated: 0, conflicts: [] });
  });

  it('queues concurrent edits of one record as a conflict, never last-write-wins, and syncs the resolution back', async () => {
    const point = await market.create('sales-point');
    expect((await market.push()).status).toBe(200);
    const second = await enrolPhone(test, admin, { id: 'market', role: 'market-regulation' });
    await second.pull();
    // Both edit the same version while offline.
    await market.edit(point.id, (r) => ({ ...r, status: 'ordered-to-stop' }));
    await second.edit(point.id, (r) => ({ ...r, status: 'closed' }));
    expect((await market.push()).body).toMatchObject({ updated: 1 });
    const late = await second.push();
    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({ updated: 0, conflicts: [point.id] });
    const current = await test.server.db.query<{ status: string }>('SELECT status FROM records WHERE id = $1', [
      point.id,
    ]);
    expect(current[0]?.status).toBe('ordered-to-stop');
    // A retry of the late push adds no second conflict.
    await second.request('POST', '/sync/push', await second.pushBody(0));
    const queue = await admin.request<{ id: string; record_id: string; incoming: FieldRecord; server: FieldRecord }[]>(
      'GET',
      '/admin/conflicts',
    );
    const mine = queue.body.filter((c) => c.record_id === point.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]?.incoming.status).toBe('closed');
    expect(mine[0]?.server.status).toBe('ordered-to-stop');
    const resolved = await admin.request(
      'POST',
      `/admin/conflicts/${encodeURIComponent(mine[0]?.id as string)}/resolve`,
      { keep: 'incoming' },
    );
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    const back = await market.pull();
    expect(back.find((r) => r.id === point.id)?.status).toBe('closed');
    expect(
      (await admin.request<unknown[]>('GET', '/admin/conflicts')).body.filter(
        (c) => (c as { record_id: string }).record_id === point.id,
      ),
    ).toHaveLength(0);
    expect(await verifyServerChain(test.server.db)).toBeNull();
  });

  it('gives a county only the records inside its own area', async () => {
    const county = await enrolPhone(test, admin, { id: 'county-east', role: 'county', area: COUNTY_AREA });
    const inside = await admin.create('appliance', {}, { lng: 113.6, lat: 40.1 });
    const outside = await admin.create('appliance', {}, { lng: 113.3, lat: 40.1 });
    expect((await admin.push()).status).toBe(200);
    const got = await county.pull();
    const ids = got.map((r) => r.id);
    expect(ids).toContain(inside.id);
    expect(ids).not.toContain(outside.id);
    // Its own record outside the area is still its own.
    const own = await county.create('appliance', {}, { lng: 113.2, lat: 40.0 });
    expect((await county.push()).status).toBe(200);
    county.cursor = 0;
    expect((await county.pull()).map((r) => r.id)).toContain(own.id);
  });

  it('stores injection strings verbatim and harmlessly', async () => {
    const evil = "'); DROP TABLE records; --";
    const point = await police.create('checkpoint', { name: evil, notes: 'Robert"); DELETE FROM devices;--' });
    expect((await police.push()).status).toBe(200);
    const row = await test.server.db.query<{ body: FieldRecord<'checkpoint'> }>(
      'SELECT body FROM records WHERE id = $1',
      [point.id],
    );
    expect(row[0]?.body.fields.name).toBe(evil);
    expect((await test.server.db.query('SELECT count(*) AS n FROM devices'))[0]).toBeDefined();
    const pulled = await admin.pull();
    expect(pulled.find((r) => r.id === point.id)?.fields).toMatchObject({ name: evil });
  });

  it('loses nothing when the server restarts mid-sync', async () => {
    const phone = await enrolPhone(test, admin, { id: 'police', role: 'police' });
    for (let i = 0; i < 30; i++) await phone.create('checkpoint-inspection', { notes: `第 ${i} 辆` });
    const body = await phone.pushBody();
    // The push is sent and the server stops while it runs: either it committed whole or not at all.
    const inFlight = phone.request('POST', '/sync/push', body).catch((e: Error) => ({ status: 0, body: e.message }));
    await new Promise((r) => setTimeout(r, 5));
    await test.restart();
    const first = await inFlight;
    phone.baseUrl = test.url;
    admin.baseUrl = test.url;
    const held = await test.server.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM device_audit WHERE device_id = $1',
      [phone.id],
    );
    expect([0, 30]).toContain(Number(held[0]?.n));
    if (first.status === 200) expect(Number(held[0]?.n)).toBe(30);
    // The phone retries what it has not seen acknowledged.
    const retry = await phone.request<Record<string, unknown>>('POST', '/sync/push', await phone.pushBody(0));
    expect(retry.status, JSON.stringify(retry.body)).toBe(200);
    const rows = await test.server.db.query<{ entry: never }>(
      'SELECT entry FROM device_audit WHERE device_id = $1 ORDER BY seq',
      [phone.id],
    );
    expect(rows.map((r) => r.entry)).toEqual(phone.entries);
    const records = await test.server.db.query<{ hash: string; id: string }>(
      'SELECT id, hash FROM records WHERE origin_device = $1',
      [phone.id],
    );
    expect(records).toHaveLength(30);
    for (const r of records) expect(r.hash).toBe(await hashJson(phone.records.get(r.id)));
  });

  async function snapshot() {
    const q = (sql: string) => test.server.db.query(sql);
    return {
      records: await q('SELECT id, hash, changed_seq FROM records ORDER BY id'),
      versions: await q('SELECT record_id, hash, changed_seq FROM record_versions ORDER BY record_id, changed_seq'),
      audit: await q('SELECT device_id, seq, hash FROM device_audit ORDER BY device_id, seq'),
      clock: await q('SELECT value FROM sync_clock'),
      conflicts: await q('SELECT id FROM conflicts ORDER BY id'),
    };
  }

  async function code(body: unknown): Promise<[number, string]> {
    const answer = await police.request<{ error: { code: string } }>('POST', '/sync/push', body);
    return [answer.status, answer.body.error?.code];
  }

  async function signedHeadAt(phone: TestPhone, seq: number) {
    const { signHead } = await import('../../src/records/signed-head.ts');
    return signHead(
      { privateKey: phone.privateKey, publicKey: phone.publicKey },
      phone.id,
      phone.entries[seq - 1],
      new Date().toISOString(),
    );
  }
});
