/**
 * Pulls what this device's role may see (GET /sync/pull, page by page from the kept cursor), fetches the
 * photos of pulled records this phone lacks, and merges them into the store (store/merge-pulled.ts): new ones
 * added, the server's newer versions of untouched records taken, concurrent edits to the conflict queue.
 */
import { sha256Hex } from '../records/canonical-json.ts';
import type { FieldRecord } from '../records/record.ts';
import { heldPhotoIds, type MergeReport, mergePulled } from '../store/merge-pulled.ts';
import type { RecordsDatabase, StoredPhoto } from '../store/records-db.ts';
import type { WriteContext } from '../store/records-repo.ts';
import { loadSyncProgress, updateSyncProgress } from '../store/sync-state.ts';
import type { DeviceClient } from './device-client.ts';
import { answerFailure } from './sync-problem.ts';

/** Records per page. */
const PAGE = 200;

/** Pulls every page; returns what the merges did. */
export async function pullChanges(
  db: RecordsDatabase,
  client: DeviceClient,
  context: WriteContext,
): Promise<MergeReport> {
  const total: MergeReport = { added: 0, updated: 0, unchanged: 0, conflicts: 0, settled: [], seen: {} };
  for (;;) {
    const progress = await loadSyncProgress(db);
    const answer = await client.request<{ records: FieldRecord[]; cursor: number; more: boolean }>(
      'GET',
      `/sync/pull?after=${progress.pullCursor}&limit=${PAGE}`,
    );
    if (answer.status !== 200) throw answerFailure(answer);
    const { records, cursor, more } = answer.body;
    const photos = await fetchPhotos(db, client, records);
    const report = await mergePulled(db, records, photos, progress, context);
    total.added += report.added;
    total.updated += report.updated;
    total.unchanged += report.unchanged;
    total.conflicts += report.conflicts;
    total.settled.push(...report.settled);
    Object.assign(total.seen, report.seen);
    // The cursor moves only after the page is stored: a sync cut here pulls the same page again.
    await updateSyncProgress(db, (p) => {
      const settled = new Set(report.settled);
      const seen = { ...p.conflictSeen, ...report.seen };
      for (const id of settled) delete seen[id];
      return {
        pullCursor: cursor,
        serverConflicts: p.serverConflicts.filter((id) => !settled.has(id)),
        conflictSeen: seen,
      };
    });
    if (!more) return total;
  }
}

/** The photos of pulled records that this phone does not hold; a photo the server cannot give is left out
 *  (the record still names it by SHA-256). */
async function fetchPhotos(db: RecordsDatabase, client: DeviceClient, records: FieldRecord[]): Promise<StoredPhoto[]> {
  const refs = records.flatMap((r) => r.photos.map((p) => ({ ...p, recordId: r.id })));
  const held = await heldPhotoIds(
    db,
    refs.map((p) => p.id),
  );
  const out: StoredPhoto[] = [];
  for (const ref of refs) {
    if (held.has(ref.id)) continue;
    const answer = await client.request<Uint8Array>('GET', `/photos/${ref.sha256}`);
    if (answer.status !== 200 || !(answer.body instanceof Uint8Array)) continue;
    // Kept only when the bytes are the photo the record names.
    if ((await sha256Hex(answer.body)) !== ref.sha256) continue;
    out.push({
      id: ref.id,
      recordId: ref.recordId,
      sha256: ref.sha256,
      type: ref.type,
      blob: new Blob([answer.body as Uint8Array<ArrayBuffer>], { type: ref.type }),
    });
  }
  return out;
}
