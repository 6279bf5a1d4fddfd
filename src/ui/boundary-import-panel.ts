/**
 * The 区域 tab's import of the authority's own boundary: one polygon from GeoJSON, KML/KMZ, GPX, a zipped
 * Shapefile or an ASCII DXF, in the CRS chosen (or read from the .prj), previewed dashed on the map before
 * anyone adopts it. Refusals (not one polygon, swapped axes, the wrong CRS, outside Datong, not a valid zone)
 * and warnings (looks like GCJ-02 read as WGS-84) in the UI's language. Read on this device; nothing changes the
 * zone in use. Same code as `coalzone zones import` (src/trace/import-boundary.ts).
 */
import { CoalzoneError } from '../errors.ts';
import type { ZoneFeature } from '../geo/zone.ts';
import type { MapView } from '../map/map-view.ts';
import type { CrsName } from '../trace/project-crs.ts';
import { versionWords } from './answer-card.ts';
import { button, downloadFile, el, replaceChildren } from './dom.ts';
import { L, type Lang } from './i18n.ts';
import { CRS_CHOICES, showPreview } from './trace-panel.ts';

/** What the panel needs from the app. */
export interface BoundaryImportDeps {
  lang: Lang;
  zone: () => ZoneFeature;
  map: () => MapView | null;
  today: () => string;
}

/** Why an import was refused, in words (the reader's detail follows). */
const REFUSALS: Record<string, [string, string]> = {
  NOT_ONE_POLYGON: ['文件里不是恰好一个多边形', 'the file does not hold exactly one polygon'],
  SWAPPED_LNG_LAT: ['经纬度顺序颠倒（读作纬度、经度）', 'longitude and latitude are swapped'],
  WRONG_CRS: ['坐标系不对：请选择文件实际的坐标系', 'the wrong CRS: choose the one the file is in'],
  MALFORMED_FILE: ['文件无法读取或格式不对', 'the file cannot be read or is malformed'],
  UNSUPPORTED_FORMAT: ['不支持的文件类型', 'unsupported file type'],
};

/** Mounts the import section into `root`. */
export function mountBoundaryImport(root: HTMLElement, deps: BoundaryImportDeps): void {
  const lang = deps.lang;
  const file = el('input', {
    type: 'file',
    id: 'boundary-file',
    'data-testid': 'boundary-file',
    accept: '.geojson,.json,.kml,.kmz,.gpx,.zip,.dxf',
  });
  const crs = el('select', { id: 'boundary-crs', 'data-testid': 'boundary-crs' });
  crs.append(
    el(
      'option',
      { value: '' },
      L(lang, '自动（Shapefile 读 .prj，其他按 WGS-84）', 'automatic (.prj for a Shapefile, else WGS-84)'),
    ),
  );
  for (const [value, zh, en] of CRS_CHOICES) crs.append(el('option', { value }, L(lang, zh, en)));
  const start = button(L(lang, '导入并预览', 'Import and preview'), { primary: true, testid: 'boundary-start' });
  const status = el('p', { class: 'muted', role: 'status', 'data-testid': 'boundary-status' });
  const result = el('div', { 'data-testid': 'boundary-result' });

  start.addEventListener('click', async () => {
    const chosen = file.files?.[0];
    replaceChildren(result);
    status.setAttribute('role', 'status');
    if (!chosen) {
      status.textContent = L(lang, '请先选择边界文件。', 'Choose a boundary file first.');
      return;
    }
    start.disabled = true;
    status.textContent = L(lang, '正在读取…', 'Reading…');
    try {
      const read = await importFile(chosen, (crs.value || null) as CrsName | null, deps);
      renderImport(result, status, lang, read, deps);
    } catch (error) {
      const code = error instanceof CoalzoneError ? error.code : '';
      const [zh, en] = REFUSALS[code] ?? ['无法导入', 'cannot import'];
      status.setAttribute('role', 'alert');
      status.textContent = L(lang, `${zh}（${(error as Error).message}）`, `${en} (${(error as Error).message})`);
    } finally {
      start.disabled = false;
    }
  });

  replaceChildren(
    root,
    el('h2', {}, L(lang, '导入官方边界', "Import the authority's boundary")),
    el(
      'p',
      { class: 'muted' },
      L(
        lang,
        '生态环境局或区县的边界图（GeoJSON、KML/KMZ、GPX、Shapefile 压缩包、CAD 的 ASCII DXF）：先在地图上预览，核对后再采用。DXF 不带坐标系，请选择。',
        "The bureau's or a county's boundary (GeoJSON, KML/KMZ, GPX, zipped Shapefile, ASCII DXF from CAD): previewed on the map first, adopted only after review. A DXF has no CRS: choose it.",
      ),
    ),
    el('label', { for: 'boundary-file' }, L(lang, '边界文件', 'Boundary file')),
    file,
    el('label', { for: 'boundary-crs' }, L(lang, '坐标系', 'CRS')),
    crs,
    el('div', { class: 'row' }, start),
    status,
    result,
  );
}

async function importFile(file: File, chosen: CrsName | null, deps: BoundaryImportDeps) {
  const { boundaryFeatures, importBoundary } = await import('../trace/import-boundary.ts');
  const bytes = new Uint8Array(await file.arrayBuffer());
  let features: unknown[];
  let crs: CrsName = chosen ?? 'WGS84';
  if (file.name.toLowerCase().endsWith('.zip')) {
    const { readShapefileZip } = await import('../trace/read-shapefile-zip.ts');
    const layer = await readShapefileZip(bytes, file.name, chosen);
    features = layer.document.features;
    crs = layer.crs;
  } else features = boundaryFeatures(bytes, file.name);
  const read = importBoundary(features, file.name, crs, deps.zone(), { date: deps.today(), precisionM: 5 });
  return { ...read, crs };
}

function renderImport(
  box: HTMLElement,
  status: HTMLElement,
  lang: Lang,
  read: Awaited<ReturnType<typeof importFile>>,
  deps: BoundaryImportDeps,
): void {
  const items: HTMLElement[] = read.warnings.map((w) =>
    el('p', { class: 'warning', role: 'alert' }, `⚠ ${L(lang, w.zh, w.en)}`),
  );
  if (!read.zone) {
    status.setAttribute('role', 'alert');
    status.textContent = L(lang, '边界被拒绝，未生成新版本：', 'Boundary refused; no version made:');
    const list = el('ul', { 'data-testid': 'boundary-refusals' });
    for (const r of read.refused) {
      const [zh, en] = REFUSALS[r.code] ?? [r.code, r.code];
      list.append(el('li', { 'data-code': r.code }, `${L(lang, zh, en)}（${r.message}）`));
    }
    items.push(list);
    replaceChildren(box, ...items);
    return;
  }
  const zone = read.zone;
  const ring = zone.geometry.coordinates[0] as number[][];
  status.textContent = L(lang, '已读取：请在地图上核对虚线。', 'Read: check the dashed line on the map.');
  items.push(
    el(
      'p',
      { 'data-testid': 'boundary-summary' },
      L(
        lang,
        `${versionWords(zone.properties.version, lang)}：${ring.length - 1} 个顶点，${read.crs} → WGS-84。`,
        `${versionWords(zone.properties.version, lang)}: ${ring.length - 1} vertices, ${read.crs} → WGS-84.`,
      ),
    ),
  );
  const download = button(L(lang, '下载此版本（GeoJSON）', 'Download this version (GeoJSON)'), {
    testid: 'boundary-download',
  });
  download.addEventListener('click', () =>
    downloadFile(`${zone.properties.version}.geojson`, `${JSON.stringify(zone, null, 1)}\n`, 'application/geo+json'),
  );
  items.push(el('div', { class: 'row' }, download));
  replaceChildren(box, ...items);
  showPreview(zone, deps);
}
