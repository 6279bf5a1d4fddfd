/**
 * The bureau's page, part two: the weekly report. A Beijing date picks the week (default: this week); the
 * server's report is shown as two tables (live records by kind and status; by district) and the week's new
 * records and status steps counted; the same report downloads as .xlsx or CSV, made by the server with Chinese
 * headers and Beijing time. Needs the network; says so without.
 */
import { formatBeijingTime } from '../io/parse-time.ts';
import type { RecordKind } from '../records/record.ts';
import { KIND_LABELS, STATUS_LABELS } from '../records/record-labels.ts';
import type { BureauClient, WeeklyReportJson } from '../sync/bureau-client.ts';
import { SyncFailure } from '../sync/sync-problem.ts';
import { button, downloadFile, el, replaceChildren } from './dom.ts';
import { L, type Lang } from './i18n.ts';

const label = (lang: Lang, l: { zh: string; en: string } | undefined, fallback: string) =>
  l ? L(lang, l.zh, l.en) : fallback;

function table(caption: string, head: string[], rows: string[][], testid: string): HTMLTableElement {
  return el(
    'table',
    { class: 'report-table', 'data-testid': testid },
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col' }, h)))),
    el(
      'tbody',
      {},
      ...rows.map((r) => el('tr', {}, ...r.map((c, i) => (i === 0 ? el('th', { scope: 'row' }, c) : el('td', {}, c))))),
    ),
  );
}

/** The report as tables. */
export function weeklyTables(report: WeeklyReportJson, lang: Lang): HTMLElement[] {
  const statuses = [...new Set(report.counts.map((c) => c.status))];
  const byKind = new Map<string, Map<string, number>>();
  const byDistrict = new Map<number, number>();
  for (const c of report.counts) {
    const row = byKind.get(c.kind) ?? new Map<string, number>();
    row.set(c.status, (row.get(c.status) ?? 0) + c.count);
    byKind.set(c.kind, row);
    byDistrict.set(c.district, (byDistrict.get(c.district) ?? 0) + c.count);
  }
  const kindRows = [...byKind].map(([kind, row]) => [
    label(lang, KIND_LABELS[kind as RecordKind], kind),
    ...statuses.map((s) => String(row.get(s) ?? 0)),
    String([...row.values()].reduce((a, b) => a + b, 0)),
  ]);
  const districtName = (code: number) => {
    const d = report.districts.find((x) => x.adcode === code);
    return d ? L(lang, d.zh, d.en) : L(lang, '不在已知区县内', 'outside the known districts');
  };
  const districtRows = [...byDistrict].map(([code, n]) => [districtName(code), String(n)]);
  const created = report.changes.filter((c) => c.type === 'created').length;
  const steps = report.changes.length - created;
  return [
    el(
      'p',
      { 'data-testid': 'bureau-week-summary' },
      L(
        lang,
        `${report.week.monday} 至 ${report.week.sunday}：现有记录 ${report.total} 条；本周新增 ${created} 条，状态变更 ${steps} 次。`,
        `${report.week.monday} to ${report.week.sunday}: ${report.total} live records; this week ${created} new, ${steps} status steps.`,
      ),
    ),
    table(
      L(lang, '按类别和状态', 'By kind and status'),
      [L(lang, '类别', 'Kind'), ...statuses.map((s) => label(lang, STATUS_LABELS[s], s)), L(lang, '合计', 'Total')],
      kindRows,
      'bureau-week-kinds',
    ),
    table(
      L(lang, '按区县', 'By district'),
      [L(lang, '区县', 'District'), L(lang, '记录', 'Records')],
      districtRows,
      'bureau-week-districts',
    ),
    el(
      'p',
      { class: 'hint' },
      L(
        lang,
        `生成于 ${formatBeijingTime(Date.parse(report.generatedAt))}（北京时间）`,
        `Made ${formatBeijingTime(Date.parse(report.generatedAt))} Beijing time`,
      ),
    ),
  ];
}

/** Mounts the weekly report into `root`. */
export function mountWeeklyReport(root: HTMLElement, deps: { lang: Lang; client: BureauClient }): void {
  const { lang, client } = deps;
  const today = formatBeijingTime(Date.now()).slice(0, 10);
  const week = el('input', {
    type: 'date',
    value: today,
    'aria-label': L(lang, '报告周（任一天）', 'Week (any day)'),
    'data-testid': 'bureau-week',
  });
  const message = el('p', { class: 'hint', role: 'status', 'data-testid': 'bureau-week-message' });
  const body = el('div', { 'data-testid': 'bureau-week-report' });
  const fail = (error: unknown) => {
    message.textContent =
      error instanceof SyncFailure
        ? L(lang, error.problem.zh, error.problem.en)
        : L(lang, '报表未能取得。', 'The report could not be had.');
  };
  const show = button(L(lang, '查看周报', 'Show the report'), { primary: true, testid: 'bureau-week-show' });
  show.addEventListener('click', async () => {
    message.textContent = L(lang, '正在生成…', 'Making it…');
    try {
      replaceChildren(body, ...weeklyTables(await client.weekly(week.value), lang));
      message.textContent = '';
    } catch (error) {
      fail(error);
    }
  });
  const download = (format: 'xlsx' | 'counts' | 'changes', text: string, testid: string) => {
    const b = button(text, { testid });
    b.addEventListener('click', async () => {
      message.textContent = L(lang, '正在下载…', 'Downloading…');
      try {
        const file = await client.weeklyFile(week.value, format);
        downloadFile(file.name, file.bytes as Uint8Array<ArrayBuffer>, file.type);
        message.textContent = L(lang, `已下载：${file.name}`, `Downloaded: ${file.name}`);
      } catch (error) {
        fail(error);
      }
    });
    return b;
  };
  replaceChildren(
    root,
    el('h3', {}, L(lang, '周报', 'Weekly report')),
    el(
      'div',
      { class: 'row' },
      week,
      show,
      download('xlsx', L(lang, '下载 Excel', 'Download Excel'), 'bureau-week-xlsx'),
      download('counts', L(lang, '统计 CSV', 'Counts CSV'), 'bureau-week-counts'),
      download('changes', L(lang, '本周变化 CSV', "Week's changes CSV"), 'bureau-week-changes'),
    ),
    message,
    body,
  );
}
