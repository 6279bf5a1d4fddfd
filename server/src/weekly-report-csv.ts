/**
 * The weekly report as CSV for Excel and WPS, written the way the app writes its records report
 * (src/io/records-report-csv.ts): Chinese headers, labels instead of codes (煤炭销售点, 已发现, 平城区), Beijing
 * time as "2026-12-02 08:07", UTF-8 BOM and CRLF, every text cell through the app's csvCell (a cell a
 * spreadsheet could run as a formula gets a leading apostrophe, looksLikeFormula in src/io/csv-write.ts).
 * Two tables, one file each: `counts` (live records by district, kind and status, long form for a pivot
 * table) and `changes` (the week's new records and status steps, one row each).
 */
import { csvLine, UTF8_BOM } from '../../src/io/csv-write.ts';
import { beijingMinute } from '../../src/io/records-report-csv.ts';
import type { RecordKind } from '../../src/records/record.ts';
import { KIND_LABELS, STATUS_LABELS } from '../../src/records/record-labels.ts';
import type { WeeklyReport } from './weekly-report.ts';

/** The tables a CSV can hold. */
export const CSV_PARTS = ['counts', 'changes'] as const;
/** One of CSV_PARTS. */
export type CsvPart = (typeof CSV_PARTS)[number];

/** A kind's name (the code itself for a kind this version does not know). */
export function kindWord(kind: string): string {
  return KIND_LABELS[kind as RecordKind]?.zh ?? kind;
}

/** A status's name. */
export function statusWord(status: string | null): string {
  return status === null ? '' : (STATUS_LABELS[status]?.zh ?? status);
}

/** A district's name. */
export function districtWord(report: WeeklyReport, adcode: number): string {
  return report.districts.find((d) => d.adcode === adcode)?.zh ?? String(adcode);
}

/** The change's kind in words. */
export function changeWord(type: 'created' | 'status'): string {
  return type === 'created' ? '新增记录' : '状态变更';
}

/** The rows of a table, headers first (shared with the .xlsx writer). */
export function reportTable(report: WeeklyReport, part: CsvPart): unknown[][] {
  if (part === 'counts') {
    const order = new Map(report.districts.map((d, i) => [d.adcode, i]));
    const rows = [...report.counts].sort(
      (a, b) =>
        (order.get(a.district) ?? 99) - (order.get(b.district) ?? 99) ||
        a.kind.localeCompare(b.kind) ||
        a.status.localeCompare(b.status),
    );
    return [
      ['区县', '记录类型', '当前状态', '记录数'],
      ...rows.map((r) => [districtWord(report, r.district), kindWord(r.kind), statusWord(r.status), r.count]),
    ];
  }
  return [
    ['时间（北京时间）', '变化', '记录类型', '区县', '原状态', '新状态', '办理人', '文书号', '说明', '记录编号'],
    ...report.changes.map((c) => [
      beijingMinute(c.at),
      changeWord(c.type),
      kindWord(c.kind),
      districtWord(report, c.district),
      statusWord(c.from),
      statusWord(c.to),
      c.by,
      c.documentNumber,
      c.note,
      c.recordId,
    ]),
  ];
}

/** One table as CSV text (BOM first). */
export function weeklyReportCsv(report: WeeklyReport, part: CsvPart): string {
  let out = UTF8_BOM;
  for (const row of reportTable(report, part)) out += csvLine(row);
  return out;
}
