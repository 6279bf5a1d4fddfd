/** The overview panel: totals by kind and zone answer, and new records per day drawn with uPlot. */
import { overview } from '../records/overview.ts';
import type { FieldRecord, RecordKind } from '../records/record.ts';
import { el, replaceChildren } from './dom.ts';
import { L, type Lang } from './i18n.ts';
import { KIND_LABELS, STATUS_LABELS } from './record-forms.ts';

/** Renders into `box`; resolves to the chart (destroy it before the next render), or null. */
export async function renderOverviewPanel(
  box: HTMLElement,
  records: readonly FieldRecord[],
  lang: Lang,
  width: number,
): Promise<{ destroy: () => void } | null> {
  const o = overview(records);
  const rows = Object.entries(o.byKind).map(([k, v]) =>
    el('tr', {}, el('td', {}, KIND_LABELS[k as RecordKind][lang]), el('td', {}, String(v))),
  );
  const zones = Object.entries(o.byZone)
    .map(([k, v]) => `${k}: ${v}`)
    .join(' · ');
  const plot = el('div', { class: 'chart', 'data-testid': 'chart' });
  replaceChildren(
    box,
    el('p', {}, L(lang, `共 ${o.total} 条记录`, `${o.total} records`), ` · ${zones}`),
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
    plot,
  );
  if (o.byDay.length === 0) return null;
  const { default: UPlot } = await import('uplot');
  await import('uplot/dist/uPlot.min.css');
  const xs = o.byDay.map((d) => Date.parse(`${d.day}T00:00:00+08:00`) / 1000);
  return new UPlot(
    {
      width,
      height: 160,
      tzDate: (ts) => UPlot.tzDate(new Date(ts * 1000), 'Asia/Shanghai'),
      series: [
        {},
        {
          label: L(lang, '每日新增', 'New per day'),
          stroke: '#8e1b1b',
          fill: 'rgba(142,27,27,0.15)',
          paths: UPlot.paths.bars?.({ size: [0.6, 40] }),
        },
      ],
      axes: [{}, { label: L(lang, '条', 'records') }],
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
    },
    [xs, o.byDay.map((d) => d.count)],
    plot,
  );
}
