/**
 * Records pulled from the sync server, merged into this phone's store the way a backup import merges
 * (store/backup.ts): a new record is added with an `import` entry of this device's chain; the same version
 * changes nothing; the server's newer version of a record this phone has not changed since it last pushed is
 * taken (an `import` entry: the bureau's assignment syncing back); a record this phone changed since goes to
 * the same side-by-side conflict queue the import uses. A record whose pushed version the server queued as a
 * conflict waits for the bureau's decision: the server's version at that time is noted and not taken, and
 * the next version the server writes (the resolution, an audited change there) is. Never last-write-wins.
 */
import { type AuditEntry, nextEntry } from '../records/audit-chain.ts';
import { hashJson } from '../records/canonical-json.ts';
import type { FieldRecord } from '../records/record.ts';
import {
  type ConflictRow,
  deviceId,
  type RecordsDatabase,
  type StoredPhoto,
  writeIfHeadUnchanged,
} from './records-db.ts';
import type { WriteContext } from './records-repo.ts';

/** What a merge did. */
export interface MergeReport {
  added: number;
  updated: number;
  unchanged: number;
  conflicts: number;
  /** Server conflicts now settled (this phone took the outcome, or holds the same version). */
  settled: string[];
  /** Server versions noted while their conflict waits. */
  seen: Record<string, string>;
}

/** What the merge needs to know of the last push. */
export interface MergeBasis {
  /** The seq the server acknowledged: a record whose last entry is later was changed here since. */
  pushedSeq: number;
  /** Records the server queued as conflicts when this phone pushed them. */
  serverConflicts: readonly string[];
  /** For those, the hash of the server's version seen while the conflict waits. */
  conflictSeen: Readonly<Record<string, string>>;
}

/** The version a role without a reporter's contact is sent of this phone's own record (the server hides the
 *  contact from everyone but the bureau): not a change to take. */
function redacted(record: FieldRecord): FieldRecord {
  if (record.kind !== 'violation-report') return record;
  const fields = record.fields as { contact?: unknown };
  return fields.contact == null ? record : { ...record, fields: { ...record.fields, contact: null } as never };
}

/** Merges pulled records; `photos` are the photo rows fetched for them (stored with the records they belong to). */
export async function mergePulled(
  db: RecordsDatabase,
  incoming: readonly FieldRecord[],
  photos: readonly StoredPhoto[],
  basis: MergeBasis,
  context: WriteContext,
): Promise<MergeReport> {
  const at = (context.now ?? new Date()).toISOString();
  const device = await deviceId(db);
  const hashes = await Promise.all(incoming.map((r) => hashJson(r)));
  const conflicted = new Set(basis.serverConflicts);
  for (let attempt = 0; attempt < 5; attempt++) {
    const last = await db.audit.orderBy('seq').last();
    const locals = await db.records.bulkGet(incoming.map((r) => r.id));
    const knownConflicts = new Set(
      (await db.conflicts.where('incomingHash').anyOf(hashes).toArray()).map((c) => c.incomingHash),
    );
    const report: MergeReport = { added: 0, updated: 0, unchanged: 0, conflicts: 0, settled: [], seen: {} };
    const puts: FieldRecord[] = [];
    const entries: AuditEntry[] = [];
    const conflicts: ConflictRow[] = [];
    let previous = last;
    for (let i = 0; i < incoming.length; i++) {
      const record = incoming[i] as FieldRecord;
      const hash = hashes[i] as string;
      const local = locals[i];
      const take = async () => {
        puts.push(record);
        previous = await nextEntry(previous, {
          recordId: record.id,
          op: 'import',
          at,
          author: context.author,
          deviceId: device,
          payloadHash: hash,
        });
        entries.push(previous);
      };
      if (!local) {
        await take();
        report.added++;
        continue;
      }
      const localHash = await hashJson(local);
      if (localHash === hash || knownConflicts.has(hash) || (await hashJson(redacted(local))) === hash) {
        if (conflicted.has(record.id) && localHash === hash) report.settled.push(record.id);
        report.unchanged++;
        continue;
      }
      const changedHere = await changedSince(db, record.id, basis.pushedSeq);
      if (!changedHere && conflicted.has(record.id)) {
        // The first pull after the push brings the version our push met: the bureau has not decided yet.
        // The record comes again only when the server wrote it again (a pull sends what changed after the
        // cursor): the decision — even "keep the server's", which writes the same content anew — is taken.
        if (basis.conflictSeen[record.id] === undefined) {
          report.seen[record.id] = hash;
          report.unchanged++;
          continue;
        }
        report.settled.push(record.id);
      }
      if (!changedHere) {
        await take();
        report.updated++;
        continue;
      }
      conflicts.push({
        id: crypto.randomUUID(),
        recordId: record.id,
        incoming: record,
        incomingHash: hash,
        localHash,
        at,
        resolved: false,
        photos: photos.filter((p) => p.recordId === record.id && !local.photos.some((q) => q.id === p.id)),
      });
      report.conflicts++;
    }
    const taken = new Set(puts.map((r) => r.id));
    const written = await writeIfHeadUnchanged(db, last, {
      records: puts,
      photos: photos.filter((p) => taken.has(p.recordId)),
      entries,
      conflicts,
    });
    if (written) return report;
  }
  throw new Error('the records kept changing while merging what the server sent; sync again');
}

/** Whether this phone changed the record after `seq` (an entry of its own, not a version taken from the
 *  server: those are `import` entries). */
async function changedSince(db: RecordsDatabase, recordId: string, seq: number): Promise<boolean> {
  const entries = await db.audit.where('recordId').equals(recordId).toArray();
  return entries.some((e) => e.seq > seq && e.op !== 'import');
}

/** Photo ids this phone holds (to fetch only the missing ones of pulled records). */
export async function heldPhotoIds(db: RecordsDatabase, ids: readonly string[]): Promise<Set<string>> {
  const rows = await db.photos.bulkGet([...ids]);
  return new Set(rows.filter((r): r is StoredPhoto => !!r).map((r) => r.id));
}
