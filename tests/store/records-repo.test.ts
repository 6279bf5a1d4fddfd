import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { hashJson } from '../../src/records/canonical-json.ts';
import { RecordsDatabase } from '../../src/store/records-db.ts';
import {
  addPhoto,
  createRecord,
  deleteRecord,
  listRecords,
  RecordValidationError,
  updateRecord,
  verifyStore,
} from '../../src/store/records-repo.ts';

let n = 0;
const fresh = () => new RecordsDatabase(`records-test-${++n}`);
const ctx = { author: { role: 'market-regulation' as const, officerId: 'SJ-007' }, zoneAnswer: null };
const location = { lng: 113.3, lat: 40.092, accuracyM: 8, source: 'gps' as const };
const salesPoint = {
  kind: 'sales-point' as const,
  location,
  fields: {
    name: '<img src=x onerror=alert(1)>煤店',
    operator: '=HYPERLINK("x")',
    address: '',
    mode: 'fixed' as const,
    sells: ['散煤'],
    phone: '0352 5022085',
  },
};

describe('records repository (IndexedDB via fake-indexeddb)', () => {
  it('creates, edits, soft-deletes each kind; survives reopening; the chain verifies', async () => {
    const name = `records-test-${++n}`;
    let db = new RecordsDatabase(name);
    const sp = await createRecord(db, salesPoint, ctx);
    const ap = await createRecord(
      db,
      { kind: 'appliance', location, fields: { type: 'dazao', owner: '李四', address: '', conversion: 'none' } },
      ctx,
    );
    const vr = await createRecord(
      db,
      {
        kind: 'violation-report',
        location,
        fields: { what: 'burning', description: '', observedAt: '2026-12-01T08:00:00+08:00', contact: null },
      },
      ctx,
    );
    await createRecord(
      db,
      {
        kind: 'exempt-enterprise',
        location,
        fields: { name: '大同热电', category: 'central-heating', permitNumber: 'TX-2024-01', address: '' },
      },
      ctx,
    );
    await updateRecord(db, sp.id, { status: 'ordered-to-stop', note: '责令停止销售' }, ctx);
    await updateRecord(db, ap.id, { status: 'converted', fields: { conversion: 'gas' } }, ctx);
    await deleteRecord(db, vr.id, ctx);
    db.close();
    db = new RecordsDatabase(name);
    const stored = await db.records.get(sp.id);
    expect(stored?.fields).toMatchObject({ name: '<img src=x onerror=alert(1)>煤店', phone: '0352-5022085' });
    expect(stored?.statusHistory.map((s) => s.status)).toEqual(['found', 'ordered-to-stop']);
    expect((await db.records.get(vr.id))?.deleted).toBe(true);
    expect(await listRecords(db, { kind: 'violation-report' })).toHaveLength(0);
    expect(await listRecords(db, { kind: 'violation-report', includeDeleted: true })).toHaveLength(1);
    expect(await db.audit.count()).toBe(7);
    expect(await verifyStore(db)).toBeNull();
  });

  it('refuses invalid input with field errors and writes nothing', async () => {
    const db = fresh();
    await createRecord(db, salesPoint, ctx);
    const bad = { ...salesPoint, fields: { ...salesPoint.fields, name: '', phone: '110' } };
    const error = await createRecord(db, bad, ctx).catch((e) => e);
    expect(error).toBeInstanceOf(RecordValidationError);
    expect((error as RecordValidationError).errors.map((e) => e.path).sort()).toEqual(['fields.name', 'fields.phone']);
    const only = (await db.records.toArray())[0]!;
    const moveError = await updateRecord(db, only.id, { status: 'found-again' }, ctx).catch((e) => e);
    expect(moveError).toBeInstanceOf(RecordValidationError);
    expect(await db.records.count()).toBe(1);
    expect(await db.audit.count()).toBe(1);
  });

  it('detects a tampered record, entry and photo, naming where', async () => {
    const db = fresh();
    const a = await createRecord(db, salesPoint, ctx);
    await createRecord(db, salesPoint, ctx);
    await addPhoto(db, a.id, new Blob([new Uint8Array([1, 2, 3])], { type: 'image/jpeg' }), ctx);
    expect(await verifyStore(db)).toBeNull();
    const stored = (await db.records.get(a.id))!;
    await db.records.put({ ...stored, fields: { ...stored.fields, name: '改过的名字' } });
    expect(await verifyStore(db)).toMatchObject({ recordId: a.id, reason: 'RECORD_ALTERED' });
    await db.records.put(stored);
    expect(await verifyStore(db)).toBeNull();
    const entry = (await db.audit.get(2))!;
    await db.audit.put({ ...entry, at: '2020-01-01T00:00:00.000Z' });
    expect(await verifyStore(db)).toMatchObject({ seq: 2, reason: 'ENTRY_ALTERED' });
    await db.audit.put(entry);
    const photo = (await db.photos.toArray())[0]!;
    await db.photos.put({ ...photo, blob: new Blob([new Uint8Array([9, 9, 9])]) });
    expect(await verifyStore(db)).toMatchObject({ recordId: a.id, reason: 'PHOTO_REPLACED' });
  });

  it('loses nothing on a quota error: the write rolls back whole', async () => {
    const db = fresh();
    await createRecord(db, salesPoint, ctx);
    const add = db.audit.add.bind(db.audit);
    db.audit.add = (() => Promise.reject(Object.assign(new Error('full'), { name: 'QuotaExceededError' }))) as never;
    await expect(createRecord(db, salesPoint, ctx)).rejects.toThrow(/storage is full/);
    db.audit.add = add;
    expect(await db.records.count()).toBe(1);
    expect(await db.audit.count()).toBe(1);
    expect(await verifyStore(db)).toBeNull();
  });

  it('two tabs writing at once keep every record in one unbroken chain', async () => {
    const name = `records-test-${++n}`;
    const tab1 = new RecordsDatabase(name);
    const tab2 = new RecordsDatabase(name);
    await Promise.all(Array.from({ length: 20 }, (_, i) => createRecord(i % 2 === 0 ? tab1 : tab2, salesPoint, ctx)));
    expect(await tab1.records.count()).toBe(20);
    expect((await tab2.audit.orderBy('seq').toArray()).map((e) => e.seq)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    expect(await verifyStore(tab1)).toBeNull();
  });

  it('stores the payload hash of exactly what it stored', async () => {
    const db = fresh();
    const r = await createRecord(db, salesPoint, ctx);
    expect((await db.audit.get(1))?.payloadHash).toBe(await hashJson(await db.records.get(r.id)));
  });
});

describe('bulk create', () => {
  it('writes many records in one chain, refusing the whole batch on one bad record', async () => {
    const { createRecords } = await import('../../src/store/records-repo.ts');
    const db = fresh();
    await createRecord(db, salesPoint, ctx);
    expect(
      await createRecords(
        db,
        Array.from({ length: 500 }, () => salesPoint),
        ctx,
      ),
    ).toBe(500);
    expect(await db.records.count()).toBe(501);
    expect(await verifyStore(db)).toBeNull();
    const bad = [salesPoint, { ...salesPoint, fields: { ...salesPoint.fields, name: '' } }];
    await expect(createRecords(db, bad, ctx)).rejects.toThrow(/record 2: name is required/);
    expect(await db.records.count()).toBe(501);
  });
});

describe('bbox query', () => {
  it('returns exactly the live records inside the box (against a full scan)', async () => {
    const { createRecords, recordsInBbox } = await import('../../src/store/records-repo.ts');
    const db = fresh();
    const inputs = Array.from({ length: 400 }, (_, i) => ({
      ...salesPoint,
      location: { ...location, lng: 113.2 + ((i * 37) % 100) / 500, lat: 40.0 + ((i * 53) % 100) / 800 },
    }));
    await createRecords(db, inputs, ctx);
    const first = (await db.records.toArray())[0]!;
    await deleteRecord(db, first.id, ctx);
    const all = (await db.records.toArray()).filter((r) => !r.deleted);
    for (const box of [
      [113.25, 40.02, 113.3, 40.06],
      [113.2, 40.0, 113.4, 40.125],
      [113.0, 39.0, 114.0, 41.0],
    ] as [number, number, number, number][]) {
      const expected = all
        .filter(
          (r) =>
            r.location.lng >= box[0] &&
            r.location.lng <= box[2] &&
            r.location.lat >= box[1] &&
            r.location.lat <= box[3],
        )
        .map((r) => r.id)
        .sort();
      expect((await recordsInBbox(db, box)).map((r) => r.id).sort()).toEqual(expected);
    }
  });
});

describe('checkpoint inspections (a kind added after the first four)', () => {
  it('stores an inspection with the plate read canonically, and refuses a police plate', async () => {
    const db = fresh();
    const fields = {
      checkpoint: '北环路卡点',
      plate: '晋b 1234O',
      vehicleType: '重型货车',
      coalType: '原煤',
      tonnage: '30',
      origin: '云州区',
      destination: '大同第二热电厂',
      permitNumber: 'TX-001',
      permitResult: 'valid' as const,
      outcome: 'passed' as const,
      notes: '',
    };
    const r = await createRecord(db, { kind: 'checkpoint-inspection', location, fields }, ctx);
    expect(r.fields.plate).toBe('晋B12340');
    expect(r.status).toBe('recorded');
    const error = await createRecord(
      db,
      { kind: 'checkpoint-inspection', location, fields: { ...fields, plate: '晋B1234警' } },
      ctx,
    ).catch((e) => e);
    expect((error as RecordValidationError).errors.map((e) => e.code)).toEqual(['POLICE_PLATE']);
    expect(await verifyStore(db)).toBeNull();
  });
});
