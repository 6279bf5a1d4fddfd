/**
 * The 区域 tab's tracer: road files chosen on the phone or a laptop (.osm.pbf, .osm, Overpass .json, a GeoJSON
 * road layer, a zipped Shapefile) are traced along the notice's route in a Web Worker (trace-worker.ts), with a
 * progress bar per file and pass and a cancel button. The result is a version to review, never the line in
 * use: the report per side (traced / kept, and why), the checks, the largest move, the stored records whose
 * answer would change, a dashed preview on the map and the GeoJSON to download. Decision 0017.
 */
import specText from '../../data/zones/datong-city-2024-106.route-spec.json?raw';
import type { ZoneFeature } from '../geo/zone.ts';
import type { MapView } from '../map/map-view.ts';
import type { CrsName } from '../trace/project-crs.ts';
import type { RouteSpec } from '../trace/route-spec.ts';
import type { ReportPoint, TraceReport } from '../trace/trace-report.ts';
import type { TraceWorkerRequest, TraceWorkerResponse } from '../trace/trace-worker-protocol.ts';
import { setLoadedRoads } from '../zones/loaded-roads.ts';
import { versionWords } from './answer-card.ts';
import { button, downloadFile, el, replaceChildren } from './dom.ts';
import { L, type Lang } from './i18n.ts';

/** What the panel needs from the app. */
export interface TracePanelDeps {
  lang: Lang;
  /** The zone in use: the trace replaces its sides, and is compared with it. */
  zone: () => ZoneFeature;
  /** The stored records' places (the report lists those whose answer changes). */
  points: () => Promise<ReportPoint[]>;
  map: () => MapView | null;
  /** Today in Beijing, YYYY-MM-DD (the new version's date). */
  today: () => string;
}

const SIDES: Record<string, [string, string]> = {
  east: ['东侧', 'east side'],
  south: ['南侧', 'south side'],
  west: ['西侧', 'west side'],
  north: ['北侧', 'north side'],
};

/** The CRSs a layer or boundary may be in (project-crs.ts), as people name them. */
export const CRS_CHOICES: [CrsName, string, string][] = [
  ['WGS84', 'WGS-84（GPS、OpenStreetMap、天地图）', 'WGS-84 (GPS, OpenStreetMap, Tianditu)'],
  ['GCJ02', 'GCJ-02（高德、腾讯）', 'GCJ-02 (Amap, Tencent)'],
  ['BD09', 'BD-09（百度）', 'BD-09 (Baidu)'],
  ['EPSG:4490', 'CGCS2000 经纬度（EPSG:4490）', 'CGCS2000 geographic (EPSG:4490)'],
  [
    'EPSG:4526',
    'CGCS2000 高斯-克吕格 38 带，带号（EPSG:4526）',
    'CGCS2000 Gauss-Krüger zone 38, with prefix (EPSG:4526)',
  ],
  ['EPSG:4547', 'CGCS2000 高斯-克吕格 114°E，无带号（EPSG:4547）', 'CGCS2000 Gauss-Krüger CM 114°E (EPSG:4547)'],
];

/** Error codes from the tracer's readers in words; the reader's own detail (English) follows. */
const ERROR_WORDS: Record<string, [string, string]> = {
  MALFORMED_FILE: ['文件无法读取或格式不对', 'the file cannot be read or is malformed'],
  UNSUPPORTED_FORMAT: [
    '不支持的文件类型：请用 .osm.pbf、.osm、Overpass .json、GeoJSON 道路图层或 Shapefile 压缩包',
    'unsupported file: use .osm.pbf, .osm, Overpass .json, a GeoJSON road layer or a zipped Shapefile',
  ],
  INVALID_COORDINATE: ['坐标不对（坐标系选错了？）', 'coordinates are wrong (the wrong CRS?)'],
  INVALID_ARGUMENT: ['设置不对', 'a setting is wrong'],
};

/** Mounts the tracer into `root`. */
export function mountTracePanel(root: HTMLElement, deps: TracePanelDeps): { dispose: () => void } {
  const lang = deps.lang;
  const files = el('input', {
    type: 'file',
    multiple: '',
    accept: '.pbf,.osm,.json,.geojson,.zip',
    'data-testid': 'trace-files',
    id: 'trace-files',
  });
  const crs = el('select', { 'data-testid': 'trace-crs', id: 'trace-crs' });
  for (const [value, zh, en] of CRS_CHOICES) crs.append(el('option', { value }, L(lang, zh, en)));
  const nameField = el('input', {
    type: 'text',
    id: 'trace-name-field',
    'data-testid': 'trace-name-field',
    placeholder: L(lang, '自动（NAME、name、名称…）', 'automatic (NAME, name, 名称…)'),
    autocomplete: 'off',
  });
  const start = button(L(lang, '开始描绘', 'Trace'), { primary: true, testid: 'trace-start' });
  const cancel = button(L(lang, '取消', 'Cancel'), { testid: 'trace-cancel', hidden: true });
  const bar = el('progress', { max: '100', value: '0', 'data-testid': 'trace-progress', hidden: '' });
  const status = el('p', { class: 'muted', role: 'status', 'data-testid': 'trace-status' });
  const result = el('div', { 'data-testid': 'trace-result' });
  let worker: Worker | null = null;
  // Each start and each cancel is a new run: whatever an older run still posts is ignored.
  let run = 0;

  const stop = () => {
    run++;
    worker?.terminate();
    worker = null;
    start.disabled = false;
    cancel.hidden = true;
    bar.hidden = true;
  };

  start.addEventListener('click', async () => {
    const chosen = [...(files.files ?? [])];
    if (chosen.length === 0) {
      status.textContent = L(lang, '请先选择道路数据文件。', 'Choose road data files first.');
      return;
    }
    const mine = ++run;
    replaceChildren(result);
    deps.map()?.setOverlay('trace', { type: 'FeatureCollection', features: [] });
    start.disabled = true;
    cancel.hidden = false;
    bar.hidden = false;
    bar.value = 0;
    status.textContent = L(lang, '正在读取…', 'Reading…');
    const request: TraceWorkerRequest = {
      files: chosen,
      spec: JSON.parse(specText) as RouteSpec,
      previous: deps.zone(),
      date: deps.today(),
      crs: crs.value === 'WGS84' ? undefined : (crs.value as CrsName),
      nameField: nameField.value.trim() || undefined,
      points: await deps.points().catch(() => []),
    };
    if (mine !== run) return;
    worker = new Worker(new URL('../trace/trace-worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<TraceWorkerResponse>) => {
      if (mine !== run) return;
      const message = event.data;
      if (message.type === 'progress') {
        const percent = message.total ? Math.min(100, Math.round((100 * message.done) / message.total)) : null;
        if (percent !== null) bar.value = percent;
        else bar.removeAttribute('value');
        status.textContent = L(
          lang,
          `${message.file} · 第 ${message.pass} 遍${percent !== null ? ` · ${percent} %` : ''}`,
          `${message.file} · pass ${message.pass}${percent !== null ? ` · ${percent} %` : ''}`,
        );
        return;
      }
      stop();
      if (message.type === 'error') {
        const [zh, en] = ERROR_WORDS[message.code] ?? ['描绘失败', 'the trace failed'];
        // The reader's detail is English (file positions, codes): in brackets after the words, as the UI does elsewhere.
        status.textContent = L(lang, `${zh}（${message.message}）`, `${en} (${message.message})`);
        status.setAttribute('role', 'alert');
        return;
      }
      status.setAttribute('role', 'status');
      // The roads read stay loaded for the editor to snap to (decision 0028).
      setLoadedRoads({ files: chosen.map((f) => f.name), lines: message.roads });
      status.textContent = message.zone
        ? L(
            lang,
            '描绘完成：请核对下面的报告和地图上的虚线。',
            'Traced: review the report below and the dashed line on the map.',
          )
        : L(lang, '没有得到新版本：原因见下。', 'No new version: see why below.');
      renderResult(result, lang, message.zone, message.report, message.invalid, deps);
    };
    worker.onerror = (event) => {
      if (mine !== run) return;
      stop();
      status.textContent = L(lang, `描绘失败（${event.message}）`, `The trace failed (${event.message})`);
    };
    worker.postMessage(request);
  });
  cancel.addEventListener('click', () => {
    stop();
    status.textContent = L(lang, '已取消，未生成新版本。', 'Cancelled; no new version made.');
  });

  const zone = deps.zone();
  replaceChildren(
    root,
    el('h2', {}, L(lang, '从道路数据描绘边界', 'Trace the zone from road data')),
    el(
      'p',
      { class: 'muted' },
      L(
        lang,
        `当前使用：${versionWords(zone.properties.version, lang)}。选择大同市的道路数据（OpenStreetMap 的 .osm.pbf / .osm / Overpass .json，或局里的 GeoJSON、Shapefile 道路图层），按通告文字沿道路描绘一个新版本。文件只在本机读取，不上传。结果仅供审核，不会替换正在使用的边界。`,
        `In use: ${versionWords(zone.properties.version, lang)}. Choose Datong road data (OpenStreetMap .osm.pbf / .osm / Overpass .json, or the bureau's GeoJSON or Shapefile road layer) to trace a new version along the notice's words. Files are read on this device only, never uploaded. The result is for review; it does not replace the zone in use.`,
      ),
    ),
    el('label', { for: 'trace-files' }, L(lang, '道路数据文件（可多选）', 'Road data files (one or more)')),
    files,
    el(
      'label',
      { for: 'trace-crs' },
      L(
        lang,
        '图层坐标系（OSM 数据总是 WGS-84；Shapefile 读 .prj）',
        "Layer CRS (OSM is always WGS-84; a Shapefile's .prj is read)",
      ),
    ),
    crs,
    el('label', { for: 'trace-name-field' }, L(lang, '道路名称字段（图层）', 'Road name field (layers)')),
    nameField,
    el('div', { class: 'row' }, start, cancel),
    bar,
    status,
    result,
  );
  return { dispose: stop };
}

function renderResult(
  box: HTMLElement,
  lang: Lang,
  zone: ZoneFeature | null,
  report: TraceReport,
  invalid: { code: string; message: string }[],
  deps: TracePanelDeps,
): void {
  const items: HTMLElement[] = [];
  for (const w of report.warnings) items.push(el('p', { class: 'warning', role: 'alert' }, `⚠ ${L(lang, w.zh, w.en)}`));
  const sides = el('ul', { class: 'trace-sides', 'data-testid': 'trace-sides' });
  for (const s of report.sides) {
    const [zh, en] = SIDES[s.id] ?? [s.id, s.id];
    const head = s.traced
      ? L(
          lang,
          `✓ ${zh}：已沿道路描绘，${s.lengthKm.toFixed(2)} km`,
          `✓ ${en}: traced along roads, ${s.lengthKm.toFixed(2)} km`,
        )
      : L(lang, `✗ ${zh}：未描绘，保留原来的推定线`, `✗ ${en}: not traced, keeps the previous line`);
    const details = el('ul', {});
    for (const r of s.roads)
      details.append(
        el(
          'li',
          {},
          `${r.names.join(' / ')}: ${r.lengthKm.toFixed(2)} km${r.dual ? L(lang, '（双向分离路，取中线）', ' (dual carriageway: its centre)') : ''}`,
        ),
      );
    for (const r of s.refusals) details.append(el('li', { class: 'refusal' }, L(lang, r.zh, r.en)));
    sides.append(el('li', { 'data-side': s.id, 'data-traced': String(s.traced) }, head, details));
  }
  items.push(sides);
  for (const c of report.checks)
    items.push(
      el(
        'p',
        { class: c.ok === false ? 'warning' : 'muted', 'data-testid': `trace-check-${c.id}` },
        c.lengthKm === null
          ? L(lang, `校核“${c.description}”：未能计算`, `Check "${c.description}": not run`)
          : L(
              lang,
              `校核“${c.description}”：${c.lengthKm.toFixed(1)} km（应约 ${c.expectedKm} km）${c.ok ? '✓' : '✗'}`,
              `Check "${c.description}": ${c.lengthKm.toFixed(1)} km (expected ~${c.expectedKm} km) ${c.ok ? '✓' : '✗'}`,
            ),
      ),
    );
  if (invalid.length > 0)
    items.push(
      el(
        'p',
        { class: 'warning', role: 'alert' },
        L(lang, '描绘出的边界不是有效的区域，未生成新版本：', 'The traced ring is not a valid zone; no version made: '),
        invalid.map((r) => r.message).join('; '),
      ),
    );
  if (zone) {
    items.push(
      el(
        'p',
        { 'data-testid': 'trace-summary' },
        L(
          lang,
          `新版本 ${versionWords(zone.properties.version, lang)}：${report.vertices} 个顶点，周长 ${report.lengthKm.toFixed(1)} km，面积 ${report.areaKm2.toFixed(1)} km²（原 ${report.previousAreaKm2.toFixed(1)} km²）。`,
          `New version ${versionWords(zone.properties.version, lang)}: ${report.vertices} vertices, ${report.lengthKm.toFixed(1)} km round, ${report.areaKm2.toFixed(1)} km² (was ${report.previousAreaKm2.toFixed(1)} km²).`,
        ),
        report.largestMove
          ? L(
              lang,
              ` 与原线相比最大移动 ${Math.round(report.largestMove.metres)} 米。`,
              ` Largest move from the previous line: ${Math.round(report.largestMove.metres)} m.`,
            )
          : '',
      ),
      el(
        'p',
        { class: 'muted' },
        L(lang, zone.properties.uncertaintyStatement.zh, zone.properties.uncertaintyStatement.en),
      ),
    );
    const changed = el(
      'p',
      { 'data-testid': 'trace-changed' },
      L(
        lang,
        `本机记录中答案会改变的：${report.changed.length} 条`,
        `Records on this device whose answer changes: ${report.changed.length}`,
      ),
    );
    items.push(changed);
    if (report.changed.length > 0) {
      const list = el('ul', {});
      for (const c of report.changed.slice(0, 20))
        list.append(
          el(
            'li',
            {},
            `${c.lng.toFixed(5)}, ${c.lat.toFixed(5)}: ${statusWord(c.before, lang)} → ${statusWord(c.after, lang)}`,
          ),
        );
      items.push(list);
    }
    const preview = button(L(lang, '在地图上看虚线', 'Show the dashed line on the map'), { testid: 'trace-preview' });
    preview.addEventListener('click', () => showPreview(zone, deps));
    const download = button(L(lang, '下载新版本（GeoJSON）', 'Download the new version (GeoJSON)'), {
      testid: 'trace-download',
    });
    download.addEventListener('click', () =>
      downloadFile(`${zone.properties.version}.geojson`, `${JSON.stringify(zone, null, 1)}\n`, 'application/geo+json'),
    );
    items.push(el('div', { class: 'row' }, preview, download));
    showPreview(zone, deps);
  }
  replaceChildren(box, ...items);
}

/** Shows a version under review dashed on the map, framed. */
export function showPreview(zone: ZoneFeature, deps: { map: () => MapView | null }): void {
  deps.map()?.setOverlay('trace', { type: 'FeatureCollection', features: [zone as never] }, true);
}

function statusWord(status: string, lang: Lang): string {
  const words: Record<string, [string, string]> = {
    inside: ['区内', 'inside'],
    outside: ['区外', 'outside'],
    near: ['临界', 'near'],
  };
  const [zh, en] = words[status] ?? [status, status];
  return L(lang, zh, en);
}
