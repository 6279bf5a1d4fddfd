/**
 * Residents' reports, without an account: a violation report (text, place with the zone answer and zone
 * version, optional photo, optional phone) becomes a record of the server's own chain and gets a receipt code;
 * the receipt is all a resident can ask about, and the answer is its status (received / assigned / handled /
 * closed) and nothing else. A retry of the same report (same install id and report id, e.g. an offline queue
 * sending again) gets the same receipt and stores nothing new.
 */
import { randomInt, randomUUID } from 'node:crypto';
import {
  type FieldRecord,
  type SavedZoneAnswer,
  SCHEMA_VERSION,
  type ViolationFields,
} from '../../src/records/record.ts';
import { validateRecordInput } from '../../src/records/validate-record.ts';
import { lockClock } from './change-clock.ts';
import type { Database } from './database.ts';
import { ApiError, notFound } from './errors.ts';
import { type PhotoStore, putWholePhoto } from './photo-store.ts';
import { writeServerChange } from './server-changes.ts';

/** What a resident's app sends. */
export interface ResidentReport {
  installId: string;
  clientReportId: string;
  what: ViolationFields['what'];
  description: string;
  observedAt: string;
  location: FieldRecord['location'];
  zoneAnswer: SavedZoneAnswer | null;
  phone?: string;
  name?: string;
  photo?: { base64: string };
}

/** The status as a resident reads it. */
export interface ReceiptStatus {
  receipt: string;
  status: string;
  zh: string;
  en: string;
  updatedAt: string;
}

const WORDS: Record<string, { zh: string; en: string }> = {
  received: { zh: '已收到，等待分派', en: 'received, waiting to be assigned' },
  assigned: { zh: '已分派给执法部门', en: 'assigned to an enforcement agency' },
  handled: { zh: '已处理', en: 'handled' },
  closed: { zh: '已办结', en: 'closed' },
};

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A receipt: 10 characters of Crockford base32 (50 bits), shown as XXXXX-XXXXX. */
export function newReceipt(): string {
  let s = '';
  for (let i = 0; i < 10; i++) s += ALPHABET[randomInt(32)];
  return `${s.slice(0, 5)}-${s.slice(5)}`;
}

/** A receipt as typed, normalised, or null. */
export function normaliseReceipt(typed: string): string | null {
  const plain = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return /^[0-9A-HJKMNP-TV-Z]{10}$/.test(plain) ? `${plain.slice(0, 5)}-${plain.slice(5)}` : null;
}

/** Stores a report (or finds the same one sent before); returns its receipt status. */
export async function submitReport(
  db: Database,
  photos: PhotoStore,
  report: ResidentReport,
  now: number,
): Promise<ReceiptStatus> {
  const before = await db.query<{ receipt: string }>(
    'SELECT receipt FROM reports WHERE install_id = $1 AND client_report_id = $2',
    [report.installId, report.clientReportId],
  );
  if (before[0]) return receiptStatus(db, before[0].receipt);
  const at = new Date(now).toISOString();
  const contact =
    report.phone?.trim() || report.name?.trim()
      ? { name: report.name?.trim() ?? '', phone: report.phone?.trim() ?? '' }
      : null;
  const checked = validateRecordInput({
    kind: 'violation-report',
    location: report.location,
    fields: { what: report.what, description: report.description, observedAt: report.observedAt, contact },
  });
  if (checked.errors.length > 0)
    throw new ApiError(
      400,
      'BAD_REQUEST',
      checked.errors.map((e) => `${e.path}: ${e.message}`).join('; '),
      `举报内容有误：${checked.errors.map((e) => zhField(e.path)).join('、')}`,
      { errors: checked.errors },
    );
  const photoRefs: FieldRecord['photos'] = [];
  if (report.photo) {
    const bytes = Buffer.from(report.photo.base64, 'base64');
    if (bytes.length === 0)
      throw new ApiError(400, 'BAD_PHOTO', 'the photo is empty or not base64', '照片为空或不是 base64 编码');
    const stored = await putWholePhoto(photos, bytes);
    await db.query('INSERT INTO photos (sha256, type, size) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
      stored.sha256,
      stored.type,
      bytes.length,
    ]);
    photoRefs.push({ id: randomUUID(), sha256: stored.sha256, type: stored.type, size: bytes.length });
  }
  const record: FieldRecord<'violation-report'> = {
    id: randomUUID(),
    kind: 'violation-report',
    schemaVersion: SCHEMA_VERSION,
    createdAt: at,
    updatedAt: at,
    deleted: false,
    deviceId: 'server',
    author: { role: 'resident', officerId: '' },
    location: report.location,
    zoneAnswer: report.zoneAnswer,
    photos: photoRefs,
    status: 'received',
    statusHistory: [{ status: 'received', at, by: 'resident', note: '' }],
    fields: checked.fields as unknown as ViolationFields,
  };
  const receipt = await db.transaction(async (tx) => {
    const clock = await lockClock(tx);
    // Under the clock's lock: a retry racing its first send finds the first one's row here.
    const again = await tx.query<{ receipt: string }>(
      'SELECT receipt FROM reports WHERE install_id = $1 AND client_report_id = $2',
      [report.installId, report.clientReportId],
    );
    if (again[0]) return again[0].receipt;
    await writeServerChange(tx, clock, record, 'create', record.author, at);
    const code = newReceipt();
    await tx.query('INSERT INTO reports (receipt, install_id, client_report_id, record_id) VALUES ($1, $2, $3, $4)', [
      code,
      report.installId,
      report.clientReportId,
      record.id,
    ]);
    await clock.save();
    return code;
  });
  return receiptStatus(db, receipt);
}

/** The status of a receipt, or a 404 that says nothing else. */
export async function receiptStatus(db: Database, typed: string): Promise<ReceiptStatus> {
  const receipt = normaliseReceipt(typed);
  const rows = receipt
    ? await db.query<{ status: string; updated_at: Date }>(
        'SELECT r.status, r.updated_at FROM reports p JOIN records r ON r.id = p.record_id WHERE p.receipt = $1',
        [receipt],
      )
    : [];
  const row = rows[0];
  if (!receipt || !row) throw notFound(`receipt ${typed.slice(0, 20)}`, '该回执号');
  const words = WORDS[row.status] ?? { zh: row.status, en: row.status };
  return { receipt, status: row.status, ...words, updatedAt: new Date(row.updated_at).toISOString() };
}

function zhField(path: string): string {
  const names: Record<string, string> = {
    location: '位置',
    'location.accuracyM': '定位精度',
    'location.source': '位置来源',
    'fields.what': '举报事项',
    'fields.observedAt': '发现时间',
    'fields.description': '情况描述',
    'fields.contact.phone': '联系电话',
  };
  return names[path] ?? path;
}
