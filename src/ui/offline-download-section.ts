/**
 * "下载此区域离线地图": the view or the whole zone, a zoom range, the tile count and size before, a progress bar,
 * cancel, the device's storage, the saved areas with deletion, and the bounded cache of tiles seen online.
 * Part of the street panel (offline-map-panel.ts). Text goes in as textContent only.
 */

import { formatBeijingTime } from '../io/parse-time.ts';
import { downloadTiles } from '../map/download-area.ts';
import { estimateDownload } from '../map/estimate-download.ts';
import { fetchTile } from '../map/fetch-tile.ts';
import type { MapView } from '../map/map-view.ts';
import type { StreetLayer } from '../map/street-sources.ts';
import { type Bbox, bboxOfCoordinates, tileRanges } from '../map/tile-math.ts';
import type { BasemapDatabase } from '../store/basemap-store.ts';
import {
  clearVisitedTiles,
  completeArea,
  createArea,
  deleteArea,
  listAreas,
  putAreaTile,
  tileStats,
  VISITED_TILE_CAP,
} from '../store/tile-cache.ts';
import { button, el, replaceChildren } from './dom.ts';
import { L, type Lang } from './i18n.ts';
import { count, failureText, mb } from './street-words.ts';

/** What the section needs. */
export interface DownloadSectionDeps {
  map: () => MapView | null;
  zoneCoordinates: unknown;
  tiles: BasemapDatabase;
  /** The street layers shown now (what is saved). */
  layers: StreetLayer[];
  /** Redraws the panel (after a download ends). */
  rerender: () => void;
}

/** More tiles than this in one download is refused (~200–400 MB of 天地图 tiles). */
export const MAX_DOWNLOAD_TILES = 20_000;

// A running download outlives a redraw of the panel (language change, its own end).
let running: { controller: AbortController; areaId: string } | null = null;

/** Builds the section. */
export async function downloadSection(lang: Lang, deps: DownloadSectionDeps): Promise<HTMLElement> {
  const { layers } = deps;
  const section = el('section', { class: 'offline-map', 'aria-labelledby': 'offline-title' });
  const title = el('h3', { id: 'offline-title' }, L(lang, '下载此区域离线地图', 'Save this area for offline use'));
  const view = deps.map()?.view();
  const startZoom = Math.max(1, Math.min(18, Math.round(view?.zoom ?? 12) + 1));
  const zoomSelect = (id: string, value: number) => {
    const select = el(
      'select',
      { id },
      ...Array.from({ length: 18 }, (_, i) => el('option', { value: String(i + 1) }, String(i + 1))),
    );
    select.value = String(value);
    return select;
  };
  const min = zoomSelect('offline-min', startZoom);
  const max = zoomSelect('offline-max', Math.min(18, startZoom + 2));
  const area = el(
    'select',
    { id: 'offline-area' },
    el('option', { value: 'view' }, L(lang, '当前地图视图', 'The map’s current view')),
    el('option', { value: 'zone' }, L(lang, '禁煤区全境', 'The whole zone')),
  );
  const estimateText = el('p', { id: 'offline-estimate', class: 'hint', role: 'status' });
  const go = button(L(lang, '下载此区域离线地图', 'Save this area offline'), {
    primary: true,
    testid: 'offline-download',
  });
  go.id = 'offline-download';
  const progress = el('progress', { id: 'offline-progress', max: '1', value: '0' });
  const progressText = el('span', { id: 'offline-progress-text' });
  const progressBox = el('div', { class: 'offline-progress' }, progress, progressText);
  const cancel = button(L(lang, '取消下载', 'Cancel download'), { testid: 'offline-cancel' });
  cancel.id = 'offline-cancel';
  const result = el('p', { id: 'offline-result', class: 'hint', role: 'status' }, lastResult);
  const quota = el('p', { id: 'offline-quota', class: 'hint' });
  const areas = el('ul', { id: 'offline-areas', class: 'offline-areas' });
  const visited = el('p', { id: 'offline-visited', class: 'hint' });
  const showRunning = () => {
    progressBox.hidden = running === null;
    cancel.hidden = running === null;
    go.disabled = running !== null || layers.length === 0 || !estimate().ok;
  };
  // ~1 km around the zone: the roads that lead in are part of a field trip.
  const zoneBbox = bboxOfCoordinates(deps.zoneCoordinates, 0.01);
  const bbox = (): Bbox => (area.value === 'zone' ? zoneBbox : (deps.map()?.view().bbox ?? zoneBbox));
  let stats = await tileStats(deps.tiles);
  const estimate = () => {
    const lo = Number(min.value);
    const hi = Number(max.value);
    if (lo > hi)
      return { ok: false as const, text: L(lang, '最小级别大于最大级别。', 'The lowest level is above the highest.') };
    const e = estimateDownload(
      bbox(),
      lo,
      hi,
      layers.map((l) => ({
        id: l.id,
        knownTiles: stats.perLayer[l.id]?.tiles ?? 0,
        knownBytes: stats.perLayer[l.id]?.bytes ?? 0,
        typicalBytes: l.typicalBytes,
      })),
    );
    const basis = e.measured
      ? L(lang, '按本机已有图块的平均大小估算', 'from the mean size of tiles on this device')
      : L(lang, '按典型图块大小估算', 'from typical tile sizes');
    const text = L(
      lang,
      `约 ${count(e.tiles, lang)} 块，约 ${mb(e.bytes)}（${basis}）`,
      `${count(e.tiles, lang)} tiles, about ${mb(e.bytes)} (${basis})`,
    );
    if (e.tiles > MAX_DOWNLOAD_TILES)
      return {
        ok: false as const,
        text: `${text}${L(lang, `。范围太大：一次最多 ${count(MAX_DOWNLOAD_TILES, lang)} 块，请缩小地图范围或降低最高级别。`, `. Too large: at most ${count(MAX_DOWNLOAD_TILES, lang)} tiles at once; zoom in or lower the highest level.`)}`,
      };
    return { ok: true as const, text, tiles: e.tiles, bytes: e.bytes };
  };
  const refreshEstimate = () => {
    if (layers.length === 0) {
      estimateText.textContent = L(
        lang,
        '先设置街道图层才能下载离线地图。',
        'Set up a street layer first to save maps offline.',
      );
    } else estimateText.textContent = estimate().text;
    estimateText.dataset.tiles = String(estimate().ok ? (estimate() as { tiles: number }).tiles : 0);
    estimateText.dataset.bytes = String(estimate().ok ? (estimate() as { bytes: number }).bytes : 0);
    showRunning();
  };
  for (const input of [min, max, area]) input.addEventListener('change', refreshEstimate);
  const map = deps.map()?.map;
  if (onMove) map?.off('moveend', onMove);
  onMove = refreshEstimate;
  map?.on('moveend', onMove);
  const refreshStored = async () => {
    stats = await tileStats(deps.tiles);
    visited.replaceChildren(
      L(
        lang,
        `浏览时保存的图块：${count(stats.visitedTiles, lang)} 块，${mb(stats.visitedBytes)}（最多 ${count(VISITED_TILE_CAP, lang)} 块，旧的先删）`,
        `Tiles kept while browsing: ${count(stats.visitedTiles, lang)}, ${mb(stats.visitedBytes)} (at most ${count(VISITED_TILE_CAP, lang)}, oldest go first)`,
      ),
      ' ',
      clearButton,
    );
    const list = await listAreas(deps.tiles);
    replaceChildren(
      areas,
      ...list.map((a) => {
        const remove = button(L(lang, '删除', 'Delete'), { testid: 'offline-area-delete' });
        remove.addEventListener('click', async () => {
          const n = await deleteArea(deps.tiles, a.id);
          say(L(lang, `已删除离线地图（${count(n, lang)} 块）。`, `Offline map deleted (${count(n, lang)} tiles).`));
          await refreshStored();
        });
        const when = formatBeijingTime(Date.parse(a.createdAt)).slice(0, 16);
        const what =
          a.status === 'complete'
            ? L(
                lang,
                `${when} · 级别 ${a.minZoom}–${a.maxZoom} · ${count(a.tiles, lang)} 块 · ${mb(a.bytes)}${a.failed ? ` · ${a.failed} 块失败` : ''}`,
                `${when} · levels ${a.minZoom}–${a.maxZoom} · ${count(a.tiles, lang)} tiles · ${mb(a.bytes)}${a.failed ? ` · ${a.failed} failed` : ''}`,
              )
            : L(lang, `${when} · 未完成的下载`, `${when} · unfinished download`);
        return el('li', { 'data-testid': 'offline-area' }, what, ' ', remove);
      }),
    );
    await showQuota(quota, lang);
    refreshEstimate();
  };
  const clearButton = button(L(lang, '清除', 'Clear'), { testid: 'offline-clear-visited' });
  clearButton.addEventListener('click', async () => {
    const n = await clearVisitedTiles(deps.tiles);
    say(L(lang, `已清除 ${count(n, lang)} 块浏览缓存。`, `${count(n, lang)} browsed tiles cleared.`));
    await refreshStored();
  });
  go.addEventListener('click', async () => {
    const e = estimate();
    if (!e.ok || running) return;
    const areaId = crypto.randomUUID();
    const controller = new AbortController();
    running = { controller, areaId };
    const lo = Number(min.value);
    const hi = Number(max.value);
    const box = bbox();
    say('');
    progress.max = e.tiles;
    progress.value = 0;
    progressText.textContent = '';
    showRunning();
    await createArea(deps.tiles, {
      id: areaId,
      bbox: box,
      minZoom: lo,
      maxZoom: hi,
      layers: layers.map((l) => l.id),
      status: 'downloading',
      tiles: 0,
      bytes: 0,
      failed: 0,
      createdAt: new Date().toISOString(),
    });
    const line = (saved: number, bytes: number) =>
      L(
        lang,
        `已保存 ${count(saved, lang)} / ${count(e.tiles, lang)} 块（${mb(bytes)}）`,
        `${count(saved, lang)} of ${count(e.tiles, lang)} tiles saved (${mb(bytes)})`,
      );
    try {
      const done = await downloadTiles(
        tileRanges(box, lo, hi),
        layers,
        { fetchTile, saveTile: (layer, z, x, y, data) => putAreaTile(deps.tiles, areaId, layer, z, x, y, data) },
        {
          signal: controller.signal,
          onProgress: (p) => {
            const bar = document.getElementById('offline-progress') as HTMLProgressElement | null;
            if (bar) bar.value = p.done;
            const text = document.getElementById('offline-progress-text');
            if (text) text.textContent = line(p.saved, p.bytes);
          },
        },
      );
      await completeArea(deps.tiles, areaId, { tiles: done.saved, bytes: done.bytes, failed: done.failed });
      say(
        L(
          lang,
          `离线地图已保存：${count(done.saved, lang)} 块，${mb(done.bytes)}${done.failed ? `；${done.failed} 块下载失败` : ''}。没有网络时也会显示。`,
          `Offline map saved: ${count(done.saved, lang)} tiles, ${mb(done.bytes)}${done.failed ? `; ${done.failed} tiles failed` : ''}. It shows without a network too.`,
        ),
      );
    } catch (error) {
      await deleteArea(deps.tiles, areaId);
      say(failureText(lang, error, controller.signal.aborted));
    } finally {
      running = null;
      deps.rerender();
    }
  });
  cancel.addEventListener('click', () => running?.controller.abort(new DOMException('cancelled', 'AbortError')));
  section.append(
    title,
    el('label', { for: 'offline-area' }, L(lang, '范围', 'Area')),
    area,
    el(
      'div',
      { class: 'offline-zooms' },
      el('label', { for: 'offline-min' }, L(lang, '最低级别', 'Lowest level')),
      min,
      el('label', { for: 'offline-max' }, L(lang, '最高级别（18 ≈ 街巷门牌）', 'Highest level (18 ≈ house numbers)')),
      max,
    ),
    estimateText,
    go,
    progressBox,
    cancel,
    result,
    quota,
    el('h4', {}, L(lang, '已保存的离线地图', 'Saved offline maps')),
    areas,
    visited,
  );
  await refreshStored();
  return section;
}

/** The result line of the last download survives the re-render that follows it. */
let lastResult = '';
let onMove: (() => void) | null = null;
function say(text: string): void {
  lastResult = text;
  const result = document.getElementById('offline-result');
  if (result) result.textContent = text;
}

async function showQuota(target: HTMLElement, lang: Lang): Promise<void> {
  const estimate = await navigator.storage?.estimate?.().catch(() => null);
  if (!estimate?.quota) {
    target.textContent = L(lang, '无法读取本机存储空间。', 'The device’s storage cannot be read.');
    return;
  }
  const used = estimate.usage ?? 0;
  target.textContent = L(
    lang,
    `本机存储：已用 ${mb(used)}，还可用约 ${mb(estimate.quota - used)}`,
    `Storage on this device: ${mb(used)} used, about ${mb(estimate.quota - used)} free`,
  );
  target.dataset.usage = String(used);
}
