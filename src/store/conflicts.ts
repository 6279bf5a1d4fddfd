/**
 * Conflicts from imports, resolved by a person: keep the local record, or take the imported version (written
 * as an audited update, in the same transaction that marks the conflict resolved and stores its new photos).
 */
import { InputError } from '../errors.ts';
import type { ConflictRow, RecordsDatabase } from './records-db.ts';
import { type WriteContext, write } from './records-repo.ts';

/** Unresolved conflicts, oldest first. */
export async function openConflicts(db: RecordsDatabase): Promise<ConflictRow[]> {
  return (await db.conflicts.toArray()).filter((c) => !c.resolved).sort((a, b) => a.at.localeCompare(b.at));
}

/** Resolves a conflict. */
export async function resolveConflict(
  db: RecordsDatabase,
  id: string,
  keep: 'local' | 'incoming',
  context: WriteContext,
): Promise<void> {
  const conflict = await db.conflicts.get(id);
  if (!conflict || conflict.resolved) throw new InputError('INVALID_ARGUMENT', `no open conflict ${id}`);
  if (keep === 'local') {
    await db.conflicts.update(id, { resolved: true });
    return;
  }
  const local = await db.records.get(conflict.recordId);
  const at = (context.now ?? new Date()).toISOString();
  // Photos are evidence and never dropped: the taken version keeps the local photos it lacks, and its own
  // new photos (kept in the conflict row) are stored with it, in the same transaction.
  const incomingIds = new Set(conflict.incoming.photos.map((p) => p.id));
  const record = {
    ...conflict.incoming,
    photos: [...conflict.incoming.photos, ...(local?.photos ?? []).filter((p) => !incomingIds.has(p.id))],
    updatedAt: at,
    deviceId: local?.deviceId ?? conflict.incoming.deviceId,
  };
  await write(db, record, 'update', context, undefined, async () => {
    if (conflict.photos?.length) await db.photos.bulkPut(conflict.photos);
    await db.conflicts.update(id, { resolved: true });
  });
}
