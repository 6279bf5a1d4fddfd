/**
 * Sync over a bad network (helpers/fault-proxy.ts: drops, lost answers, duplicates, delays, uploads cut half
 * way) with the server restarted in the middle, on PGlite and on the real PostgreSQL + PostGIS. Three phones
 * retry until done; the end state is checked against the phones: nothing lost, nothing duplicated, every
 * chain valid (the app's verifyChain), every photo whole.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyServerChain } from '../../server/src/server-chain.ts';
import { type AuditEntry, verifyChain } from '../../src/records/audit-chain.ts';
import { hashJson } from '../../src/records/canonical-json.ts';
import { enrolAdmin, enrolPhone } from './helpers/enrolled-phones.ts';
import { type FaultProxy, startFaultProxy } from './helpers/fault-proxy.ts';
import { serverTargets, startTestServer, type TestServer } from './helpers/server-targets.ts';
import type { TestPhone } from './helpers/test-phone.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Retries `work` until it gives an answer of status 200 (a dead line throws; anything else is retried too). */
async function retry<T extends { status: number }>(work: () => Promise<T>, what: string, tries = 60): Promise<T> {
  let last = '';
  for (let i = 0; i < tries; i++) {
    try {
      const answer = await work();
      if (answer.status === 200) return answer;
      last = `${answer.status} ${JSON.stringify((answer as { body?: unknown }).body).slice(0, 200)}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${what}: no success after ${tries} tries (last: ${last})`);
}

/** Pushes until acknowledged, then uploads every missing photo, resuming where the server is. */
async function syncPhone(phone: TestPhone, photos: Map<string, Uint8Array>): Promise<void> {
  const pushed = await retry(() => phone.push(), `push of ${phone.id}`);
  const missing = (pushed.body as { missingPhotos: string[] }).missingPhotos;
  for (const hash of missing) {
    const bytes = photos.get(hash) as Uint8Array;
    for (let round = 0; round < 60; round++) {
      try {
        const at = await phone.request<{ stored: boolean; bytes: number }>('GET', `/photos/${hash}/upload`);
        if (at.status !== 200) continue;
        if (at.body.stored) break;
        const end = Math.min(bytes.length, at.body.bytes + 64 * 1024);
        await phone.request(
          'PUT',
          `/photos/${hash}?offset=${at.body.bytes}&total=${bytes.length}`,
          bytes.slice(at.body.bytes, end),
        );
      } catch {
        // the line dropped: ask again where the server is
      }
    }
  }
}

describe.each(serverTargets())('sync over a bad network on $name', (target) => {
  let test: TestServer;
  let proxy: FaultProxy;
  let admin: TestPhone;
  const phones: TestPhone[] = [];
  const photos = new Map<string, Uint8Array>();

  beforeAll(async () => {
    test = await startTestServer(target);
    admin = await enrolAdmin(test);
    for (let i = 0; i < 3; i++) phones.push(await enrolPhone(test, admin, { id: 'police', role: 'police' }));
    // COALZONE_FAULT_SEED runs another fault sequence (a soak: loop over seeds).
    const seed = Number(process.env.COALZONE_FAULT_SEED ?? (target.name === 'postgres' ? 7 : 3));
    proxy = await startFaultProxy(test.url, seed);
  });
  afterAll(async () => {
    await proxy?.close();
    await test?.dispose();
  });

  it('ends with nothing lost, nothing duplicated and every chain valid', async () => {
    for (const phone of phones) {
      phone.baseUrl = proxy.url;
      for (let i = 0; i < 12; i++) {
        const record = await phone.create('checkpoint-inspection', { notes: `第 ${i} 辆 ${phone.id.slice(-4)}` });
        if (i % 4 === 0) {
          const bytes = new Uint8Array(150_000 + i * 1000);
          crypto.getRandomValues(bytes.subarray(0, 65536));
          bytes.set([0xff, 0xd8, 0xff, 0xe1, i]);
          photos.set(sha(bytes), bytes);
          await phone.edit(record.id, (r) => ({
            ...r,
            photos: [{ id: crypto.randomUUID(), sha256: sha(bytes), type: 'image/jpeg', size: bytes.length }],
          }));
        }
        if (i % 5 === 4) await phone.edit(record.id, (r) => ({ ...r, status: 'reviewed' }));
      }
    }
    // First round: everyone syncs at once through the faults …
    const firstRound = Promise.all(phones.map((p) => syncPhone(p, photos).catch(() => undefined)));
    // … and the server restarts while they do.
    await new Promise((r) => setTimeout(r, 150));
    await test.restart();
    proxy.target = new URL(test.url);
    admin.baseUrl = test.url;
    await firstRound;
    // Each phone syncs again until the server has all of it (what a phone does on its next reconnect).
    for (const phone of phones) await syncPhone(phone, photos);

    for (const fault of ['drop', 'lose-answer', 'duplicate', 'delay', 'cut'] as const)
      expect(proxy.counts[fault], `${fault} happened`).toBeGreaterThan(0);

    const db = test.server.db;
    for (const phone of phones) {
      const rows = await db.query<{ entry: AuditEntry }>(
        'SELECT entry FROM device_audit WHERE device_id = $1 ORDER BY seq',
        [phone.id],
      );
      expect(rows.map((r) => r.entry)).toEqual(phone.entries);
      expect(await verifyChain(rows.map((r) => r.entry))).toBeNull();
      const me = await retry(() => phone.request<{ headSeq: number }>('GET', '/me'), 'me');
      expect(me.body.headSeq).toBe(phone.entries.length);
      const records = await db.query<{ id: string; hash: string }>(
        'SELECT id, hash FROM records WHERE origin_device = $1',
        [phone.id],
      );
      expect(records).toHaveLength(phone.records.size);
      for (const r of records) expect(r.hash).toBe(await hashJson(phone.records.get(r.id)));
      // One version per distinct state pushed: a retried or duplicated push stored nothing twice.
      const versions = await db.query<{ n: number; d: number }>(
        'SELECT count(*)::int AS n, count(DISTINCT (record_id, hash))::int AS d FROM record_versions WHERE device_id = $1',
        [phone.id],
      );
      expect(versions[0]?.n).toBe(versions[0]?.d);
    }
    expect((await db.query('SELECT 1 FROM conflicts')).length).toBe(0);
    for (const [hash, bytes] of photos) {
      const state = await admin.request('GET', `/photos/${hash}/upload`);
      expect(state.body, `photo ${hash}`).toEqual({ stored: true, bytes: bytes.length });
      const stored = await retry(() => admin.request<Uint8Array>('GET', `/photos/${hash}`), 'photo');
      expect(sha(stored.body)).toBe(hash);
      expect(stored.body.length).toBe(bytes.length);
    }
    expect(await verifyServerChain(db)).toBeNull();
  });
});
