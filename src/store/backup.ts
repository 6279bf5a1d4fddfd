/**
 * Backup out and in. Export: every record (deleted ones too), the audit chain and the photos, as a bundle
 * (src/io/backup-bundle.ts). Import: the bundle is read and checked whole first (a corrupted or tampered
 * bundle changes nothing), then merged by UUID in one transaction: new records are added, identical ones
 * skipped (importing twice changes nothing), and a record that differs from the local one is kept beside it
 * as a conflict for a person to resolve — the local record is not overwritten.
 */

import { InputError } from '../errors.ts';
import { type BundleContent, type ReadBundle, readBundle, writeBundle } from '../io/backup-bundle.ts';
import { type AuditEntry, nextEntry } from '../records/audit-chain.ts';
import { hashJson } from '../records/canonical-json.ts';
import type { FieldRecord } from '../records/record.ts';
import { type SignedHead, sameKey } from '../records/signed-head.ts';
import { checkAnchor } from '../records/verify-evidence.ts';
import { deviceKey, keepOwnHead, rememberHead, seenHeads } from './device-keys.ts';
import {
  type ConflictRow,
  deviceId,
  type RecordsDatabase,
  type StoredPhoto,
  writeIfHeadUnchanged,
} from './records-db.ts';
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
  const { bytes, head } = await writeBundle(content, {
    deviceId: await deviceId(db),
    createdAt: now.toISOString(),
    key: await deviceKey(db),
  });
  // The exported head becomes this device's anchor: its own verify later catches anything removed since.
  await keepOwnHead(db, head);
  return bytes;
}

/** What an import did. */
export interface ImportReport {
  added: number;
  unchanged: number;
  conflicts: number;
  /** The bundle's signing device and key fingerprint (null: an unsigned version-1 bundle). */
  device: { id: string; fingerprint: string; known: boolean } | null;
}

/** What an import checks beyond the bundle itself: a device seen before must sign with the key it used
 *  then, and (another device) its chain must extend the head seen then, else records were removed or
 *  rolled back. Our own older backup is a legitimate restore, so it is held to our key only. */
async function checkKnownDevice(
  db: RecordsDatabase,
  bundle: ReadBundle,
  heads: Record<string, SignedHead>,
): Promise<boolean> {
  const head = bundle.head;
  if (!head) return false;
  const expected =
    head.deviceId === (await deviceId(db))
      ? { publicKey: (await deviceKey(db)).publicKey, anchor: undefined }
      : (() => {
          const seen = new Map(Object.entries(heads)).get(head.deviceId);
          return seen && { publicKey: seen.publicKey, anchor: seen };
        })();
  if (!expected) return false;
  if (!sameKey(expected.publicKey, head.publicKey))
    throw new InputError(
      'MALFORMED_FILE',
      `backup refused: device ${head.deviceId} signed earlier backups with another key`,
      {
        reason: 'KEY_CHANGED',
        zh: `备份被拒收：设备 ${head.deviceId} 以前的备份用的是另一把密钥`,
      },
    );
  if (expected.anchor) {
    const problem = await checkAnchor(bundle.audit, head, expected.anchor);
    if (problem)
      throw new InputError('MALFORMED_FILE', `backup refused: ${problem.message}`, {
        reason: problem.reason,
        zh: `备份被拒收：${problem.zh}`,
      });
  }
  return true;
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
  const heads = await seenHeads(db);
  const known = await checkKnownDevice(db, bundle, heads);
  const total = bundle.records.length;
  const incomingHashes = await Promise.all(bundle.records.map((r) => hashJson(r)));
  const photosByRecord = new Map<string, typeof bundle.photos>();
  for (const p of bundle.photos) {
    const list = photosByRecord.get(p.recordId);
    if (list) list.push(p);
    else photosByRecord.set(p.recordId, [p]);
  }
  const at = (context.now ?? new Date()).toISOString();
  const device = await deviceId(db);
  const stored = (r: FieldRecord): StoredPhoto[] =>
    (photosByRecord.get(r.id) ?? []).map((p) => ({
      id: p.id,
      recordId: p.recordId,
      sha256: p.sha256,
      type: p.type,
      blob: new Blob([p.bytes as Uint8Array<ArrayBuffer>], { type: p.type }),
    }));
  for (let attempt = 0; attempt < 5; attempt++) {
    const last = await db.audit.orderBy('seq').last();
    const locals = await db.records.bulkGet(bundle.records.map((r) => r.id));
    const knownConflicts = new Set(
      (await db.conflicts.where('incomingHash').anyOf(incomingHashes).toArray()).map((c) => c.incomingHash),
    );
    const report: ImportReport = {
      added: 0,
      unchanged: 0,
      conflicts: 0,
      device:
        bundle.head && bundle.fingerprint ? { id: bundle.head.deviceId, fingerprint: bundle.fingerprint, known } : null,
    };
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
            // Its new photos wait in the row: stored now, they would be photos no local record names.
            photos: stored(incoming).filter((p) => !local.photos.some((q) => q.id === p.id)),
          });
          report.conflicts++;
        }
      }
      if ((i + 1) % 500 === 0) onProgress(i + 1, total);
    }
    const photos = adds.flatMap(stored);
    const written = await writeIfHeadUnchanged(db, last, { records: adds, photos, entries, conflicts });
    if (written) {
      // Remembered once imported: the next bundle of that device must extend this head, with this key.
      if (bundle.head && bundle.head.deviceId !== device) await rememberHead(db, bundle.head);
      onProgress(total, total);
      return report;
    }
  }
  throw new Error('the records kept changing during the import; try again');
}
