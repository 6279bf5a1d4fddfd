/**
 * The records as a report for the city (issue 14 item 14): a CSV that Excel and WPS open with Chinese intact
 * (UTF-8 BOM, CRLF, formula-like cells neutralised by csv-write.ts) and that reads as people write it —
 * headers in the UI's language, labels instead of codes (煤炭销售点, 已发现), Beijing time as "2026-12-02 08:07",
 * one column per form field, and when each status step was taken (one column per status, plus the whole
 * history with notes and document numbers). A violation report's private contact is left out unless asked.
 * The machine-readable export with codes and ISO times stays in export-records.ts.
 */

import { type FieldRecord, type RecordKind, STATUS_FLOW } from '../records/record.ts';
import {
  choiceLabel,
  FORMS,
  KIND_LABELS,
  ROLE_LABELS,
  SOURCE_LABELS,
  STATUS_LABELS,
  ZONE_LABELS,
} from '../records/record-labels.ts';
import { csvLine, UTF8_BOM } from './csv-write.ts';
import type { ExportOptions } from './export-records.ts';
import { formatBeijingTime } from './parse-time.ts';

type Lang = 'zh' | 'en';

/** Options of the report: the export's, plus the language of headers and labels (default zh). */
export interface ReportOptions extends ExportOptions {
  lang?: Lang;
}

/** Beijing time to the minute, "2026-12-02 08:07" (empty for no or unreadable time). */
export function beijingMinute(iso: string | undefined): string {
  const ms = iso ? Date.parse(iso) : Number.NaN;
  return Number.isFinite(ms) ? formatBeijingTime(ms).slice(0, 16) : '';
}

/** One column: its header and how a record fills it. */
interface Column {
  header: string;
  cell: (r: FieldRecord) => unknown;
}

const w = (lang: Lang, zh: string, en: string) => (lang === 'zh' ? zh : en);

/** The report's CSV text. */
export function recordsReportCsv(records: readonly FieldRecord[], options: ReportOptions = {}): string {
  const lang = options.lang ?? 'zh';
  const kinds = KIND_ORDER.filter((k) => records.some((r) => r.kind === k));
  const columns: Column[] = [
    { header: w(lang, '记录类型', 'Record kind'), cell: (r) => KIND_LABELS[r.kind][lang] },
    ...fieldColumns(kinds, lang, options.includeContacts === true),
    { header: w(lang, '当前状态', 'Status'), cell: (r) => statusWord(r.status, lang) },
    ...statusColumns(kinds, lang),
    { header: w(lang, '状态记录', 'Status history'), cell: (r) => historyText(r, lang) },
    { header: w(lang, '区内外（保存时）', 'Zone answer (at save time)'), cell: (r) => zoneWord(r, lang) },
    {
      header: w(lang, '距边界（米，区内为正）', 'Distance to the line (m, + inside)'),
      cell: (r) => (r.zoneAnswer ? Math.round(r.zoneAnswer.signedDistanceM) : ''),
    },
    { header: w(lang, '经度', 'Longitude'), cell: (r) => r.location.lng },
    { header: w(lang, '纬度', 'Latitude'), cell: (r) => r.location.lat },
    { header: w(lang, '定位误差（米）', 'Location accuracy (m)'), cell: (r) => Math.round(r.location.accuracyM) },
    {
      header: w(lang, '位置来源', 'Location from'),
      cell: (r) => SOURCE_LABELS[r.location.source]?.[lang] ?? r.location.source,
    },
    { header: w(lang, '照片（张）', 'Photos'), cell: (r) => r.photos.length },
    { header: w(lang, '照片 SHA-256', 'Photo SHA-256'), cell: (r) => r.photos.map((p) => p.sha256).join(' ') },
    { header: w(lang, '创建时间（北京时间）', 'Created (Beijing time)'), cell: (r) => beijingMinute(r.createdAt) },
    { header: w(lang, '最后修改（北京时间）', 'Last changed (Beijing time)'), cell: (r) => beijingMinute(r.updatedAt) },
    { header: w(lang, '记录单位', 'Agency'), cell: (r) => ROLE_LABELS[r.author.role]?.[lang] ?? r.author.role },
    { header: w(lang, '执法证号/工号', 'Officer id'), cell: (r) => r.author.officerId },
    // Which zone answered (the city's, or a county's own, e.g. yunzhou: decision 0030), then its version.
    { header: w(lang, '区域', 'Zone'), cell: (r) => r.zoneAnswer?.zoneId ?? '' },
    { header: w(lang, '区域版本', 'Zone version'), cell: (r) => r.zoneAnswer?.zoneVersion ?? '' },
    { header: w(lang, '记录编号', 'Record id'), cell: (r) => r.id },
    { header: w(lang, '记录设备', 'Device'), cell: (r) => r.deviceId },
  ];
  const by = options.exportedBy;
  if (by)
    columns.push(
      { header: w(lang, '导出设备', 'Exported by device'), cell: () => by.deviceId },
      { header: w(lang, '导出密钥指纹', 'Export key fingerprint'), cell: () => by.fingerprint },
    );
  let out = UTF8_BOM + csvLine(columns.map((c) => c.header));
  for (const r of records) out += csvLine(columns.map((c) => c.cell(r)));
  return out;
}

const KIND_ORDER = Object.keys(STATUS_FLOW) as RecordKind[];

/** One column per form field of the kinds present; fields of different kinds with the same header (地址)
 *  share a column. A violation report's contact is two columns, redacted unless asked. */
function fieldColumns(kinds: readonly RecordKind[], lang: Lang, includeContacts: boolean): Column[] {
  const byHeader = new Map<string, Map<RecordKind, string>>();
  for (const kind of kinds)
    for (const spec of FORMS[kind]) {
      const header = spec.label[lang];
      if (!byHeader.has(header)) byHeader.set(header, new Map());
      byHeader.get(header)?.set(kind, spec.name);
    }
  return [...byHeader].map(([header, names]) => ({
    header,
    cell: (r: FieldRecord) => {
      const name = names.get(r.kind);
      return name === undefined ? '' : fieldText(r, name, lang, includeContacts);
    },
  }));
}

function fieldText(r: FieldRecord, name: string, lang: Lang, includeContacts: boolean): string {
  const fields = r.fields as unknown as Record<string, unknown>;
  if (r.kind === 'violation-report' && (name === 'contactName' || name === 'contactPhone')) {
    const contact = fields.contact as { name?: string; phone?: string } | null;
    const value = name === 'contactName' ? contact?.name : contact?.phone;
    if (!value) return '';
    return includeContacts ? value : w(lang, '（已隐去）', '(withheld)');
  }
  const spec = FORMS[r.kind].find((f) => f.name === name);
  const value = fields[name];
  if (value === undefined || value === null) return '';
  if (spec?.type === 'list' && Array.isArray(value)) return value.join('、');
  if (spec?.type === 'datetime-local') return beijingMinute(String(value));
  if (spec?.type === 'select') return choiceLabel(r.kind, name, String(value), lang);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** One column per status of the kinds present: when the record last entered it (every time, when it
 *  entered it more than once, e.g. 已复查). */
function statusColumns(kinds: readonly RecordKind[], lang: Lang): Column[] {
  const statuses = [...new Set(kinds.flatMap((k) => Object.keys(STATUS_FLOW[k])))];
  return statuses.map((status) => ({
    header: w(lang, `${statusWord(status, lang)}时间`, `${statusWord(status, lang)} at`),
    cell: (r: FieldRecord) =>
      stepsOf(r)
        .filter((s) => s.status === status)
        .map((s) => beijingMinute(s.at))
        .join('；'),
  }));
}

/** The history's steps, a step that only repeats the status with nothing to say dropped. */
function stepsOf(r: FieldRecord): FieldRecord['statusHistory'] {
  return r.statusHistory.filter(
    (s, i) => i === 0 || s.status !== r.statusHistory[i - 1]?.status || s.note || s.documentNumber,
  );
}

function historyText(r: FieldRecord, lang: Lang): string {
  return stepsOf(r)
    .map((s) => {
      const parts = [`${beijingMinute(s.at)} ${statusWord(s.status, lang)}`];
      if (s.documentNumber) parts.push(w(lang, `文书号 ${s.documentNumber}`, `document ${s.documentNumber}`));
      if (s.note) parts.push(s.note);
      if (s.photoIds?.length) parts.push(w(lang, `照片 ${s.photoIds.length} 张`, `${s.photoIds.length} photo(s)`));
      return parts.join(w(lang, '，', ', '));
    })
    .join(w(lang, '；', '; '));
}

function statusWord(status: string, lang: Lang): string {
  return STATUS_LABELS[status]?.[lang] ?? status;
}

function zoneWord(r: FieldRecord, lang: Lang): string {
  return r.zoneAnswer ? ZONE_LABELS[r.zoneAnswer.status][lang] : w(lang, '未判断', 'not classified');
}
