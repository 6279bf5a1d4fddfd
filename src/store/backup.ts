/**
 * Backup out and in. Export: every record (deleted ones too), the audit chain and the photos, as a bundle
 * (src/io/backup-bundle.ts). Import: the bundle is read and checked whole first (a corrupted or tampered
 * bundle changes nothing), then merged by UUID in one transaction: new records are added, identical ones
 * skipped (importing twice changes nothing), and a record that differs from the local one is kept beside it
 * as a conflict for a person to resolve — the local record is not overwritten.
 */
import Dexie from 'dexie';
import { type BundleContent, readBundle, writeBundle } from '../io/backup-bundle.ts';
import { nextEntry } from '../records/audit-chain.ts';
import { hashJson } from '../records/canonical-json.ts';
import { deviceId, type RecordsDatabase } from './records-db.ts';
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

/** Imports a bundle; `onProgress(done, total)` is called as records are merged. */
export async function importBundle(
  db: RecordsDatabase,
  bytes: Uint8Array,
  context: WriteContext,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<ImportReport> {
  const bundle = await readBundle(bytes);
  const incomingHashes = await Promise.all(bundle.records.map((r) => hashJson(r)));
  const photosByRecord = new Map<string, typeof bundle.photos>();
  for (const p of bundle.photos) photosByRecord.set(p.recordId, [...(photosByRecord.get(p.recordId) ?? []), p]);
  const report: ImportReport = { added: 0, unchanged: 0, conflicts: 0 };
  const at = (context.now ?? new Date()).toISOString();
  const device = await deviceId(db);
  await db.transaction('rw', [db.records, db.audit, db.photos, db.conflicts], async () => {
    let last = await db.audit.orderBy('seq').last();
    for (let i = 0; i < bundle.records.length; i++) {
      const incoming = bundle.records[i] as (typeof bundle.records)[number];
      const incomingHash = incomingHashes[i] as string;
      const local = await db.records.get(incoming.id);
      if (!local) {
        await db.records.put(incoming);
        for (const p of photosByRecord.get(incoming.id) ?? [])
          await db.photos.put({
            id: p.id,
            recordId: p.recordId,
            sha256: p.sha256,
            type: p.type,
            blob: new Blob([p.bytes as Uint8Array<ArrayBuffer>], { type: p.type }),
          });
        last = await Dexie.waitFor(
          nextEntry(last, {
            recordId: incoming.id,
            op: 'import',
            at,
            author: context.author,
            deviceId: device,
            payloadHash: incomingHash,
          }),
        );
        await db.audit.add(last);
        report.added++;
      } else {
        const localHash = await Dexie.waitFor(hashJson(local));
        if (localHash === incomingHash) report.unchanged++;
        else if ((await db.conflicts.where('incomingHash').equals(incomingHash).count()) > 0) report.unchanged++;
        else {
          await db.conflicts.add({
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
      if ((i + 1) % 100 === 0 || i + 1 === bundle.records.length) onProgress(i + 1, bundle.records.length);
    }
  });
  return report;
}
