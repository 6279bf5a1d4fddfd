/**
 * What this phone knows of its sync server, kept in the records database's meta table: the server's address
 * and this device's enrolment, how far the server holds this device's chain (the seq it acknowledged), the
 * pull cursor, the last sync and its problem, records the server queued as conflicts, and residents' reports
 * waiting to be sent (or sent, with their receipt). Plain data; src/sync does the talking.
 */
import type { AuditEntry } from '../records/audit-chain.ts';
import type { FieldRecord } from '../records/record.ts';
import type { RecordsDatabase } from './records-db.ts';

/** A problem in words, for the status line (the server's own zh/en, or ours for the network). */
export interface SyncProblem {
  code: string;
  zh: string;
  en: string;
  at: string;
}

/** The server and this device's enrolment there. */
export interface SyncSettings {
  /** Origin of the sync server, e.g. https://sync.example.cn ('' = none). */
  serverUrl: string;
  enrolment: {
    deviceId: string;
    agencyId: string;
    role: string;
    isAdmin: boolean;
    fingerprint: string;
    at: string;
  } | null;
}

/** How far sync got. */
export interface SyncProgress {
  /** The last seq of this device's chain the server acknowledged (its anchor). */
  pushedSeq: number;
  /** The pull cursor (the server's change sequence). */
  pullCursor: number;
  lastSyncAt: string | null;
  lastProblem: SyncProblem | null;
  /** Records the server queued as conflicts when this device pushed them (they await the bureau). */
  serverConflicts: string[];
  /** For each of those pulled once since, the hash of the server's version then (the bureau had not decided). */
  conflictSeen: Record<string, string>;
}

/** A resident's report in the sending queue. */
export interface QueuedReport {
  recordId: string;
  queuedAt: string;
  sentAt?: string;
  receipt?: string;
  status?: { status: string; zh: string; en: string; updatedAt: string };
  lastProblem?: SyncProblem;
  /** The server refused it for good (a bad report): not sent again. */
  refused?: boolean;
}

const EMPTY_SETTINGS: SyncSettings = { serverUrl: '', enrolment: null };
const EMPTY_PROGRESS: SyncProgress = {
  pushedSeq: 0,
  pullCursor: 0,
  lastSyncAt: null,
  lastProblem: null,
  serverConflicts: [],
  conflictSeen: {},
};

/** The sync settings (a server set at build with VITE_COALZONE_SERVER is the default address). */
export async function loadSyncSettings(db: RecordsDatabase): Promise<SyncSettings> {
  const saved = (await db.meta.get('sync:settings'))?.value as SyncSettings | undefined;
  if (saved) return { ...EMPTY_SETTINGS, ...saved };
  const built = (import.meta.env?.VITE_COALZONE_SERVER as string | undefined)?.trim() ?? '';
  return { ...EMPTY_SETTINGS, serverUrl: /^https?:\/\//.test(built) ? built.replace(/\/+$/, '') : '' };
}

/** Saves the sync settings. */
export async function saveSyncSettings(db: RecordsDatabase, settings: SyncSettings): Promise<void> {
  await db.meta.put({ key: 'sync:settings', value: settings });
}

/** How far sync got. */
export async function loadSyncProgress(db: RecordsDatabase): Promise<SyncProgress> {
  const saved = (await db.meta.get('sync:progress'))?.value as Partial<SyncProgress> | undefined;
  return { ...EMPTY_PROGRESS, ...(saved ?? {}) };
}

/** Changes part of the progress, read and written in one transaction (two tabs may sync). */
export async function updateSyncProgress(
  db: RecordsDatabase,
  change: (progress: SyncProgress) => Partial<SyncProgress>,
): Promise<SyncProgress> {
  return db.transaction('rw', db.meta, async () => {
    const current = await loadSyncProgress(db);
    const next = { ...current, ...change(current) };
    await db.meta.put({ key: 'sync:progress', value: next });
    return next;
  });
}

/** Forgets the server's progress (a new server or a new enrolment starts from nothing). */
export async function resetSyncProgress(db: RecordsDatabase): Promise<void> {
  await db.meta.put({ key: 'sync:progress', value: EMPTY_PROGRESS });
}

/** The audit entries after `seq`, oldest first, with the current version of every record they name. */
export async function chainAfter(db: RecordsDatabase, seq: number) {
  const entries: AuditEntry[] = await db.audit.where('seq').above(seq).sortBy('seq');
  const ids = [...new Set(entries.map((e) => e.recordId))];
  const records = await db.records.bulkGet(ids);
  return { entries, records: new Map(ids.map((id, i) => [id, records[i]])) };
}

/** The entry at `seq` of this device's chain (undefined when the chain is shorter). */
export async function entryAt(db: RecordsDatabase, seq: number): Promise<AuditEntry | undefined> {
  return db.audit.get(seq);
}

/** Records on this phone changed after the server's acknowledged seq (the ones "only on this phone"),
 *  not counting versions that came from the server itself (import entries of pulled records). */
export async function unsentRecordIds(db: RecordsDatabase, pushedSeq: number): Promise<string[]> {
  const entries: AuditEntry[] = await db.audit.where('seq').above(pushedSeq).toArray();
  const ids = new Set<string>();
  for (const e of entries) if (e.op !== 'import') ids.add(e.recordId);
  return [...ids];
}

/** A record by id (deleted ones too), or undefined. */
export async function recordById(db: RecordsDatabase, id: string): Promise<FieldRecord | undefined> {
  return db.records.get(id);
}

/** A photo's bytes by SHA-256 (any row holding them), or null. */
export async function photoBySha(db: RecordsDatabase, sha256: string): Promise<Blob | null> {
  return (await db.photos.filter((p) => p.sha256 === sha256).first())?.blob ?? null;
}

/** This installation's id for residents' reports (random, made once; the server limits reports by it). */
export async function installId(db: RecordsDatabase): Promise<string> {
  return db.transaction('rw', db.meta, async () => {
    const row = await db.meta.get('sync:installId');
    if (typeof row?.value === 'string') return row.value;
    const bytes = crypto.getRandomValues(new Uint8Array(18));
    const id = btoa(String.fromCharCode(...bytes))
      .replace(/\+/g, '-')
      .replace(/\//g, '_');
    await db.meta.put({ key: 'sync:installId', value: id });
    return id;
  });
}

/** The report queue, oldest first. */
export async function queuedReports(db: RecordsDatabase): Promise<QueuedReport[]> {
  return ((await db.meta.get('sync:reports'))?.value as QueuedReport[] | undefined) ?? [];
}

/** Adds a saved report to the sending queue (once). */
export async function queueReport(db: RecordsDatabase, recordId: string, now = new Date()): Promise<void> {
  await changeReports(db, (list) =>
    list.some((r) => r.recordId === recordId) ? list : [...list, { recordId, queuedAt: now.toISOString() }],
  );
}

/** Changes one queued report. */
export async function updateQueuedReport(
  db: RecordsDatabase,
  recordId: string,
  change: Partial<QueuedReport>,
): Promise<void> {
  await changeReports(db, (list) => list.map((r) => (r.recordId === recordId ? { ...r, ...change } : r)));
}

async function changeReports(db: RecordsDatabase, change: (list: QueuedReport[]) => QueuedReport[]): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    await db.meta.put({ key: 'sync:reports', value: change(await queuedReports(db)) });
  });
}
