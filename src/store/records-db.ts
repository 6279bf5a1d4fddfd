/**
 * The field-records database (IndexedDB through Dexie; the only Dexie importer with basemap-store.ts):
 * records, the audit chain, photo Blobs, device metadata and the permit register.
 */
import Dexie, { type Table } from 'dexie';
import type { Permit } from '../checkpoints/permits.ts';
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

/** An imported version of a record that differs from the local one, kept side by side for a person. */
export interface ConflictRow {
  id: string;
  recordId: string;
  incoming: FieldRecord;
  incomingHash: string;
  localHash: string;
  at: string;
  resolved: boolean;
  /** The incoming version's photos that this device does not hold yet, stored when it is taken. */
  photos?: StoredPhoto[];
}

/** The spatial index: each record's 0.002° grid cell (~170 m × 220 m here), for bbox queries. */
export interface SpatialRow {
  recordId: string;
  cell: string;
  /** The record's position, so a bbox query can filter before it reads any record. */
  lng: number;
  lat: number;
  deleted: boolean;
}

/** Size of a spatial cell in degrees. */
export const CELL_DEG = 0.002;

/** The cell key of a point. */
export function cellKey(lng: number, lat: number): string {
  return `${Math.floor(lng / CELL_DEG)}:${Math.floor(lat / CELL_DEG)}`;
}

/** The spatial row of a record. */
export function spatialRow(record: FieldRecord): SpatialRow {
  return {
    recordId: record.id,
    cell: cellKey(record.location.lng, record.location.lat),
    lng: record.location.lng,
    lat: record.location.lat,
    deleted: record.deleted,
  };
}

/** A permit as stored: the register's row, where it came from and when it was last changed. */
export interface StoredPermit extends Permit {
  source: string;
  updatedAt: string;
}

/** Device-level settings (device id, author). */
export interface MetaRow {
  key: string;
  value: unknown;
}

/** The first schema, kept to open and migrate databases created by it. */
export const SCHEMA_V1 = {
  records: 'id, kind, status, updatedAt, [kind+createdAt], location.lat',
  audit: 'seq, recordId',
  photos: 'id, recordId',
  meta: 'key',
};

/** The database. */
export class RecordsDatabase extends Dexie {
  records!: Table<FieldRecord, string>;
  audit!: Table<AuditEntry, number>;
  photos!: Table<StoredPhoto, string>;
  meta!: Table<MetaRow, string>;
  conflicts!: Table<ConflictRow, string>;
  spatial!: Table<SpatialRow, string>;
  permits!: Table<StoredPermit, string>;
  constructor(name = 'coalzone-records') {
    super(name);
    this.version(1).stores(SCHEMA_V1);
    // v2: conflicts from backup imports; records get their kind+updatedAt index (recent changes per kind).
    this.version(2)
      .stores({
        ...SCHEMA_V1,
        records: `${SCHEMA_V1.records}, [kind+updatedAt]`,
        conflicts: 'id, recordId, incomingHash',
      })
      .upgrade(async (tx) => {
        // Every v1 record already has updatedAt; make sure of it so the new index covers all of them.
        await tx
          .table('records')
          .toCollection()
          .modify((r: FieldRecord) => {
            r.updatedAt ??= r.createdAt;
          });
      });
    // v3: a spatial index table (grid cell per record), filled from the existing records.
    this.version(3)
      .stores({ spatial: 'recordId, cell' })
      .upgrade(async (tx) => {
        const records = (await tx.table('records').toArray()) as FieldRecord[];
        await tx.table('spatial').bulkPut(records.map(spatialRow));
      });
    // v4: the permit register (通行证), keyed by permit number, looked up by plate.
    this.version(4).stores({ permits: 'number, plate' });
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

/** What a merge (a backup import, a pull from the server) writes at once. */
export interface MergedBatch {
  records: FieldRecord[];
  photos: StoredPhoto[];
  entries: AuditEntry[];
  conflicts: ConflictRow[];
}

/** Writes a merged batch in one transaction — records with their spatial rows, photos, audit entries, conflicts —
 *  only if the audit chain still ends at `head` (what the merge was worked out against). False when something
 *  was written meanwhile: the caller works the merge out again; nothing is half-written either way. */
export async function writeIfHeadUnchanged(
  db: RecordsDatabase,
  head: { hash: string } | undefined,
  batch: MergedBatch,
): Promise<boolean> {
  return db.transaction('rw', [db.records, db.audit, db.photos, db.conflicts, db.spatial], async () => {
    const now = await db.audit.orderBy('seq').last();
    if (now?.hash !== head?.hash) return false;
    await db.records.bulkPut(batch.records);
    await db.spatial.bulkPut(batch.records.map(spatialRow));
    await db.photos.bulkPut(batch.photos);
    await db.audit.bulkAdd(batch.entries);
    await db.conflicts.bulkAdd(batch.conflicts);
    return true;
  });
}
