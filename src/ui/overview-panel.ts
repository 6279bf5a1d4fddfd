/**
 * The overview panel: totals by kind, status and zone answer in the UI's words, this Beijing week against last
 * week (Monday-based), and new records per day drawn with uPlot on an axis that spans the data's days and no
 * more (one day of data → one day; issue 14 item 19). The legend is off: it would show uPlot's English
 * "Time: --" under a Chinese chart, and the bars carry their own numbers in the table above.
 */
import { overview } from '../records/overview.ts';
import type { FieldRecord, RecordKind } from '../records/record.ts';
import { el, replaceChildren } from './dom.ts';
import { L, type Lang } from './i18n.ts';
import { KIND_LABELS, STATUS_LABELS, ZONE_LABELS } from './record-forms.ts';

const DAY_S = 86_400;

/** The day ticks for `days` consecutive Beijing days: every day when they fit, else every n-th, at most
 *  `most` ticks; each tick at the day's noon (the bar's centre), labelled MM-DD. */
export function dayTicks(days: readonly string[], most = 6): { at: number; label: string }[] {
  const step = Math.max(1, Math.ceil(days.length / most));
  return days
    .filter((_, i) => i % step === 0)
    .map((day) => ({ at: Date.parse(`${day}T12:00:00+08:00`) / 1000, label: day.slice(5) }));
}

/** Renders into `box`; resolves to the chart (destroy it before the next render), or null. */
export async function renderOverviewPanel(
  box: HTMLElement,
  records: readonly FieldRecord[],
  lang: Lang,
  width: number,
  now = new Date(),
): Promise<{ destroy: () => void } | null> {
  const o = overview(records, now);
  const rows = Object.entries(o.byKind).map(([k, v]) =>
    el('tr', {}, el('td', {}, KIND_LABELS[k as RecordKind][lang]), el('td', {}, String(v))),
  );
  const zones = Object.entries(o.byZone)
    .map(
      ([k, v]) => `${ZONE_LABELS[k as keyof typeof ZONE_LABELS]?.[lang] ?? L(lang, '未判断', 'not classified')} ${v}`,
    )
    .join(' · ');
  const { thisWeek, lastWeek } = o.weeks;
  const md = (day: string) => (lang === 'zh' ? `${Number(day.slice(5, 7))}月${Number(day.slice(8))}日` : day.slice(5));
  const plot = el('div', { class: 'chart', 'data-testid': 'chart' });
  replaceChildren(
    box,
    el(
      'p',
      { 'data-testid': 'overview-totals' },
      L(lang, `共 ${o.total} 条记录`, `${o.total} record${o.total === 1 ? '' : 's'}`),
      o.total > 0 ? ` · ${zones}` : '',
    ),
    el(
      'p',
      { 'data-testid': 'overview-weeks' },
      L(
        lang,
        `本周（${md(thisWeek.from)}起）新增 ${thisWeek.count} 条 · 上周（${md(lastWeek.from)}—${md(lastWeek.to)}）${lastWeek.count} 条`,
        `This week (from ${md(thisWeek.from)}): ${thisWeek.count} new · last week (${md(lastWeek.from)}–${md(lastWeek.to)}): ${lastWeek.count}`,
      ),
    ),
    el('table', {}, el('tbody', {}, ...rows)),
    el(
      'table',
      { class: 'by-status' },
      el(
        'tbody',
        {},
        ...Object.entries(o.byStatus).map(([key, v]) => {
          const [kind, status] = key.split(':') as [RecordKind, string];
          return el(
            'tr',
            {},
            el('td', {}, `${KIND_LABELS[kind][lang]} · ${STATUS_LABELS[status]?.[lang] ?? status}`),
            el('td', {}, String(v)),
          );
        }),
      ),
    ),
    el('p', { class: 'hint' }, L(lang, '每日新增（北京时间）', 'New records per day (Beijing time)')),
    plot,
  );
  if (o.byDay.length === 0) return null;
  const { default: UPlot } = await import('uplot');
  await import('uplot/dist/uPlot.min.css');
  const days = o.byDay.map((d) => d.day);
  const xs = days.map((day) => Date.parse(`${day}T12:00:00+08:00`) / 1000);
  const ticks = dayTicks(days);
  // The x range is the data's days, half a day each side of the first and last bar: uPlot's own time range
  // for a single point spans years.
  const range: [number, number] = [(xs[0] as number) - DAY_S / 2, (xs[xs.length - 1] as number) + DAY_S / 2];
  plot.dataset.xFrom = days[0] as string;
  plot.dataset.xTo = days[days.length - 1] as string;
  plot.dataset.ticks = ticks.map((t) => t.label).join(' ');
  const chart = new UPlot(
    {
      width,
      height: 160,
      legend: { show: false },
      hooks: {
        // What uPlot set the x scale to, in days (the browser test reads it: one day of data spans one day).
        setScale: [
          (u, key) => {
            const { min, max } = u.scales[key] ?? {};
            if (key === 'x' && typeof min === 'number' && typeof max === 'number')
              plot.dataset.xSpanDays = String((max - min) / DAY_S);
          },
        ],
      },
      series: [
        {},
        {
          label: L(lang, '每日新增', 'New per day'),
          stroke: '#8e1b1b',
          fill: 'rgba(142,27,27,0.15)',
          paths: UPlot.paths.bars?.({ size: [0.6, 40] }),
        },
      ],
      axes: [
        { splits: () => ticks.map((t) => t.at), values: () => ticks.map((t) => t.label) },
        { label: L(lang, '条', 'records'), splits: (_u, _i, _min, max) => yTicks(max) },
      ],
      scales: {
        x: { time: false, range: () => range },
        y: { range: (_u, _min, max) => [0, Math.max(1, Math.ceil(max))] },
      },
    },
    [xs, o.byDay.map((d) => d.count)],
    plot,
  );
  return chart;
}

/** Whole-number ticks from 0 to `max` (counts have no halves). */
function yTicks(max: number): number[] {
  const top = Math.max(1, Math.ceil(max));
  const step = Math.max(1, Math.ceil(top / 4));
  const out: number[] = [];
  for (let v = 0; v <= top; v += step) out.push(v);
  return out;
}
