/**
 * The weekly report as an Excel workbook (.xlsx) through ExcelJS (decision 0023): a summary sheet (the week,
 * when it was made, records by kind and by district with the week's new records and steps), districts ×
 * kinds, kinds × statuses, the week's changes and the counts in long form. Chinese headers and labels,
 * Beijing time. Every value is written as a plain string or number cell, never a formula, and text that a
 * spreadsheet could take for one gets the same leading apostrophe as in the CSV (looksLikeFormula), so the
 * sheet saved again as CSV is still safe.
 */
import ExcelJS from 'exceljs';
import { looksLikeFormula } from '../../src/io/csv-write.ts';
import { beijingMinute } from '../../src/io/records-report-csv.ts';
import { STATUS_FLOW } from '../../src/records/record.ts';
import { type ReportSums, reportSums, type WeeklyReport } from './weekly-report.ts';
import { kindWord, reportTable, statusWord } from './weekly-report-csv.ts';

/** The sheet names, in order. */
export const SHEETS = ['汇总', '区县与类型', '类型与状态', '本周变化', '计数明细'] as const;

const KINDS = Object.keys(STATUS_FLOW);

/** A cell's value: numbers as numbers, text neutralised. */
function cell(value: unknown): string | number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : '';
  const text = value === null || value === undefined ? '' : String(value);
  return looksLikeFormula(text) ? `'${text}` : text;
}

function addTable(sheet: ExcelJS.Worksheet, rows: readonly unknown[][], bold = true): void {
  rows.forEach((row, i) => {
    const added = sheet.addRow(row.map(cell));
    if (i === 0 && bold) added.font = { bold: true };
  });
}

function widen(sheet: ExcelJS.Worksheet, widths: number[]): void {
  widths.forEach((w, i) => {
    sheet.getColumn(i + 1).width = w;
  });
}

/** The workbook's bytes. */
export async function weeklyReportXlsx(report: WeeklyReport): Promise<Buffer> {
  const sums = reportSums(report);
  const book = new ExcelJS.Workbook();
  book.creator = 'coalzone 禁煤区同步服务';
  book.created = new Date(report.generatedAt);
  summarySheet(book.addWorksheet(SHEETS[0]), report, sums);
  districtKindSheet(book.addWorksheet(SHEETS[1]), report, sums);
  kindStatusSheet(book.addWorksheet(SHEETS[2]), report, sums);
  const changes = book.addWorksheet(SHEETS[3], { views: [{ state: 'frozen', ySplit: 1 }] });
  addTable(changes, reportTable(report, 'changes'));
  widen(changes, [18, 10, 28, 20, 14, 14, 14, 22, 40, 38]);
  const counts = book.addWorksheet(SHEETS[4], { views: [{ state: 'frozen', ySplit: 1 }] });
  addTable(counts, reportTable(report, 'counts'));
  widen(counts, [24, 30, 16, 10]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The kinds that have records or changes, in the app's order. */
function kindsPresent(sums: ReportSums): string[] {
  const seen = new Set([...sums.byKind.keys(), ...sums.newByKind.keys(), ...sums.stepsByKind.keys()]);
  return [...KINDS.filter((k) => seen.has(k)), ...[...seen].filter((k) => !KINDS.includes(k)).sort()];
}

function summarySheet(sheet: ExcelJS.Worksheet, report: WeeklyReport, sums: ReportSums): void {
  const title = sheet.addRow([`大同市禁煤区周报 ${report.week.monday}（周一）至 ${report.week.sunday}（周日）`]);
  title.font = { bold: true, size: 14 };
  addTable(
    sheet,
    [
      ['生成时间（北京时间）', beijingMinute(report.generatedAt)],
      ['现有记录（不含已删除）', report.total],
      ['本周新增记录', report.changes.filter((c) => c.type === 'created').length],
      ['本周状态变更', report.changes.filter((c) => c.type === 'status').length],
      ['区县划分', report.placedBy === 'postgis' ? 'PostGIS（ST_Covers）' : '本应用判定（点在多边形内）'],
      [],
    ],
    false,
  );
  addTable(sheet, [
    ['记录类型', '现有记录', '本周新增', '本周状态变更'],
    ...kindsPresent(sums).map((k) => [
      kindWord(k),
      sums.byKind.get(k) ?? 0,
      sums.newByKind.get(k) ?? 0,
      sums.stepsByKind.get(k) ?? 0,
    ]),
  ]);
  sheet.addRow([]);
  addTable(sheet, [
    ['区县', '现有记录', '本周新增'],
    ...report.districts.map((d) => [d.zh, sums.byDistrict.get(d.adcode) ?? 0, sums.newByDistrict.get(d.adcode) ?? 0]),
  ]);
  widen(sheet, [30, 14, 12, 14]);
}

function districtKindSheet(sheet: ExcelJS.Worksheet, report: WeeklyReport, sums: ReportSums): void {
  const kinds = kindsPresent(sums);
  addTable(sheet, [
    ['区县', ...kinds.map(kindWord), '合计'],
    ...report.districts.map((d) => [
      d.zh,
      ...kinds.map((k) => sums.byDistrictKind.get(`${d.adcode}:${k}`) ?? 0),
      sums.byDistrict.get(d.adcode) ?? 0,
    ]),
    ['合计', ...kinds.map((k) => sums.byKind.get(k) ?? 0), report.total],
  ]);
  widen(sheet, [24, ...kinds.map(() => 16), 10]);
}

function kindStatusSheet(sheet: ExcelJS.Worksheet, _report: WeeklyReport, sums: ReportSums): void {
  const rows: unknown[][] = [['记录类型', '状态', '现有记录', '本周转入']];
  for (const kind of kindsPresent(sums)) {
    const statuses = new Set([
      ...Object.keys(STATUS_FLOW[kind as keyof typeof STATUS_FLOW] ?? {}),
      ...[...sums.byKindStatus.keys(), ...sums.stepsInto.keys()]
        .filter((key) => key.startsWith(`${kind}:`))
        .map((key) => key.slice(kind.length + 1)),
    ]);
    for (const status of statuses)
      rows.push([
        kindWord(kind),
        statusWord(status),
        sums.byKindStatus.get(`${kind}:${status}`) ?? 0,
        sums.stepsInto.get(`${kind}:${status}`) ?? 0,
      ]);
  }
  addTable(sheet, rows);
  widen(sheet, [30, 16, 12, 12]);
}
