/**
 * A phone's push, applied: checked first (verify-push.ts: signed head, chain, records against their entries;
 * each record's fields through the app's own validator), then written in one transaction — the new chain
 * entries, the device's new signed head (its anchor), and each record:
 *   - new on the server: stored;
 *   - the server already has this version, or had it before (a pulled version pushed back behind a later
 *     change): nothing (pushing twice changes nothing; the phone's next pull brings it up to date);
 *   - the phone's own history of the record contains the server's current version (it saw it and edited on):
 *     a fast-forward, with fields the phone's role may not see put back from the server's version;
 *   - otherwise someone else changed it meanwhile: a conflict entry, side by side, for a person to resolve.
 * Never last-write-wins.
 */
import type { AuditEntry } from '../../src/records/audit-chain.ts';
import { hashJson } from '../../src/records/canonical-json.ts';
import type { FieldRecord } from '../../src/records/record.ts';
import { STATUS_FLOW } from '../../src/records/record.ts';
import { validateRecordInput } from '../../src/records/validate-record.ts';
import type { Device } from './authenticate-device.ts';
import { loadDevice } from './authenticate-device.ts';
import { lockClock } from './change-clock.ts';
import type { Database, Queryable } from './database.ts';
import { ApiError } from './errors.ts';
import { type Role, redactForRole } from './roles.ts';
import { writeVersions } from './server-changes.ts';
import { type VerifiedPush, verifyPush } from './verify-push.ts';

/** What a push did. */
export interface PushResult {
  head: { seq: number; hash: string };
  entriesAccepted: number;
  created: number;
  updated: number;
  unchanged: number;
  conflicts: string[];
  /** Photos named by any record this device sent (this push or an earlier one) that the server does not
   *  hold yet: upload them (a phone whose uploads were cut learns here what is still owed). */
  missingPhotos: string[];
}

/** The retry marker when another push of the same device committed between check and write. */
class AnchorMoved extends Error {}

/** Checks and applies a push by `device`. */
export async function applyPush(
  db: Database,
  device: Device,
  push: { head: unknown; entries: AuditEntry[]; records: FieldRecord[] },
): Promise<PushResult> {
  for (const record of push.records) checkRecord(record);
  for (let attempt = 0; ; attempt++) {
    const fresh = await loadDevice(db, device.id);
    if (!fresh)
      throw new ApiError(401, 'UNKNOWN_DEVICE', `device ${device.id} is not enrolled`, `设备 ${device.id} 未登记`);
    const anchor = { seq: fresh.headSeq, hash: fresh.headHash };
    const verified = await verifyPush(device, anchor, push, (seqs) => storedHashes(db, device.id, seqs));
    try {
      return await db.transaction((tx) => write(tx, device, anchor, verified));
    } catch (error) {
      if (!(error instanceof AnchorMoved) || attempt >= 3) {
        if (error instanceof AnchorMoved)
          throw new ApiError(
            503,
            'BUSY',
            'this device is pushing from elsewhere at the same time; retry',
            '本设备正在同时推送，请稍后重试',
          );
        throw error;
      }
    }
  }
}

function checkRecord(record: FieldRecord): void {
  const { errors } = validateRecordInput({
    kind: record.kind,
    location: record.location,
    fields: record.fields as never,
  });
  if (!(record.status in STATUS_FLOW[record.kind]))
    errors.push({
      path: 'status',
      code: 'UNKNOWN_STATUS',
      message: `${record.status} is not a status of ${record.kind}`,
    });
  if (errors.length > 0)
    throw new ApiError(
      422,
      'BAD_RECORD',
      `record ${record.id}: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
      `推送被拒收：记录 ${record.id} 有误（${errors.map((e) => e.path).join('、')}）`,
      { recordId: record.id, errors },
    );
}

async function storedHashes(db: Queryable, deviceId: string, seqs: number[]): Promise<Map<number, string>> {
  const rows = await db.query<{ seq: number; hash: string }>(
    'SELECT seq, hash FROM device_audit WHERE device_id = $1 AND seq = ANY($2::bigint[])',
    [deviceId, seqs],
  );
  return new Map(rows.map((r) => [Number(r.seq), r.hash]));
}

async function write(tx: Queryable, device: Device, anchor: { seq: number }, push: VerifiedPush): Promise<PushResult> {
  const clock = await lockClock(tx);
  const rows = await tx.query<{ head_seq: number }>('SELECT head_seq FROM devices WHERE id = $1 FOR UPDATE', [
    device.id,
  ]);
  if (Number(rows[0]?.head_seq) !== anchor.seq) throw new AnchorMoved();
  const result: PushResult = {
    head: { seq: push.head.seq, hash: push.head.hash },
    entriesAccepted: push.newEntries.length,
    created: 0,
    updated: 0,
    unchanged: 0,
    conflicts: [],
    missingPhotos: [],
  };
  if (push.newEntries.length > 0)
    await tx.query(
      `INSERT INTO device_audit (device_id, seq, record_id, payload_hash, hash, entry)
       SELECT $1, (e->>'seq')::bigint, e->>'recordId', e->>'payloadHash', e->>'hash', e
         FROM jsonb_array_elements($2::jsonb) AS e`,
      [device.id, JSON.stringify(push.newEntries)],
    );
  const ids = push.records.map(({ record }) => record.id);
  const currents = new Map(
    (
      await tx.query<{ id: string; hash: string; body: FieldRecord }>(
        'SELECT id, hash, body FROM records WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE',
        [ids],
      )
    ).map((r) => [r.id, r]),
  );
  // Every version of these records this device's chain names (the entries just inserted included).
  const history = new Map<string, Set<string>>();
  if (currents.size > 0)
    for (const row of await tx.query<{ record_id: string; payload_hash: string }>(
      'SELECT DISTINCT record_id, payload_hash FROM device_audit WHERE device_id = $1 AND record_id = ANY($2::text[])',
      [device.id, [...currents.keys()]],
    )) {
      const seen = history.get(row.record_id) ?? new Set<string>();
      seen.add(row.payload_hash);
      history.set(row.record_id, seen);
    }
  const toWrite: { record: FieldRecord; hash: string; deviceHash: string | null }[] = [];
  for (const { record, hash } of push.records) {
    const current = currents.get(record.id);
    if (!current) {
      toWrite.push({ record, hash, deviceHash: hash });
      result.created++;
      continue;
    }
    const seenHash = await hashJson(redactForRole(current.body, device.role));
    if (current.hash === hash || seenHash === hash) {
      result.unchanged++;
      continue;
    }
    const seen = history.get(record.id);
    if (seen?.has(current.hash) || seen?.has(seenHash)) {
      const restored = restoreHidden(record, current.body, device.role);
      toWrite.push({ record: restored, hash: restored === record ? hash : await hashJson(restored), deviceHash: hash });
      result.updated++;
      continue;
    }
    // A version the server itself had before (the phone pulled it and pushes it back untouched, behind a
    // later change such as the bureau's assignment): nothing new from the phone, and its next pull brings it
    // up to date. Only a version the server never held is someone's edit.
    if (await heldBefore(tx, record.id, hash, device.role)) {
      result.unchanged++;
      continue;
    }
    const id = `${record.id}:${hash.slice(0, 16)}`;
    await tx.query(
      `INSERT INTO conflicts (id, record_id, incoming, incoming_hash, local_hash, device_id)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (record_id, incoming_hash) DO NOTHING`,
      [id, record.id, JSON.stringify(record), hash, current.hash, device.id],
    );
    result.conflicts.push(record.id);
  }
  await writeVersions(tx, clock, toWrite, device.id);
  await tx.query('UPDATE devices SET head_seq = $2, head_hash = $3, head = $4 WHERE id = $1', [
    device.id,
    push.head.seq,
    push.head.hash,
    JSON.stringify(push.head),
  ]);
  result.missingPhotos = await missingPhotos(tx, device.id);
  await clock.save();
  return result;
}

/** The phone's version with what its role was never shown (a reporter's contact) taken from the server's. */
function restoreHidden(record: FieldRecord, server: FieldRecord, role: Role): FieldRecord {
  if (redactForRole(server, role) === server || record.kind !== 'violation-report') return record;
  const fields = record.fields as { contact: unknown };
  if (fields.contact !== null) return record;
  return {
    ...record,
    fields: { ...record.fields, contact: (server.fields as { contact: unknown }).contact },
  } as FieldRecord;
}

/** Photos named by versions this device sent that the server does not hold (at most 1,000 at a time). */
export async function missingPhotos(db: Queryable, deviceId: string): Promise<string[]> {
  const rows = await db.query<{ sha256: string }>(
    `SELECT DISTINCT r.sha256 FROM photo_refs r
       JOIN record_versions v ON v.record_id = r.record_id AND v.device_id = $1
      WHERE NOT EXISTS (SELECT 1 FROM photos p WHERE p.sha256 = r.sha256)
      ORDER BY r.sha256 LIMIT 1000`,
    [deviceId],
  );
  return rows.map((r) => r.sha256);
}

/** Whether `hash` is a version of the record the server held before, as stored or as the role saw it
 *  (redacted). Asked only where a push would otherwise be a conflict. */
async function heldBefore(tx: Queryable, recordId: string, hash: string, role: Device['role']): Promise<boolean> {
  const versions = await tx.query<{ hash: string; device_hash: string | null; body: FieldRecord }>(
    'SELECT hash, device_hash, body FROM record_versions WHERE record_id = $1',
    [recordId],
  );
  for (const v of versions) {
    if (v.hash === hash || v.device_hash === hash) return true;
    if ((await hashJson(redactForRole(v.body, role))) === hash) return true;
  }
  return false;
}
