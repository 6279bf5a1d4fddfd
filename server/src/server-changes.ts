/**
 * Changes the server makes itself, each one an entry of the server's own audit chain (server-chain.ts) and a
 * new version numbered by the change clock, so it reaches the phones on their next pull: a resident's report
 * arriving, a record's status moved by the bureau, a conflict resolved.
 */
import { hashJson } from '../../src/records/canonical-json.ts';
import type { FieldRecord } from '../../src/records/record.ts';
import { canMove } from '../../src/records/validate-record.ts';
import { lockClock } from './change-clock.ts';
import type { Database, Queryable } from './database.ts';
import { ApiError, badRequest, notFound } from './errors.ts';
import { appendServerEntry } from './server-chain.ts';

/** Writes `record` as the record's new current version (inserting it when new); call with the clock locked.
 *  Returns its hash and change number. */
export async function writeVersion(
  tx: Queryable,
  clock: { next: () => number },
  record: FieldRecord,
  origin: { deviceId: string | null; deviceHash?: string },
): Promise<{ hash: string; changedSeq: number }> {
  const hash = await hashJson(record);
  const [changedSeq] = await writeVersions(
    tx,
    clock,
    [{ record, hash, deviceHash: origin.deviceHash ?? null }],
    origin.deviceId,
  );
  return { hash, changedSeq: changedSeq as number };
}

/** Writes several new current versions in three statements (records, versions, photo references), each
 *  numbered by the clock in order; returns their change numbers. */
export async function writeVersions(
  tx: Queryable,
  clock: { next: () => number },
  items: readonly { record: FieldRecord; hash: string; deviceHash: string | null }[],
  deviceId: string | null,
): Promise<number[]> {
  if (items.length === 0) return [];
  const rows = items.map((item) => ({ ...item, seq: clock.next() }));
  const payload = JSON.stringify(
    rows.map((r) => ({ body: r.record, hash: r.hash, deviceHash: r.deviceHash, seq: r.seq })),
  );
  await tx.query(
    `INSERT INTO records (id, kind, hash, body, lng, lat, status, deleted, origin_device, changed_seq, updated_at)
     SELECT x->'body'->>'id', x->'body'->>'kind', x->>'hash', x->'body',
            (x->'body'->'location'->>'lng')::double precision, (x->'body'->'location'->>'lat')::double precision,
            x->'body'->>'status', (x->'body'->>'deleted')::boolean, $2, (x->>'seq')::bigint, now()
       FROM jsonb_array_elements($1::jsonb) AS x
     ON CONFLICT (id) DO UPDATE SET hash = EXCLUDED.hash, body = EXCLUDED.body, lng = EXCLUDED.lng, lat = EXCLUDED.lat,
       status = EXCLUDED.status, deleted = EXCLUDED.deleted, changed_seq = EXCLUDED.changed_seq, updated_at = now()`,
    [payload, deviceId],
  );
  await tx.query(
    `INSERT INTO record_versions (record_id, hash, device_hash, body, device_id, changed_seq)
     SELECT x->'body'->>'id', x->>'hash', x->>'deviceHash', x->'body', $2, (x->>'seq')::bigint
       FROM jsonb_array_elements($1::jsonb) AS x`,
    [payload, deviceId],
  );
  const refs = rows.flatMap((r) =>
    r.record.photos.map((p) => ({ sha256: p.sha256, recordId: r.record.id, type: p.type, size: p.size })),
  );
  if (refs.length > 0)
    await tx.query(
      `INSERT INTO photo_refs (sha256, record_id, type, size)
       SELECT x->>'sha256', x->>'recordId', x->>'type', (x->>'size')::bigint FROM jsonb_array_elements($1::jsonb) AS x
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(refs)],
    );
  return rows.map((r) => r.seq);
}

/** A change by the server (no phone signed it): a server audit entry and a new version. */
export async function writeServerChange(
  tx: Queryable,
  clock: { next: () => number },
  record: FieldRecord,
  op: 'create' | 'update',
  author: { role: string; officerId: string },
  at: string,
): Promise<{ hash: string; changedSeq: number }> {
  const written = await writeVersion(tx, clock, record, { deviceId: null });
  await appendServerEntry(tx, { recordId: record.id, op, at, author, payloadHash: written.hash });
  return written;
}

async function currentRecord(tx: Queryable, id: string): Promise<FieldRecord> {
  const rows = await tx.query<{ body: FieldRecord }>('SELECT body FROM records WHERE id = $1 FOR UPDATE', [id]);
  if (!rows[0]) throw notFound(`record ${id}`, `记录 ${id}`);
  return rows[0].body;
}

/** Moves a record's status (the flow of src/records/record.ts), with a status-history step naming the admin
 *  device. */
export async function setRecordStatus(
  db: Database,
  id: string,
  status: string,
  note: string,
  byDevice: string,
  at: string,
): Promise<{ id: string; status: string; hash: string }> {
  return db.transaction(async (tx) => {
    const clock = await lockClock(tx);
    const record = await currentRecord(tx, id);
    if (!canMove(record.kind, record.status, status))
      throw badRequest(
        `a ${record.kind} cannot move from ${record.status} to ${status}`,
        `该记录不能从“${record.status}”改为“${status}”`,
        { field: 'status' },
      );
    const next: FieldRecord = {
      ...record,
      status,
      updatedAt: at,
      statusHistory: [...record.statusHistory, { status, at, by: `device:${byDevice}`, note }],
    };
    const written = await writeServerChange(tx, clock, next, 'update', { role: 'ecology', officerId: byDevice }, at);
    await clock.save();
    return { id, status, hash: written.hash };
  });
}

/** Resolves a conflict: the server's version stays, or the incoming one becomes current. Either way a new
 *  version is written (an audited change), so every phone pulls the outcome. */
export async function resolveConflict(
  db: Database,
  conflictId: string,
  keep: 'server' | 'incoming',
  byDevice: string,
  at: string,
): Promise<{ id: string; recordId: string; keep: string; hash: string }> {
  return db.transaction(async (tx) => {
    const clock = await lockClock(tx);
    const rows = await tx.query<{ record_id: string; incoming: FieldRecord; resolved_at: Date | null }>(
      'SELECT record_id, incoming, resolved_at FROM conflicts WHERE id = $1 FOR UPDATE',
      [conflictId],
    );
    const conflict = rows[0];
    if (!conflict) throw notFound(`conflict ${conflictId}`, `冲突 ${conflictId}`);
    if (conflict.resolved_at)
      throw new ApiError(
        409,
        'BAD_REQUEST',
        `conflict ${conflictId} was already resolved`,
        `冲突 ${conflictId} 已处理`,
      );
    const server = await currentRecord(tx, conflict.record_id);
    const chosen = keep === 'incoming' ? conflict.incoming : server;
    const written = await writeServerChange(tx, clock, chosen, 'update', { role: 'ecology', officerId: byDevice }, at);
    await tx.query('UPDATE conflicts SET resolved_at = now(), resolved_by = $2, resolution = $3 WHERE id = $1', [
      conflictId,
      byDevice,
      keep,
    ]);
    await clock.save();
    return { id: conflictId, recordId: conflict.record_id, keep, hash: written.hash };
  });
}
