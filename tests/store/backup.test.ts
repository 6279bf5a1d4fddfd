import 'fake-indexeddb/auto';
import { kml as kmlToGeoJson } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import Dexie from 'dexie';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readBundle } from '../../src/io/backup-bundle.ts';
import { recordsToCsv, recordsToGeoJson, recordsToKml } from '../../src/io/export-records.ts';
import { sha256Hex } from '../../src/records/canonical-json.ts';
import { exportBundle, importBundle } from '../../src/store/backup.ts';
import { RecordsDatabase, SCHEMA_V1 } from '../../src/store/records-db.ts';
import { addPhoto, createRecord, updateRecord, verifyStore } from '../../src/store/records-repo.ts';

let n = 0;
const fresh = () => new RecordsDatabase(`backup-test-${++n}`);
const ctx = { author: { role: 'ecology' as const, officerId: '=cmd|calc' }, zoneAnswer: null };
const location = { lng: 113.3, lat: 40.092, accuracyM: 8, source: 'gps' as const };

async function seeded(): Promise<RecordsDatabase> {
  const db = fresh();
  const a = await createRecord(
    db,
    {
      kind: 'sales-point',
      location,
      fields: { name: '煤店 <b>', operator: '', address: '', mode: 'fixed', sells: ['散煤'], phone: '' },
    },
    ctx,
  );
  await addPhoto(db, a.id, new Blob([new Uint8Array([0xff, 0xd8, 1, 2])], { type: 'image/jpeg' }), ctx);
  await createRecord(
    db,
    {
      kind: 'violation-report',
      location,
      fields: {
        what: 'storing',
        description: '院内堆煤',
        observedAt: '2026-12-01T08:00:00+08:00',
        contact: { name: '王五', phone: '13812345678' },
      },
    },
    ctx,
  );
  return db;
}

describe('exports', () => {
  it('CSV has a BOM, neutralises formulas and redacts contacts unless asked', async () => {
    const db = await seeded();
    const records = await db.records.toArray();
    const csv = recordsToCsv(records);
    expect(csv.startsWith('\uFEFFid,kind,')).toBe(true);
    expect(csv).toContain("'=cmd|calc");
    expect(csv).not.toContain('13812345678');
    expect(csv).toContain('(redacted)');
    expect(recordsToCsv(records, { includeContacts: true })).toContain('13812345678');
  });

  it('GeoJSON and KML round-trip through a KML reader with text escaped', async () => {
    const records = await (await seeded()).records.toArray();
    expect(JSON.parse(recordsToGeoJson(records)).features).toHaveLength(2);
    const doc = new DOMParser().parseFromString(recordsToKml(records), 'text/xml');
    const back = kmlToGeoJson(doc as never);
    expect(back.features).toHaveLength(2);
    expect(back.features.map((f) => f.properties?.name)).toContain('煤店 <b>');
  });

  it('are labelled with the exporting device and its key fingerprint', async () => {
    const records = await (await seeded()).records.toArray();
    const exportedBy = { deviceId: 'dev-1', fingerprint: 'ABCD 0123 4567 89AB CDEF 0123 4567 89AB' };
    const csv = recordsToCsv(records, { exportedBy }).split('\r\n');
    expect(csv[0]?.endsWith(',exported_by_device,export_key_fingerprint')).toBe(true);
    expect(csv[1]?.endsWith(',dev-1,ABCD 0123 4567 89AB CDEF 0123 4567 89AB')).toBe(true);
    expect(JSON.parse(recordsToGeoJson(records, { exportedBy })).coalzone.keyFingerprint).toBe(exportedBy.fingerprint);
    expect(recordsToKml(records, { exportedBy })).toContain('<description>导出设备 exported by device dev-1');
  });
});

describe('backup bundle', () => {
  it('exports and imports into a fresh profile: identical records, photos and a verifying chain', async () => {
    const source = await seeded();
    const bytes = await exportBundle(source);
    const target = fresh();
    const report = await importBundle(target, bytes, ctx);
    expect(report).toMatchObject({ added: 2, unchanged: 0, conflicts: 0, device: { known: false } });
    expect(report.device?.fingerprint).toMatch(/^([0-9A-F]{4} ){7}[0-9A-F]{4}$/);
    const sort = (rs: { id: string }[]) => [...rs].sort((a, b) => a.id.localeCompare(b.id));
    expect(sort(await target.records.toArray())).toEqual(sort(await source.records.toArray()));
    const photo = (await target.photos.toArray())[0]!;
    expect(await sha256Hex(await photo.blob.arrayBuffer())).toBe(photo.sha256);
    expect(await verifyStore(target)).toBeNull();
    expect(await importBundle(target, bytes, ctx)).toMatchObject({ added: 0, unchanged: 2, conflicts: 0 });
    expect(await target.audit.count()).toBe(2);
  });

  it('keeps a conflicting edit beside the local record instead of overwriting it', async () => {
    const source = await seeded();
    const target = fresh();
    await importBundle(target, await exportBundle(source), ctx);
    const id = (await source.records.where('kind').equals('sales-point').first())!.id;
    await updateRecord(source, id, { status: 'closed', note: '已取缔' }, ctx);
    await updateRecord(target, id, { fields: { address: '御河西路 1 号' } }, ctx);
    const report = await importBundle(target, await exportBundle(source), ctx);
    expect(report.conflicts).toBe(1);
    expect((await target.records.get(id))?.fields).toMatchObject({ address: '御河西路 1 号' });
    expect((await target.conflicts.toArray())[0]?.incoming.status).toBe('closed');
    expect((await importBundle(target, await exportBundle(source), ctx)).conflicts).toBe(0);
  });

  it('refuses corrupted, tampered and foreign bundles, and changes nothing', async () => {
    const source = await seeded();
    const bytes = await exportBundle(source);
    const target = fresh();
    const before = await target.records.count();
    const files = unzipSync(bytes);
    const records = JSON.parse(new TextDecoder().decode(files['records.json']));
    records[0].fields.name = 'forged';
    const forgedRecords = strToU8(JSON.stringify(records));
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
    manifest.files['records.json'] = await sha256Hex(forgedRecords);
    const resigned = zipSync({
      ...files,
      'records.json': forgedRecords,
      'manifest.json': strToU8(JSON.stringify(manifest)),
    });
    const cases: [Uint8Array, RegExp][] = [
      [strToU8('not a zip at all'), /not a zip/],
      [zipSync({ 'a.txt': strToU8('x') }), /entry "a.txt" is not a file a coalzone backup holds/],
      [zipSync({ 'records.json': strToU8('[]') }), /no manifest/],
      [zipSync({ ...files, 'records.json': forgedRecords }), /does not match its hash/],
      [resigned, /manifest.json is not signed by the key it names/],
    ];
    for (const [bad, message] of cases) await expect(importBundle(target, bad, ctx)).rejects.toThrow(message);
    expect(await target.records.count()).toBe(before);
    expect(await target.audit.count()).toBe(0);
    await expect(readBundle(bytes)).resolves.toBeDefined();
  });
});

describe('conflicts with photos', () => {
  it('keeps a conflict’s new photos in its row, stores them when taken, and drops no local photo', async () => {
    const { resolveConflict, openConflicts } = await import('../../src/store/conflicts.ts');
    const source = await seeded();
    const target = fresh();
    await importBundle(target, await exportBundle(source), ctx);
    const id = (await source.records.where('kind').equals('sales-point').first())!.id;
    const jpeg = (b: number) => new Blob([new Uint8Array([0xff, 0xd8, b])], { type: 'image/jpeg' });
    await addPhoto(source, id, jpeg(7), ctx);
    await addPhoto(target, id, jpeg(8), ctx);
    await importBundle(target, await exportBundle(source), ctx);
    // Waiting in the conflict row, not in the photos table: no local record names it yet.
    expect(await target.photos.count()).toBe(2);
    expect(await verifyStore(target)).toBeNull();
    const [conflict] = await openConflicts(target);
    expect(conflict?.photos).toHaveLength(1);
    await resolveConflict(target, conflict!.id, 'incoming', ctx);
    const record = (await target.records.get(id))!;
    expect(record.photos).toHaveLength(3);
    expect(await target.photos.count()).toBe(3);
    expect(await verifyStore(target)).toBeNull();
  });
});

describe('schema upgrade', () => {
  it('opens a version-1 database with its data and migrates it to the current version', async () => {
    const scratch = await seeded();
    const name = `v1-db-${++n}`;
    const v1 = new Dexie(name);
    v1.version(1).stores(SCHEMA_V1);
    await v1.table('records').bulkPut(await scratch.records.toArray());
    await v1.table('audit').bulkPut(await scratch.audit.toArray());
    await v1.table('photos').bulkPut(await scratch.photos.toArray());
    v1.close();
    const v2 = new RecordsDatabase(name);
    expect(await v2.records.count()).toBe(2);
    expect(
      await v2.records.where('[kind+updatedAt]').between(['sales-point', ''], ['sales-point', '\uffff']).count(),
    ).toBe(1);
    expect(await v2.conflicts.count()).toBe(0);
    expect(await verifyStore(v2)).toBeNull();
    expect(v2.verno).toBe(4);
    // v3 filled the spatial index from the v1 records; v4 added an empty permit register.
    expect(await v2.spatial.count()).toBe(2);
    expect(await v2.permits.count()).toBe(0);
  });
});

describe('conflict resolution', () => {
  it('keeps local or takes the incoming version, audited, and the chain still verifies', async () => {
    const { openConflicts, resolveConflict } = await import('../../src/store/conflicts.ts');
    const source = await seeded();
    const target = fresh();
    await importBundle(target, await exportBundle(source), ctx);
    const ids = (await source.records.toArray()).map((r) => r.id);
    for (const id of ids) await updateRecord(source, id, { note: '来源端修改' }, ctx);
    const salesId = (await source.records.where('kind').equals('sales-point').first())!.id;
    for (const id of ids) await updateRecord(target, id, { note: '本机修改' }, ctx);
    await importBundle(target, await exportBundle(source), ctx);
    const open = await openConflicts(target);
    expect(open).toHaveLength(2);
    const take = open.find((c) => c.recordId === salesId)!;
    const keep = open.find((c) => c.recordId !== salesId)!;
    await resolveConflict(target, take.id, 'incoming', ctx);
    await resolveConflict(target, keep.id, 'local', ctx);
    expect(await openConflicts(target)).toHaveLength(0);
    expect((await target.records.get(salesId))?.statusHistory.at(-1)?.note).toBe('来源端修改');
    expect((await target.records.get(keep.recordId))?.statusHistory.at(-1)?.note).toBe('本机修改');
    expect(await verifyStore(target)).toBeNull();
    await expect(resolveConflict(target, take.id, 'local', ctx)).rejects.toThrow(/no open conflict/);
  });
});
