/**
 * Residents' reports, sent without an account (POST /reports): each saved report waits in the queue until
 * the server answers with its receipt code; sending again after a lost answer gets the same receipt (the
 * server keys it by this installation's id and the report's id). A receipt's status (received / assigned /
 * handled / closed) is asked with GET /reports/{receipt}. A refusal that trying again cannot mend (a bad
 * report) is kept with its words; the network or a busy server is tried again later.
 */
import type { FieldRecord, ViolationFields } from '../records/record.ts';
import type { RecordsDatabase } from '../store/records-db.ts';
import { photoBlob } from '../store/records-repo.ts';
import { installId, type QueuedReport, queuedReports, recordById, updateQueuedReport } from '../store/sync-state.ts';
import { answerFailure, asFailure, type SyncFailure } from './sync-problem.ts';

/** A receipt's status as the server words it. */
export interface ReceiptAnswer {
  receipt: string;
  status: string;
  zh: string;
  en: string;
  updatedAt: string;
}

/** What one round of sending did. */
export interface ReportRound {
  sent: number;
  waiting: number;
  refused: number;
  /** The first transient failure (the rest were not tried). */
  failure: SyncFailure | null;
}

/** The base64 of a Blob's bytes. */
async function base64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

/** The body the server takes for a saved report record. */
export async function reportBody(db: RecordsDatabase, record: FieldRecord<'violation-report'>) {
  const fields = record.fields as ViolationFields;
  const photoRef = record.photos[0];
  const photo = photoRef ? await photoBlob(db, photoRef.id) : null;
  return {
    installId: await installId(db),
    clientReportId: record.id,
    what: fields.what,
    description: fields.description,
    observedAt: fields.observedAt,
    location: { ...record.location },
    zoneAnswer: record.zoneAnswer,
    ...(fields.contact?.phone ? { phone: fields.contact.phone } : {}),
    ...(fields.contact?.name ? { name: fields.contact.name } : {}),
    ...(photo ? { photo: { base64: await base64(photo) } } : {}),
  };
}

async function post(serverUrl: string, path: string, body?: unknown) {
  const response = await fetch(new URL(path, serverUrl), {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const type = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    body: type.includes('json') ? ((await response.json()) as unknown) : null,
    headers: response.headers,
  };
}

/** Sends every queued report without a receipt. */
export async function sendQueuedReports(db: RecordsDatabase, serverUrl: string): Promise<ReportRound> {
  const round: ReportRound = { sent: 0, waiting: 0, refused: 0, failure: null };
  for (const queued of await queuedReports(db)) {
    if (queued.receipt || queued.refused) continue;
    if (round.failure) {
      round.waiting++;
      continue;
    }
    const record = (await recordById(db, queued.recordId)) as FieldRecord<'violation-report'> | undefined;
    if (!record || record.deleted) continue;
    try {
      const answer = await post(serverUrl, '/reports', await reportBody(db, record));
      if (answer.status !== 200) throw answerFailure(answer);
      const got = answer.body as ReceiptAnswer;
      await updateQueuedReport(db, queued.recordId, {
        receipt: got.receipt,
        sentAt: new Date().toISOString(),
        status: { status: got.status, zh: got.zh, en: got.en, updatedAt: got.updatedAt },
        lastProblem: undefined,
      });
      round.sent++;
    } catch (error) {
      const failure = asFailure(error, serverUrl);
      await updateQueuedReport(db, queued.recordId, { lastProblem: failure.problem });
      if (failure.transient) {
        round.failure = failure;
        round.waiting++;
      } else {
        await updateQueuedReport(db, queued.recordId, { refused: true });
        round.refused++;
      }
    }
  }
  return round;
}

/** Asks the status of every sent report (the bureau assigns and handles them). */
export async function refreshReceipts(db: RecordsDatabase, serverUrl: string): Promise<QueuedReport[]> {
  for (const queued of await queuedReports(db)) {
    if (!queued.receipt) continue;
    const answer = await post(serverUrl, `/reports/${encodeURIComponent(queued.receipt)}`);
    if (answer.status !== 200) throw answerFailure(answer);
    const got = answer.body as ReceiptAnswer;
    await updateQueuedReport(db, queued.recordId, {
      status: { status: got.status, zh: got.zh, en: got.en, updatedAt: got.updatedAt },
    });
  }
  return queuedReports(db);
}
