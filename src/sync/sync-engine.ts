/**
 * The app's sync: one round pushes this phone's chain, records and photos, then pulls what its role may see
 * (an enrolled phone), and sends residents' reports and asks their receipts' status (a phone with a server but
 * no enrolment: a resident's). Rounds run on demand (立即同步), when the browser comes back online, within
 * seconds of a record or report saved while online, every few minutes while the page is open, and after a failure again with exponential backoff (5 s doubling to 5 min,
 * with jitter; a 429's Retry-After respected). One round at a time per phone: Web Locks across tabs where the
 * browser has them. Everything a round needs is in the store, so a page closed mid-round loses nothing.
 */

import { openConflicts } from '../store/conflicts.ts';
import { deviceKey } from '../store/device-keys.ts';
import type { RecordsDatabase } from '../store/records-db.ts';
import { loadAuthor } from '../store/settings.ts';
import {
  loadSyncProgress,
  loadSyncSettings,
  type QueuedReport,
  queuedReports,
  type SyncProblem,
  type SyncSettings,
  unsentRecordIds,
  updateSyncProgress,
} from '../store/sync-state.ts';
import { deviceClient } from './device-client.ts';
import { pullChanges } from './pull-changes.ts';
import { pushChain } from './push-chain.ts';
import { refreshReceipts, sendQueuedReports } from './send-reports.ts';
import { asFailure, type SyncFailure } from './sync-problem.ts';
import { uploadPhotos } from './upload-photos.ts';

/** Everything the status line shows. */
export interface SyncStatus {
  settings: SyncSettings;
  running: boolean;
  online: boolean;
  lastSyncAt: string | null;
  problem: SyncProblem | null;
  /** Records changed on this phone that the server does not hold yet. */
  unsentRecords: number;
  reports: QueuedReport[];
  /** Open conflicts on this phone (pulled versions that met a local edit). */
  conflicts: number;
  /** Records whose pushed version the server queued as a conflict (the bureau decides). */
  serverConflicts: number;
  nextRetryAt: string | null;
}

/** What one round did. */
export interface RoundResult {
  pushed: number;
  pulled: number;
  photos: number;
  reportsSent: number;
  conflicts: number;
}

/** Timings (tests shorten them). */
export interface EngineOptions {
  baseDelayMs?: number;
  maxDelayMs?: number;
  periodMs?: number;
  /** How often to look for work owed (records or reports saved since) while online. */
  watchMs?: number;
  random?: () => number;
}

/** The sync engine of one page. */
export interface SyncEngine {
  /** Runs a round now (or joins the one running); resolves to the status after it. */
  syncNow(): Promise<SyncStatus>;
  status(): Promise<SyncStatus>;
  /** Calls `listener` with the status after every change; returns how to stop. */
  subscribe(listener: (status: SyncStatus) => void): () => void;
  /** Listens for `online` and runs the periodic rounds. */
  start(): void;
  stop(): void;
}

/** One round, without scheduling (the tests call it directly). Throws a SyncFailure. */
export async function syncRound(db: RecordsDatabase): Promise<RoundResult> {
  const settings = await loadSyncSettings(db);
  const result: RoundResult = { pushed: 0, pulled: 0, photos: 0, reportsSent: 0, conflicts: 0 };
  if (!settings.serverUrl) return result;
  try {
    if (settings.enrolment) {
      const key = await deviceKey(db);
      const client = deviceClient(settings.serverUrl, settings.enrolment.deviceId, key.privateKey);
      const pushed = await pushChain(db, client, settings.enrolment.deviceId);
      result.pushed = pushed.entries;
      result.photos = await uploadPhotos(db, client, pushed.missingPhotos);
      const merged = await pullChanges(db, client, { author: await loadAuthor(db), zoneAnswer: null });
      result.pulled = merged.added + merged.updated;
      result.conflicts = merged.conflicts + pushed.conflicts.length;
    } else {
      // A resident's phone: its reports go as residents' reports (with a receipt); an enrolled phone's reports
      // travel in its chain like every other record, so the server never holds one report twice.
      const round = await sendQueuedReports(db, settings.serverUrl);
      result.reportsSent = round.sent;
      if (round.failure) throw round.failure;
      await refreshReceipts(db, settings.serverUrl);
    }
  } catch (error) {
    const failure = asFailure(error, settings.serverUrl);
    await updateSyncProgress(db, () => ({ lastProblem: failure.problem }));
    throw failure;
  }
  await updateSyncProgress(db, () => ({ lastSyncAt: new Date().toISOString(), lastProblem: null }));
  return result;
}

/** The status as stored. */
export async function readStatus(
  db: RecordsDatabase,
  extra: { running: boolean; nextRetryAt: string | null } = { running: false, nextRetryAt: null },
): Promise<SyncStatus> {
  const [settings, progress, reports, conflicts] = await Promise.all([
    loadSyncSettings(db),
    loadSyncProgress(db),
    queuedReports(db),
    openConflicts(db),
  ]);
  const unsent = settings.enrolment ? (await unsentRecordIds(db, progress.pushedSeq)).length : 0;
  return {
    settings,
    running: extra.running,
    online: typeof navigator === 'undefined' || navigator.onLine !== false,
    lastSyncAt: progress.lastSyncAt,
    problem: progress.lastProblem,
    unsentRecords: unsent,
    reports,
    conflicts: conflicts.length,
    serverConflicts: progress.serverConflicts.length,
    nextRetryAt: extra.nextRetryAt,
  };
}

/** An engine for `db`. */
export function createSyncEngine(db: RecordsDatabase, options: EngineOptions = {}): SyncEngine {
  const base = options.baseDelayMs ?? 5_000;
  const max = options.maxDelayMs ?? 5 * 60_000;
  const period = options.periodMs ?? 5 * 60_000;
  const watchEvery = options.watchMs ?? 10_000;
  const random = options.random ?? Math.random;
  const listeners = new Set<(status: SyncStatus) => void>();
  let running: Promise<SyncStatus> | null = null;
  let busy = false;
  let failures = 0;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let nextRetryAt: string | null = null;
  let periodic: ReturnType<typeof setInterval> | null = null;
  let watch: ReturnType<typeof setInterval> | null = null;

  const status = () => readStatus(db, { running: busy, nextRetryAt });
  const notify = async () => {
    const now = await status();
    for (const listener of listeners) listener(now);
    return now;
  };
  const schedule = (failure: SyncFailure) => {
    if (retry) clearTimeout(retry);
    retry = null;
    nextRetryAt = null;
    // Offline, the browser's `online` event starts the next round; no timer needed.
    if (!failure.transient || (typeof navigator !== 'undefined' && navigator.onLine === false)) return;
    failures++;
    const backoff = Math.min(max, base * 2 ** (failures - 1)) * (0.5 + random() / 2);
    const delay = Math.max(backoff, (failure.retryAfterS ?? 0) * 1000);
    nextRetryAt = new Date(Date.now() + delay).toISOString();
    retry = setTimeout(() => void engine.syncNow(), delay);
  };
  const locked = <T>(work: () => Promise<T>): Promise<T> => {
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    return locks ? (locks.request('coalzone-sync', work) as Promise<T>) : work();
  };
  const round = async (): Promise<SyncStatus> => {
    await notify();
    try {
      await locked(() => syncRound(db));
      failures = 0;
      if (retry) clearTimeout(retry);
      retry = null;
      nextRetryAt = null;
    } catch (error) {
      schedule(asFailure(error, (await loadSyncSettings(db)).serverUrl));
    }
    busy = false;
    running = null;
    return notify();
  };
  const onOnline = () => void engine.syncNow();
  const onOffline = () => void notify();
  const engine: SyncEngine = {
    syncNow() {
      if (!running) {
        busy = true;
        running = round();
      }
      return running;
    },
    status,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      if (typeof window !== 'undefined') {
        window.addEventListener('online', onOnline);
        window.addEventListener('offline', onOffline);
      }
      periodic ??= setInterval(() => {
        if (typeof document === 'undefined' || document.visibilityState !== 'hidden') void engine.syncNow();
      }, period);
      // Records are saved by other views (the records tab, the checkpoint tab, the report form): a record or
      // report owed is sent within seconds while online and nothing is wrong (a failure has its own timer;
      // offline waits for `online`).
      watch ??= setInterval(() => {
        if (busy) return;
        void status().then((s) => {
          const owed = s.unsentRecords > 0 || s.reports.some((r) => !r.receipt && !r.refused);
          if (owed && s.online && !s.running && !s.problem && s.settings.serverUrl) void engine.syncNow();
        });
      }, watchEvery);
    },
    stop() {
      if (typeof window !== 'undefined') {
        window.removeEventListener('online', onOnline);
        window.removeEventListener('offline', onOffline);
      }
      if (periodic) clearInterval(periodic);
      if (watch) clearInterval(watch);
      if (retry) clearTimeout(retry);
      periodic = null;
      watch = null;
      retry = null;
    },
  };
  return engine;
}
