/**
 * The page's one sync engine, made on first use (the status line, the report form, or at start when this
 * phone has a server): one RecordsDatabase, `online` and periodic rounds started. A flag in localStorage says
 * whether a server was ever set, so the first view loads none of this on a phone that never syncs.
 */
import { RecordsDatabase } from '../store/records-db.ts';
import { createSyncEngine, type SyncEngine } from './sync-engine.ts';

/** localStorage key: '1' once a server is set or a report is queued on this phone. */
export const SYNC_FLAG = 'coalzone.sync';

let shared: { db: RecordsDatabase; engine: SyncEngine } | null = null;

/** The page's engine and its database. */
export function appSync(): { db: RecordsDatabase; engine: SyncEngine } {
  if (!shared) {
    const db = new RecordsDatabase();
    shared = { db, engine: createSyncEngine(db) };
    shared.engine.start();
  }
  return shared;
}

/** Remembers that this phone syncs (the next page load starts the engine at once). */
export function markSyncing(): void {
  try {
    localStorage.setItem(SYNC_FLAG, '1');
  } catch {
    // Private mode without storage: the engine still starts when the status line or report form is used.
  }
}
