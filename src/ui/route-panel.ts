/**
 * Route checks in the checkpoint view: a declared route drawn on the map with terra-draw (origin, turns,
 * destination), or track files (GPX, KML, GeoJSON, CSV with times; many files or a whole folder) read and
 * analysed in the route Web Worker, so the page stays responsive. Each track's answer: enters or not, every
 * entry and exit with time, side and the nearest checkpoint, length and time inside, `near` where it only
 * grazes an uncertain edge. The last answer can be attached to an inspection record. The county zones adopted
 * on this phone (decision 0030) check the same tracks in their own workers: a track that enters one says which.
 */
import type { Feature, FeatureCollection, Point } from 'geojson';
import { displayPlate } from '../checkpoints/plate.ts';
import { plateInName } from '../checkpoints/plate-in-name.ts';
import { nearestCheckpoint } from '../checkpoints/road-crossings.ts';
import {
  type CrossingSummary,
  createRouteChecker,
  type FileSummary,
  type RouteChecker,
  type TrackSummary,
} from '../checkpoints/route-batch.ts';
import { routeReportCsv } from '../checkpoints/route-report.ts';
import type { Crs } from '../geo/convert-crs.ts';
import { formatBeijingTime } from '../io/parse-time.ts';
import type { LineDrawing, MapView } from '../map/map-view.ts';
import { type CountyAnswers, type CountyRouteZone, countyRouteWords } from './county-route-words.ts';
import { button, downloadFile, el, replaceChildren } from './dom.ts';
import { L, type Lang } from './i18n.ts';
import { messageWords } from './reason-words.ts';

/** What the panel needs from the checkpoint view. */
export interface RoutePanelDeps {
  lang: Lang;
  checker: () => Promise<RouteChecker>;
  sideName: (id: string | null) => string;
  checkpoints: () => Feature<Point, { name: string }>[];
  map: () => MapView | null;
  /** The last checked route's answer in words, for the inspection record. */
  onAnswer: (words: string | null) => void;
  /** The permit check for a plate found in a file or track name, with the track's end as the destination
   *  and its start as the day: words and whether it is valid. */
  permitFor?: (plate: string, end: [number, number] | null, at: number | null) => { words: string; valid: boolean };
  /** The county zones answering beside the city zone on this phone (their packages adopted). */
  countyZones?: () => CountyRouteZone[];
}

const STATUS = {
  inside: ['进入禁煤区', 'enters the zone'],
  near: ['临界（贴近不确定的边界）', 'near (grazes an uncertain edge)'],
  outside: ['未进入', 'stays outside'],
  invalid: ['无法核查', 'cannot be checked'],
} as const;

/** The answer for one track in words (used in the list and saved with an inspection). */
export function routeWords(t: TrackSummary, lang: Lang, sideName: (id: string | null) => string): string {
  const [zh, en] = STATUS[t.status];
  if (!t.ok) return `${L(lang, zh, en)}${L(lang, '：', ': ')}${messageWords(t.reason ?? '', lang)}`;
  const first = t.crossings.find((c) => c.kind === 'entry');
  const when = first?.time != null ? ` ${formatBeijingTime(first.time).slice(5, 16)}` : '';
  const entry = first
    ? L(lang, `，${sideName(first.side)}进入${when}`, `, in through the ${sideName(first.side)}${when}`)
    : '';
  const inside = t.lengthInsideM > 0 ? L(lang, `，区内 ${km(t.lengthInsideM)}`, `, ${km(t.lengthInsideM)} inside`) : '';
  const minutes =
    t.durationInsideS != null && t.durationInsideS > 0
      ? L(lang, `、${Math.round(t.durationInsideS / 60)} 分钟`, `, ${Math.round(t.durationInsideS / 60)} min`)
      : '';
  return `${L(lang, zh, en)}${entry}${inside}${minutes}`;
}

function km(m: number): string {
  return m >= 1000 ? `${(m / 1000).toFixed(1)} km` : `${Math.round(m)} m`;
}

/** Mounts the panel. */
export function mountRoutePanel(root: HTMLElement, deps: RoutePanelDeps): void {
  const { lang } = deps;
  const files = el('input', {
    id: 'route-files',
    type: 'file',
    multiple: '',
    accept: '.gpx,.kml,.geojson,.json,.csv,.txt',
  });
  const folder = el('input', { id: 'route-folder', type: 'file', multiple: '', webkitdirectory: '' });
  const crs = el(
    'select',
    { id: 'route-crs', 'aria-label': L(lang, '轨迹坐标来源', 'Track coordinates') },
    el('option', { value: 'WGS84' }, L(lang, 'GPS（WGS-84）', 'GPS (WGS-84)')),
    el('option', { value: 'GCJ02' }, L(lang, '高德/腾讯（GCJ-02）', 'Amap/Tencent (GCJ-02)')),
    el('option', { value: 'BD09' }, L(lang, '百度（BD-09）', 'Baidu (BD-09)')),
  );
  const progress = el('p', { class: 'hint', role: 'status', 'data-testid': 'route-progress' });
  const results = el('div', { class: 'route-results', 'data-testid': 'route-results', 'aria-live': 'polite' });
  const draw = button(L(lang, '在地图上画申报路线', 'Draw the declared route on the map'), { testid: 'draw-route' });
  const finish = button(L(lang, '完成并核查', 'Finish and check'), {
    primary: true,
    testid: 'finish-route',
    hidden: true,
  });
  const cancel = button(L(lang, '取消', 'Cancel'), { hidden: true });
  let drawing: LineDrawing | null = null;
  const countyCheckers = new Map<string, Promise<RouteChecker>>();
  /** Runs `work` with a checker per county zone (each started once, on first use). */
  const inCounties = (work: (checker: RouteChecker) => Promise<FileSummary[]>): Promise<CountyAnswers[]> =>
    Promise.all(
      (deps.countyZones?.() ?? []).map(async (zone) => {
        if (!countyCheckers.has(zone.zoneId)) countyCheckers.set(zone.zoneId, createRouteChecker(zone.feature));
        return { zone, files: await work(await (countyCheckers.get(zone.zoneId) as Promise<RouteChecker>)) };
      }),
    );

  const buttons = (on: boolean) => {
    draw.hidden = on;
    finish.hidden = cancel.hidden = !on;
  };
  const checkDrawn = async (coordinates: number[][]) => {
    drawing = null;
    buttons(false);
    progress.textContent = '';
    const flat = new Float64Array(coordinates.flat());
    const [summary] = await (await deps.checker()).check([flat.slice()]);
    const track = { ...(summary as TrackSummary), name: L(lang, '申报路线（手绘）', 'Declared route (drawn)'), flat };
    const file = (t: TrackSummary): FileSummary[] => [
      { id: 0, name: track.name, ok: true, tracks: [t], refusals: [], refusedCount: 0 },
    ];
    const counties = await inCounties(async (c) => file((await c.check([flat.slice()]))[0] as TrackSummary));
    render(file(track), counties);
  };
  draw.addEventListener('click', async () => {
    const map = deps.map();
    if (!map) {
      progress.textContent = L(lang, '地图尚未载入', 'The map has not loaded yet');
      return;
    }
    map.setOverlay('route', { type: 'FeatureCollection', features: [] });
    map.setOverlay('route-points', { type: 'FeatureCollection', features: [] });
    drawing = await map.drawLine((coordinates) => void checkDrawn(coordinates));
    buttons(true);
    document.getElementById('map')?.scrollIntoView({ block: 'nearest' });
    progress.textContent = L(
      lang,
      '在地图上依次点起点、转弯处和终点；再点一下终点或按“完成”结束',
      'Tap the origin, the turns and the destination; tap the destination again or press Finish',
    );
  });
  finish.addEventListener('click', () => {
    drawing?.finish();
    // terra-draw finishes only a line of two points or more: say so if it is still drawing.
    setTimeout(() => {
      if (drawing)
        progress.textContent = L(
          lang,
          '至少需要起点和终点两个点',
          'A route needs at least an origin and a destination',
        );
    }, 300);
  });
  cancel.addEventListener('click', () => {
    drawing?.cancel();
    drawing = null;
    buttons(false);
    progress.textContent = '';
  });

  /** Checks chosen files; from a folder, only the track files in it (chosen files are all checked, so an
   *  unsupported one is named in the results). */
  const checkFiles = async (chosen: File[], fromFolder: boolean) => {
    const picked = fromFolder ? chosen.filter((f) => /\.(gpx|kml|geojson|json|csv|txt)$/i.test(f.name)) : chosen;
    if (picked.length === 0) {
      progress.textContent = L(
        lang,
        '所选文件夹里没有 GPX/KML/GeoJSON/CSV 文件',
        'No GPX/KML/GeoJSON/CSV files in that folder',
      );
      return;
    }
    const started = performance.now();
    progress.textContent = L(lang, `正在核查 ${picked.length} 个文件…`, `Checking ${picked.length} files…`);
    const checker = await deps.checker();
    const summaries = await checker.checkFiles(
      picked,
      { crs: crs.value as Crs, geometry: picked.length <= 20 },
      (done, total) => {
        progress.textContent = L(lang, `已核查 ${done} / ${total} 个文件`, `${done} / ${total} files checked`);
      },
    );
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const tracks = summaries.reduce((n, s) => n + s.tracks.length, 0);
    progress.textContent = L(
      lang,
      `${picked.length} 个文件、${tracks} 条轨迹，用时 ${seconds} 秒`,
      `${picked.length} files, ${tracks} tracks in ${seconds} s`,
    );
    const counties = await inCounties((c) => c.checkFiles(picked, { crs: crs.value as Crs, geometry: false }));
    render(summaries, counties);
  };
  for (const input of [files, folder])
    input.addEventListener('change', () => {
      const chosen = [...(input.files ?? [])];
      input.value = '';
      if (chosen.length > 0) void checkFiles(chosen, input === folder);
    });

  const crossingLine = (c: CrossingSummary) => {
    const cp = nearestCheckpoint(c.lng, c.lat, deps.checkpoints());
    const when = c.time != null ? formatBeijingTime(c.time) : L(lang, '（无时间）', '(no time)');
    const near = cp
      ? L(lang, `最近卡点：${cp.name}（${km(cp.distanceM)}）`, `nearest checkpoint: ${cp.name} (${km(cp.distanceM)})`)
      : L(lang, '尚无卡点', 'no checkpoint yet');
    return el(
      'li',
      { 'data-testid': 'crossing', 'data-kind': c.kind, 'data-side': c.side ?? '' },
      `${c.kind === 'entry' ? L(lang, '进入', 'Entry') : L(lang, '离开', 'Exit')} · ${when} · ${deps.sideName(c.side)} · ${c.lng.toFixed(5)}, ${c.lat.toFixed(5)} · ±${Math.round(c.edgeUncertaintyM)} m · ${near}`,
    );
  };

  const show = (t: TrackSummary) => {
    const map = deps.map();
    if (!map || !t.flat) return;
    const coordinates: number[][] = [];
    for (let i = 0; i + 1 < t.flat.length; i += 2) coordinates.push([t.flat[i] as number, t.flat[i + 1] as number]);
    map.setOverlay(
      'route',
      {
        type: 'FeatureCollection',
        features: [{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates } }],
      },
      true,
    );
    const points: FeatureCollection = {
      type: 'FeatureCollection',
      features: t.crossings.map((c) => ({
        type: 'Feature',
        properties: { kind: c.kind },
        geometry: { type: 'Point', coordinates: [c.lng, c.lat] },
      })),
    };
    map.setOverlay('route-points', points);
  };

  const render = (summaries: FileSummary[], counties: CountyAnswers[]) => {
    const countyWords = (file: number, track: number) =>
      counties.flatMap((c) => {
        const t = c.files[file]?.tracks[track];
        const words = t ? countyRouteWords(c.zone, t, lang) : null;
        return words ? [{ zoneId: c.zone.zoneId, words, zh: countyRouteWords(c.zone, t as TrackSummary, 'zh') }] : [];
      });
    const rows: HTMLElement[] = [];
    const counts = { inside: 0, near: 0, outside: 0, invalid: 0 };
    for (const [fileIndex, s] of summaries.entries()) {
      if (!s.ok) {
        counts.invalid++;
        rows.push(
          el(
            'li',
            { class: 'bad', 'data-testid': 'route-file-error' },
            L(lang, `${s.name}：无法读取 — `, `${s.name}: cannot be read — `),
            messageWords(s.error ?? '', lang),
          ),
        );
        continue;
      }
      for (const [trackIndex, t] of s.tracks.entries()) {
        counts[t.status]++;
        const words = routeWords(t, lang, deps.sideName);
        const item = el(
          'li',
          {
            'data-testid': 'route-track',
            'data-status': t.status,
            class: t.status === 'inside' ? 'bad' : t.status === 'near' ? 'warn' : '',
          },
          el('strong', {}, s.tracks.length > 1 || s.name === t.name ? t.name : `${s.name} · ${t.name}`),
          ` — ${words}`,
        );
        for (const c of countyWords(fileIndex, trackIndex))
          item.append(el('p', { class: 'warn', 'data-testid': 'route-county', 'data-zone-id': c.zoneId }, c.words));
        const plate = plateInName(t.name) ?? plateInName(s.name);
        if (plate && deps.permitFor) {
          const permit = deps.permitFor(plate, t.end, t.startTime);
          item.append(
            el(
              'p',
              { class: permit.valid ? 'hint' : 'warn', 'data-testid': 'route-permit', 'data-plate': plate },
              `${L(lang, '车牌', 'Plate')} ${displayPlate(plate)}：${permit.words}`,
            ),
          );
        }
        if (t.crossings.length > 0 && summaries.length <= 20)
          item.append(el('ul', {}, ...t.crossings.map(crossingLine)));
        if (t.flat) {
          const showButton = button(L(lang, '在地图上看', 'Show on map'));
          showButton.addEventListener('click', () => show(t));
          item.append(' ', showButton);
        }
        rows.push(item);
      }
      if (s.refusedCount > 0)
        rows.push(
          el(
            'li',
            { class: 'warn', 'data-testid': 'route-refusals' },
            L(
              lang,
              `${s.name}：${s.refusedCount} 个点无法使用，已略过：`,
              `${s.name}: ${s.refusedCount} unusable points left out: `,
            ),
            s.refusals.join('; '),
          ),
        );
    }
    const all = summaries.flatMap((s) => s.tracks);
    const first = all[0];
    const inCounty = countyWords(0, 0).map((c) => `；${c.zh}`);
    deps.onAnswer(all.length === 1 && first ? `${routeWords(first, 'zh', deps.sideName)}${inCounty.join('')}` : null);
    if (all.length === 1 && first) show(first);
    const report = button(L(lang, '导出核查结果（CSV）', 'Export the results (CSV)'), { testid: 'route-export' });
    report.addEventListener('click', () =>
      downloadFile(
        `coalzone-route-check-${formatBeijingTime(Date.now()).slice(0, 10)}.csv`,
        routeReportCsv(
          summaries,
          deps.sideName,
          deps.checkpoints(),
          counties.length > 0
            ? (f, t) =>
                countyWords(f, t)
                  .map((c) => c.zh)
                  .join('；')
            : undefined,
        ),
        'text/csv;charset=utf-8',
      ),
    );
    replaceChildren(
      results,
      el(
        'p',
        { 'data-testid': 'route-counts' },
        L(
          lang,
          `进入 ${counts.inside} · 临界 ${counts.near} · 未进入 ${counts.outside} · 无法核查 ${counts.invalid}`,
          `enter ${counts.inside} · near ${counts.near} · outside ${counts.outside} · cannot check ${counts.invalid}`,
        ),
      ),
      el('ul', { class: 'record-list' }, ...rows.slice(0, 500)),
      rows.length > 500
        ? el('p', { class: 'hint' }, L(lang, `只列出前 500 条（导出含全部）`, 'First 500 shown (the export has all)'))
        : null,
      report,
    );
  };

  replaceChildren(
    root,
    el('div', { class: 'row-form' }, draw, finish, cancel),
    el(
      'label',
      { for: 'route-files' },
      L(
        lang,
        '导入轨迹文件（GPX、KML、GeoJSON、带时间的 CSV，可多选）',
        'Import track files (GPX, KML, GeoJSON, CSV with times; several at once)',
      ),
    ),
    files,
    el('label', { for: 'route-folder' }, L(lang, '或整个文件夹（批量核查）', 'or a whole folder (batch check)')),
    folder,
    crs,
    progress,
    results,
  );
}
