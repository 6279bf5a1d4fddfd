/**
 * Backup out and in. Export: every record (deleted ones too), the audit chain and the photos, as a bundle
 * (src/io/backup-bundle.ts). Import: the bundle is read and checked whole first (a corrupted or tampered
 * bundle changes nothing), then merged by UUID in one transaction: new records are added, identical ones
 * skipped (importing twice changes nothing), and a record that differs from the local one is kept beside it
 * as a conflict for a person to resolve — the local record is not overwritten.
 */
import { type BundleContent, readBundle, writeBundle } from '../io/backup-bundle.ts';
import { type AuditEntry, nextEntry } from '../records/audit-chain.ts';
import { hashJson } from '../records/canonical-json.ts';
import type { FieldRecord } from '../records/record.ts';
import { type ConflictRow, deviceId, type RecordsDatabase, spatialRow } from './records-db.ts';
import type { WriteContext } from './records-repo.ts';

/** Builds a bundle of everything stored. */
export async function exportBundle(db: RecordsDatabase, now = new Date()): Promise<Uint8Array> {
  const [records, audit, photos] = await Promise.all([
    db.records.toArray(),
    db.audit.orderBy('seq').toArray(),
    db.photos.toArray(),
  ]);
  const content: BundleContent = {
    records,
    audit,
    photos: await Promise.all(
      photos.map(async (p) => ({
        id: p.id,
        recordId: p.recordId,
        sha256: p.sha256,
        type: p.type,
        bytes: new Uint8Array(await p.blob.arrayBuffer()),
      })),
    ),
  };
  return writeBundle(content, { deviceId: await deviceId(db), createdAt: now.toISOString() });
}

/** What an import did. */
export interface ImportReport {
  added: number;
  unchanged: number;
  conflicts: number;
}

/** Imports a bundle; `onProgress(done, total)` is called as records are compared and written.
 *  Decisions and the audit entries are computed outside the write (hashing is slow inside an IndexedDB
 *  transaction); the write then checks that nothing was appended meanwhile and otherwise starts over. */
export async function importBundle(
  db: RecordsDatabase,
  bytes: Uint8Array,
  context: WriteContext,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<ImportReport> {
  const bundle = await readBundle(bytes);
  const total = bundle.records.length;
  const incomingHashes = await Promise.all(bundle.records.map((r) => hashJson(r)));
  const photosByRecord = new Map<string, typeof bundle.photos>();
  for (const p of bundle.photos) photosByRecord.set(p.recordId, [...(photosByRecord.get(p.recordId) ?? []), p]);
  const at = (context.now ?? new Date()).toISOString();
  const device = await deviceId(db);
  for (let attempt = 0; attempt < 5; attempt++) {
    const last = await db.audit.orderBy('seq').last();
    const locals = await db.records.bulkGet(bundle.records.map((r) => r.id));
    const knownConflicts = new Set(
      (await db.conflicts.where('incomingHash').anyOf(incomingHashes).toArray()).map((c) => c.incomingHash),
    );
    const report: ImportReport = { added: 0, unchanged: 0, conflicts: 0 };
    const adds: FieldRecord[] = [];
    const entries: AuditEntry[] = [];
    const conflicts: ConflictRow[] = [];
    let previous = last;
    for (let i = 0; i < total; i++) {
      const incoming = bundle.records[i] as FieldRecord;
      const incomingHash = incomingHashes[i] as string;
      const local = locals[i];
      if (!local) {
        adds.push(incoming);
        previous = await nextEntry(previous, {
          recordId: incoming.id,
          op: 'import',
          at,
          author: context.author,
          deviceId: device,
          payloadHash: incomingHash,
        });
        entries.push(previous);
        report.added++;
      } else {
        const localHash = await hashJson(local);
        if (localHash === incomingHash || knownConflicts.has(incomingHash)) report.unchanged++;
        else {
          conflicts.push({
            id: crypto.randomUUID(),
            recordId: incoming.id,
            incoming,
            incomingHash,
            localHash,
            at,
            resolved: false,
          });
          report.conflicts++;
        }
      }
      if ((i + 1) % 500 === 0) onProgress(i + 1, total);
    }
    const photos = adds.flatMap((r) =>
      (photosByRecord.get(r.id) ?? []).map((p) => ({
        id: p.id,
        recordId: p.recordId,
        sha256: p.sha256,
        type: p.type,
        blob: new Blob([p.bytes as Uint8Array<ArrayBuffer>], { type: p.type }),
      })),
    );
    const written = await db.transaction(
      'rw',
      [db.records, db.audit, db.photos, db.conflicts, db.spatial],
      async () => {
        const now = await db.audit.orderBy('seq').last();
        if (now?.hash !== last?.hash) return false;
        await db.records.bulkPut(adds);
        await db.spatial.bulkPut(adds.map(spatialRow));
        await db.photos.bulkPut(photos);
        await db.audit.bulkAdd(entries);
        await db.conflicts.bulkAdd(conflicts);
        return true;
      },
    );
    if (written) {
      onProgress(total, total);
      return report;
    }
  }
  throw new Error('the records kept changing during the import; try again');
}
