/**
 * The field-records database (IndexedDB through Dexie; the only Dexie importer with basemap-store.ts):
 * records, the audit chain, photo Blobs, and device metadata. Version 1 of the schema.
 */
import Dexie, { type Table } from 'dexie';
import type { AuditEntry } from '../records/audit-chain.ts';
import type { FieldRecord } from '../records/record.ts';

/** A photo Blob and what it belongs to. */
export interface StoredPhoto {
  id: string;
  recordId: string;
  sha256: string;
  type: string;
  blob: Blob;
}

/** Device-level settings (device id, author). */
export interface MetaRow {
  key: string;
  value: unknown;
}

/** The database. */
export class RecordsDatabase extends Dexie {
  records!: Table<FieldRecord, string>;
  audit!: Table<AuditEntry, number>;
  photos!: Table<StoredPhoto, string>;
  meta!: Table<MetaRow, string>;
  constructor(name = 'coalzone-records') {
    super(name);
    this.version(1).stores({
      records: 'id, kind, status, updatedAt, [kind+createdAt], location.lat',
      audit: 'seq, recordId',
      photos: 'id, recordId',
      meta: 'key',
    });
  }
}

/** This device's id, made once and kept. */
export async function deviceId(db: RecordsDatabase): Promise<string> {
  return db.transaction('rw', db.meta, async () => {
    const row = await db.meta.get('deviceId');
    if (row) return row.value as string;
    const id = crypto.randomUUID();
    await db.meta.put({ key: 'deviceId', value: id });
    return id;
  });
}
