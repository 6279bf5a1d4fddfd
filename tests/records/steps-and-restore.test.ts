/**
 * Status steps, soft delete and restore (issue 14 item 16) keep the tamper-evident chain valid: each is one
 * audited change; a step's photo is bound to its record like any other; a restored record verifies in the
 * store and in a signed backup; refused steps write nothing.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { readBundle } from '../../src/io/backup-bundle.ts';
import { verifyChain } from '../../src/records/audit-chain.ts';
import { exportBundle } from '../../src/store/backup.ts';
import { RecordsDatabase } from '../../src/store/records-db.ts';
import {
  addStatusStep,
  createRecord,
  deleteRecord,
  photoBlob,
  RecordValidationError,
  restoreRecord,
} from '../../src/store/records-repo.ts';
import { verifyStore } from '../../src/store/verify-store.ts';

let n = 0;
const ctx = { author: { role: 'market-regulation' as const, officerId: 'SJ-01' }, zoneAnswer: null };
const location = { lng: 113.3, lat: 40.092, accuracyM: 8, source: 'map' as const };
const jpeg = new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])], { type: 'image/jpeg' });

async function shop(db: RecordsDatabase) {
  return createRecord(
    db,
    {
      kind: 'sales-point',
      location,
      fields: { name: '煤店', operator: '', address: '', mode: 'fixed', sells: [], phone: '' },
    },
    ctx,
  );
}

describe('status steps', () => {
  it('a step with note, document number and photo is one audited change; the chain and the photo verify', async () => {
    const db = new RecordsDatabase(`steps-${++n}`);
    const r = await shop(db);
    const after = await addStatusStep(
      db,
      r.id,
      { status: 'ordered-to-stop', note: ' 现场责令停止 ', documentNumber: '市监责停〔2026〕3号', photo: jpeg },
      ctx,
    );
    expect(after.status).toBe('ordered-to-stop');
    const step = after.statusHistory.at(-1);
    expect(step).toMatchObject({
      status: 'ordered-to-stop',
      note: '现场责令停止',
      documentNumber: '市监责停〔2026〕3号',
    });
    expect(step?.photoIds).toEqual([after.photos[0]?.id]);
    expect(after.photos[0]?.addedAt).toBe(step?.at);
    expect(await photoBlob(db, after.photos[0]?.id as string)).not.toBeNull();
    expect(await db.audit.count()).toBe(2);
    expect(await verifyStore(db)).toBeNull();
    // A re-inspection may repeat; a step without a document number has no such key (hashes stay canonical).
    const again = await addStatusStep(db, r.id, { status: 'reinspected', note: '' }, ctx);
    expect(Object.keys(again.statusHistory.at(-1) ?? {})).toEqual(['status', 'at', 'by', 'note']);
    expect(await verifyChain(await db.audit.orderBy('seq').toArray(), await db.records.toArray())).toBeNull();
  });

  it('refuses a move the flow does not allow, or an over-long document number, and writes nothing', async () => {
    const db = new RecordsDatabase(`steps-${++n}`);
    const r = await shop(db);
    await expect(addStatusStep(db, r.id, { status: 'removed' }, ctx)).rejects.toBeInstanceOf(RecordValidationError);
    const long = addStatusStep(db, r.id, { status: 'closed', documentNumber: '号'.repeat(61), photo: jpeg }, ctx);
    await expect(long).rejects.toMatchObject({ errors: [{ path: 'documentNumber', code: 'TOO_LONG' }] });
    expect(await db.audit.count()).toBe(1);
    expect(await db.photos.count()).toBe(0);
    expect((await db.records.get(r.id))?.status).toBe('found');
  });
});

describe('delete and restore', () => {
  it('are audited changes: the record comes back as it was, and the store and a signed backup verify', async () => {
    const db = new RecordsDatabase(`restore-${++n}`);
    const r = await shop(db);
    await addStatusStep(db, r.id, { status: 'closed', photo: jpeg }, ctx);
    await deleteRecord(db, r.id, ctx);
    expect((await db.records.get(r.id))?.deleted).toBe(true);
    await expect(addStatusStep(db, r.id, { status: 'reinspected' }, ctx)).rejects.toThrow(/no record/);
    const back = await restoreRecord(db, r.id, ctx);
    expect(back.deleted).toBe(false);
    expect(back.status).toBe('closed');
    expect(back.photos).toHaveLength(1);
    const ops = (await db.audit.orderBy('seq').toArray()).map((e) => e.op);
    expect(ops).toEqual(['create', 'update', 'delete', 'update']);
    expect(await verifyStore(db)).toBeNull();
    const bundle = await readBundle(await exportBundle(db));
    expect(bundle.records.find((x) => x.id === r.id)?.deleted).toBe(false);
    // Restoring a live record is refused (nothing to restore), and nothing is written.
    await expect(restoreRecord(db, r.id, ctx)).rejects.toThrow(/no deleted record/);
    expect(await db.audit.count()).toBe(4);
  });
});
