/**
 * Writes records and their audit entries together, in one IndexedDB transaction: validated first, so a
 * record is never half-saved; a failed write (e.g. quota) rolls back both. IndexedDB serialises read-write
 * transactions on the same tables, so two open tabs append to one unbroken chain.
 */
import Dexie from 'dexie';
import { InputError } from '../errors.ts';
import { type AuditEntry, type AuditOp, nextEntry } from '../records/audit-chain.ts';
import { hashJson, sha256Hex } from '../records/canonical-json.ts';
import {
  type Author,
  type FieldRecord,
  initialStatus,
  type RecordKind,
  type SavedZoneAnswer,
  SCHEMA_VERSION,
} from '../records/record.ts';
import { canMove, type FieldError, type RecordInput, validateRecordInput } from '../records/validate-record.ts';
import { CELL_DEG, deviceId, type RecordsDatabase, spatialRow } from './records-db.ts';

/** Refused input, with every field's error. Nothing was written. */
export class RecordValidationError extends InputError {
  readonly errors: FieldError[];
  constructor(errors: FieldError[]) {
    super('INVALID_ARGUMENT', `the record was not saved: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, {
      errors,
    });
    this.name = 'RecordValidationError';
    this.errors = errors;
  }
}

/** Who is writing and the zone answer the caller computed for the location (src/geo). */
export interface WriteContext {
  author: Author;
  zoneAnswer: SavedZoneAnswer | null;
  now?: Date;
}

/** Creates a record. Resolves to the stored record. */
export async function createRecord<K extends RecordKind>(
  db: RecordsDatabase,
  input: RecordInput<K>,
  context: WriteContext,
): Promise<FieldRecord<K>> {
  const { errors, fields } = validateRecordInput(input as RecordInput);
  if (errors.length > 0) throw new RecordValidationError(errors);
  const at = (context.now ?? new Date()).toISOString();
  const status = initialStatus(input.kind);
  const record: FieldRecord<K> = {
    id: crypto.randomUUID(),
    kind: input.kind,
    schemaVersion: SCHEMA_VERSION,
    createdAt: at,
    updatedAt: at,
    deleted: false,
    deviceId: await deviceId(db),
    author: context.author,
    location: { ...input.location },
    zoneAnswer: context.zoneAnswer,
    photos: [],
    status,
    statusHistory: [{ status, at, by: context.author.officerId, note: '' }],
    fields: fields as unknown as FieldRecord<K>['fields'],
  };
  await write(db, record, 'create', context);
  return record;
}

/** Creates many records at once (imports from registers, benchmarks): all validated first, then written
 *  with their audit entries in one transaction. The chain is computed outside the transaction from the last
 *  entry and the write is retried if another tab appended meanwhile, so the chain stays unbroken. */
export async function createRecords(
  db: RecordsDatabase,
  inputs: readonly RecordInput[],
  context: WriteContext & { zoneAnswers?: (SavedZoneAnswer | null)[] },
): Promise<number> {
  const at = (context.now ?? new Date()).toISOString();
  const device = await deviceId(db);
  const records: FieldRecord[] = inputs.map((input, i) => {
    const { errors, fields } = validateRecordInput(input);
    if (errors.length > 0)
      throw new RecordValidationError(errors.map((e) => ({ ...e, message: `record ${i + 1}: ${e.message}` })));
    const status = initialStatus(input.kind);
    return {
      id: crypto.randomUUID(),
      kind: input.kind,
      schemaVersion: SCHEMA_VERSION,
      createdAt: (input as RecordInput & { createdAt?: string }).createdAt ?? at,
      updatedAt: at,
      deleted: false,
      deviceId: device,
      author: context.author,
      location: { ...input.location },
      zoneAnswer: context.zoneAnswers?.[i] ?? context.zoneAnswer,
      photos: [],
      status,
      statusHistory: [{ status, at, by: context.author.officerId, note: '' }],
      fields: fields as unknown as FieldRecord['fields'],
    };
  });
  const payloads = await Promise.all(records.map((r) => hashJson(r)));
  for (let attempt = 0; attempt < 5; attempt++) {
    const last = await db.audit.orderBy('seq').last();
    const entries: AuditEntry[] = [];
    let previous = last;
    for (let i = 0; i < records.length; i++) {
      const r = records[i] as FieldRecord;
      previous = await nextEntry(previous, {
        recordId: r.id,
        op: 'create',
        at,
        author: context.author,
        deviceId: device,
        payloadHash: payloads[i] as string,
      });
      entries.push(previous);
    }
    const written = await db.transaction('rw', db.records, db.audit, db.spatial, async () => {
      const now = await db.audit.orderBy('seq').last();
      if (now?.hash !== last?.hash) return false;
      await db.records.bulkPut(records);
      await db.spatial.bulkPut(records.map(spatialRow));
      await db.audit.bulkAdd(entries);
      return true;
    });
    if (written) return records.length;
  }
  throw new InputError('INVALID_ARGUMENT', 'the audit log kept changing during a bulk write; try again');
}

/** Changes a record's fields and/or status (a status change adds a history step). */
export async function updateRecord(
  db: RecordsDatabase,
  id: string,
  change: { fields?: Record<string, unknown>; status?: string; note?: string; location?: RecordInput['location'] },
  context: WriteContext,
): Promise<FieldRecord> {
  const existing = await db.records.get(id);
  if (!existing || existing.deleted) throw new InputError('INVALID_ARGUMENT', `no record ${id}`);
  const input = {
    kind: existing.kind,
    location: change.location ?? existing.location,
    fields: { ...(existing.fields as object), ...(change.fields ?? {}) },
  } as unknown as RecordInput;
  const { errors, fields } = validateRecordInput(input);
  if (change.status !== undefined && !canMove(existing.kind, existing.status, change.status))
    errors.push({
      path: 'status',
      code: 'BAD_TRANSITION',
      message: `a ${existing.kind} cannot go from ${existing.status} to ${change.status}`,
    });
  if (errors.length > 0) throw new RecordValidationError(errors);
  const at = (context.now ?? new Date()).toISOString();
  const status = change.status ?? existing.status;
  const record: FieldRecord = {
    ...existing,
    updatedAt: at,
    location: input.location,
    zoneAnswer: change.location ? context.zoneAnswer : existing.zoneAnswer,
    fields: fields as unknown as FieldRecord['fields'],
    status,
    statusHistory:
      change.status !== undefined || change.note
        ? [...existing.statusHistory, { status, at, by: context.author.officerId, note: change.note ?? '' }]
        : existing.statusHistory,
  };
  await write(db, record, 'update', context);
  return record;
}

/** Soft-deletes a record (kept, marked deleted, audited). */
export async function deleteRecord(db: RecordsDatabase, id: string, context: WriteContext): Promise<void> {
  const existing = await db.records.get(id);
  if (!existing || existing.deleted) throw new InputError('INVALID_ARGUMENT', `no record ${id}`);
  const at = (context.now ?? new Date()).toISOString();
  await write(db, { ...existing, deleted: true, updatedAt: at }, 'delete', context);
}

/** Restores a soft-deleted record (an audited change like any other: the record as it was, `deleted` false).
 *  Written as an `update` entry so that every reader of backups and the sync server's schema (which know
 *  create/update/delete/import) accepts it — decision 0021. */
export async function restoreRecord(db: RecordsDatabase, id: string, context: WriteContext): Promise<FieldRecord> {
  const existing = await db.records.get(id);
  if (!existing?.deleted) throw new InputError('INVALID_ARGUMENT', `no deleted record ${id}`);
  const record = { ...existing, deleted: false, updatedAt: (context.now ?? new Date()).toISOString() };
  await write(db, record, 'update', context);
  return record;
}

/** Longest document number a status step keeps (a 通知书 number is ~20 characters). */
const MAX_DOCUMENT_NUMBER = 60;
/** Longest note a status step keeps. */
const MAX_NOTE = 2_000;

/** One step of a record's status history: the new status (or the same one, for a re-visit where the flow
 *  allows it), a note, an optional document number and an optional photo (already resized), written as one
 *  audited change, so the step and its photo stand or fall together. */
export async function addStatusStep(
  db: RecordsDatabase,
  id: string,
  step: { status: string; note?: string; documentNumber?: string; photo?: Blob | null },
  context: WriteContext,
): Promise<FieldRecord> {
  const existing = await db.records.get(id);
  if (!existing || existing.deleted) throw new InputError('INVALID_ARGUMENT', `no record ${id}`);
  const note = (step.note ?? '').trim();
  const documentNumber = (step.documentNumber ?? '').trim();
  const errors: FieldError[] = [];
  if (!canMove(existing.kind, existing.status, step.status))
    errors.push({
      path: 'status',
      code: 'BAD_TRANSITION',
      message: `a ${existing.kind} cannot go from ${existing.status} to ${step.status}`,
    });
  if (documentNumber.length > MAX_DOCUMENT_NUMBER)
    errors.push({
      path: 'documentNumber',
      code: 'TOO_LONG',
      message: `the document number is longer than ${MAX_DOCUMENT_NUMBER} characters`,
    });
  if (note.length > MAX_NOTE)
    errors.push({ path: 'note', code: 'TOO_LONG', message: `the note is longer than ${MAX_NOTE} characters` });
  if (errors.length > 0) throw new RecordValidationError(errors);
  const at = (context.now ?? new Date()).toISOString();
  const photo = step.photo ? await photoRow(id, step.photo, at) : undefined;
  const entry: FieldRecord['statusHistory'][number] = { status: step.status, at, by: context.author.officerId, note };
  if (documentNumber) entry.documentNumber = documentNumber;
  if (photo) entry.photoIds = [photo.ref.id];
  const record: FieldRecord = {
    ...existing,
    status: step.status,
    updatedAt: at,
    photos: photo ? [...existing.photos, photo.ref] : existing.photos,
    statusHistory: [...existing.statusHistory, entry],
  };
  await write(db, record, 'update', context, photo?.row);
  return record;
}

/** A photo's stored bytes (for thumbnails and the full-screen view), or null when it is not on this device. */
export async function photoBlob(db: RecordsDatabase, photoId: string): Promise<Blob | null> {
  return (await db.photos.get(photoId))?.blob ?? null;
}

/** The reference a record keeps and the row the photos table keeps, for a photo attached at `at`. */
async function photoRow(recordId: string, photo: Blob, at: string) {
  const sha256 = await sha256Hex(await photo.arrayBuffer());
  const ref = {
    id: crypto.randomUUID(),
    sha256,
    type: photo.type || 'application/octet-stream',
    size: photo.size,
    addedAt: at,
  };
  return { ref, row: { id: ref.id, recordId, sha256, type: ref.type, blob: photo } };
}

/** Attaches a photo (already resized by the caller) to a record: stored as a Blob with its SHA-256. */
export async function addPhoto(
  db: RecordsDatabase,
  id: string,
  photo: Blob,
  context: WriteContext,
): Promise<FieldRecord> {
  const existing = await db.records.get(id);
  if (!existing || existing.deleted) throw new InputError('INVALID_ARGUMENT', `no record ${id}`);
  const at = (context.now ?? new Date()).toISOString();
  const { ref, row } = await photoRow(id, photo, at);
  const record: FieldRecord = { ...existing, photos: [...existing.photos, ref], updatedAt: at };
  await write(db, record, 'update', context, row);
  return record;
}

/** Writes a record and its audit entry in one transaction; `alsoInside` runs in the same transaction. */
export async function write(
  db: RecordsDatabase,
  record: FieldRecord,
  op: AuditOp,
  context: WriteContext,
  photo?: { id: string; recordId: string; sha256: string; type: string; blob: Blob },
  alsoInside?: () => Promise<unknown>,
): Promise<void> {
  const payloadHash = await hashJson(record);
  try {
    await db.transaction('rw', [db.records, db.audit, db.photos, db.conflicts, db.spatial], async () => {
      const last = await db.audit.orderBy('seq').last();
      const entry = await Dexie.waitFor(
        nextEntry(last, {
          recordId: record.id,
          op,
          at: record.updatedAt,
          author: context.author,
          deviceId: record.deviceId,
          payloadHash,
        }),
      );
      if (photo) await db.photos.add(photo);
      await db.records.put(record);
      await db.spatial.put(spatialRow(record));
      await db.audit.add(entry);
      if (alsoInside) await alsoInside();
    });
  } catch (error) {
    if (isQuotaError(error))
      throw new InputError(
        'MALFORMED_FILE',
        'the device storage is full: the record was not saved, and nothing already stored was changed',
      );
    throw error;
  }
}

function isQuotaError(error: unknown): boolean {
  const e = error as { name?: string; inner?: { name?: string } };
  return e?.name === 'QuotaExceededError' || e?.inner?.name === 'QuotaExceededError';
}

/** Records of a kind created in [from, to) (ISO times), newest first; deleted ones only when asked. */
export async function listRecords(
  db: RecordsDatabase,
  query: { kind: RecordKind; from?: string; to?: string; includeDeleted?: boolean },
): Promise<FieldRecord[]> {
  const rows = await db.records
    .where('[kind+createdAt]')
    .between([query.kind, query.from ?? ''], [query.kind, query.to ?? '\uffff'], true, false)
    .reverse()
    .toArray();
  return query.includeDeleted ? rows : rows.filter((r) => !r.deleted);
}

/** Live records inside [west, south, east, north], through the spatial cell index (up to 2,500 cells, ~0.1°;
 *  larger boxes scan the latitude index instead). */
export async function recordsInBbox(
  db: RecordsDatabase,
  bbox: readonly [number, number, number, number],
): Promise<FieldRecord[]> {
  const [west, south, east, north] = bbox;
  const inside = (r: FieldRecord | undefined): r is FieldRecord =>
    !!r &&
    !r.deleted &&
    r.location.lng >= west &&
    r.location.lng <= east &&
    r.location.lat >= south &&
    r.location.lat <= north;
  const x0 = Math.floor(west / CELL_DEG);
  const x1 = Math.floor(east / CELL_DEG);
  const y0 = Math.floor(south / CELL_DEG);
  const y1 = Math.floor(north / CELL_DEG);
  if ((x1 - x0 + 1) * (y1 - y0 + 1) > 2_500)
    return (await db.records.where('location.lat').between(south, north, true, true).toArray()).filter(inside);
  const cells: string[] = [];
  for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) cells.push(`${x}:${y}`);
  const ids = (await db.spatial.where('cell').anyOf(cells).toArray())
    .filter((row) => !row.deleted && row.lng >= west && row.lng <= east && row.lat >= south && row.lat <= north)
    .map((row) => row.recordId);
  return (await db.records.bulkGet(ids)).filter(inside);
}

/** The in-app verify (moved to verify-store.ts; re-exported for existing callers). */
export { verifyStore } from './verify-store.ts';
