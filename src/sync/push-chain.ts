/**
 * Pushes this phone's audit chain to the sync server: from the server's anchor (GET /me says which entry it
 * holds last), the entries after it, the current version of every record they name, and a head signed at the
 * last entry sent (server/src/verify-push.ts checks all three). A record must be pushed as the last entry of
 * the batch that names it records it, so a long backlog is cut only where every record named so far has no
 * later entry (at most 2,000 entries a push when such a cut exists). Pushing again after a lost answer changes
 * nothing on the server.
 */
import type { AuditEntry } from '../records/audit-chain.ts';
import type { FieldRecord } from '../records/record.ts';
import { signHead } from '../records/signed-head.ts';
import { deviceKey, keepOwnHead } from '../store/device-keys.ts';
import type { RecordsDatabase } from '../store/records-db.ts';
import { chainAfter, entryAt, updateSyncProgress } from '../store/sync-state.ts';
import type { DeviceClient } from './device-client.ts';
import { answerFailure, SyncFailure } from './sync-problem.ts';

/** The most entries (and records) the server takes in one push. */
export const MAX_PUSH = 2_000;

/** What a push did over all its batches. */
export interface PushSummary {
  entries: number;
  created: number;
  updated: number;
  conflicts: string[];
  missingPhotos: string[];
  headSeq: number;
}

/** Cuts entries (oldest first) into batches whose records are each named last inside their batch. */
export function cutBatches(entries: readonly AuditEntry[], max = MAX_PUSH): AuditEntry[][] {
  const lastSeq = new Map<string, number>();
  for (const e of entries) lastSeq.set(e.recordId, e.seq);
  const batches: AuditEntry[][] = [];
  let start = 0;
  let need = 0;
  let lastCut = -1;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] as AuditEntry;
    need = Math.max(need, lastSeq.get(e.recordId) ?? e.seq);
    if (need === e.seq) lastCut = i;
    if (i - start + 1 >= max && lastCut >= start) {
      batches.push(entries.slice(start, lastCut + 1));
      start = lastCut + 1;
      i = lastCut;
      need = 0;
    }
  }
  if (start < entries.length) batches.push(entries.slice(start));
  return batches;
}

/** The server's anchor for this device. */
export async function serverAnchor(client: DeviceClient): Promise<{ seq: number; hash: string }> {
  const me = await client.request<{ headSeq: number; headHash: string }>('GET', '/me');
  if (me.status !== 200) throw answerFailure(me);
  return { seq: me.body.headSeq, hash: me.body.headHash };
}

/** Pushes everything after the server's anchor. */
export async function pushChain(db: RecordsDatabase, client: DeviceClient, id: string): Promise<PushSummary> {
  const anchor = await serverAnchor(client);
  const summary: PushSummary = {
    entries: 0,
    created: 0,
    updated: 0,
    conflicts: [],
    missingPhotos: [],
    headSeq: anchor.seq,
  };
  if (anchor.seq > 0 && (await entryAt(db, anchor.seq))?.hash !== anchor.hash)
    throw new SyncFailure(
      {
        code: 'CHAIN_DIVERGED',
        zh: `本机审计链与服务器不一致（服务器已有第 ${anchor.seq} 条，本机没有或不同）：本机可能被重置或恢复了旧备份。记录仍在本机，请联系生态环境局。`,
        en: `This phone's audit chain differs from the server's (the server holds entry ${anchor.seq}; this phone lacks it or has another): the phone may have been reset or restored from an older backup. Records stay here; contact the bureau.`,
        at: new Date().toISOString(),
      },
      false,
    );
  const { entries, records } = await chainAfter(db, anchor.seq);
  const key = await deviceKey(db);
  const batches = cutBatches(entries);
  // Nothing new: an empty push at the anchor still says which photos an earlier cut-off upload owes.
  if (batches.length === 0 && anchor.seq > 0) batches.push([]);
  for (const batch of batches) {
    const last = batch[batch.length - 1] ?? ((await entryAt(db, anchor.seq)) as AuditEntry);
    const head = await signHead(key, id, last, new Date().toISOString());
    const ids = [...new Set(batch.map((e) => e.recordId))];
    const body = { head, entries: batch, records: ids.map((r) => records.get(r) as FieldRecord) };
    const answer = await client.request<{
      entriesAccepted: number;
      created: number;
      updated: number;
      conflicts: string[];
      missingPhotos: string[];
    }>('POST', '/sync/push', body);
    if (answer.status !== 200) throw answerFailure(answer);
    summary.entries += answer.body.entriesAccepted;
    summary.created += answer.body.created;
    summary.updated += answer.body.updated;
    summary.conflicts.push(...answer.body.conflicts);
    summary.missingPhotos = answer.body.missingPhotos;
    summary.headSeq = last.seq;
    // The head the server now anchors is this device's anchor too (its own verify checks against it).
    await keepOwnHead(db, head);
    await updateSyncProgress(db, (p) => ({
      pushedSeq: last.seq,
      serverConflicts: [...new Set([...p.serverConflicts, ...answer.body.conflicts])],
    }));
  }
  return summary;
}
