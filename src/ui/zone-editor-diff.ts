/**
 * The saved version against the zone in use, under the editor (zone-editor-panel.ts): km² added and removed,
 * the largest vertex move, this phone's records whose answer changes, the version to download, and the new
 * line dashed on the map. Decision 0023.
 */
import type { ZoneFeature } from '../geo/zone.ts';
import type { MapView } from '../map/map-view.ts';
import { button, downloadFile, el, replaceChildren } from './dom.ts';
import { L, type Lang } from './i18n.ts';
import { showPreview } from './trace-panel.ts';

/** Renders the comparison of `zone` with `base` into `box`. */
export async function renderDiff(
  box: HTMLElement,
  lang: Lang,
  base: ZoneFeature,
  zone: ZoneFeature,
  deps: { map: () => MapView | null; points: () => Promise<{ id: string; lng: number; lat: number }[]> },
): Promise<void> {
  const { diffZones } = await import('../zones/zone-diff.ts');
  const diff = diffZones(base, zone, await deps.points().catch(() => []));
  const download = button(L(lang, '下载此版本（GeoJSON）', 'Download this version (GeoJSON)'), {
    testid: 'edit-download',
  });
  download.addEventListener('click', () =>
    downloadFile(`${zone.properties.version}.geojson`, `${JSON.stringify(zone, null, 1)}\n`, 'application/geo+json'),
  );
  replaceChildren(
    box,
    el(
      'p',
      { 'data-testid': 'edit-diff' },
      L(
        lang,
        `与正在使用的版本相比：增加 ${diff.addedKm2.toFixed(3)} km²，减少 ${diff.removedKm2.toFixed(3)} km²，最大移动 ${Math.round(diff.largestMove?.metres ?? 0)} 米；本机记录中答案会改变的：${diff.changed.length} 条。`,
        `Against the version in use: ${diff.addedKm2.toFixed(3)} km² added, ${diff.removedKm2.toFixed(3)} km² removed, largest move ${Math.round(diff.largestMove?.metres ?? 0)} m; records on this device whose answer changes: ${diff.changed.length}.`,
      ),
    ),
    el('div', { class: 'row' }, download),
  );
  showPreview(zone, deps);
}

/** A validator reason code in words. */
export function problemWords(code: string, lang: Lang, crossings: number): string {
  const words: Record<string, [string, string]> = {
    SELF_INTERSECTION: [
      `边界自相交：${crossings} 处（地图上红圈）`,
      `the boundary crosses itself: ${crossings} place(s), ringed red on the map`,
    ],
    DUPLICATE_VERTEX: ['有重复的顶点', 'a vertex is repeated'],
    RING_NOT_CLOSED: ['边界没有闭合', 'the ring does not close'],
    RING_TOO_SHORT: ['顶点太少，不成多边形', 'too few vertices for a polygon'],
    DEGENERATE_RING: ['边界面积为零或为细条（sliver）', 'the ring has no area, or is a sliver'],
    BAD_POSITION: [
      '有顶点坐标不对（在大同以外或不是数字）',
      'a vertex position is wrong (outside Datong or not a number)',
    ],
  };
  const [zh, en] = words[code] ?? [`区域数据无效（${code}）`, `not a valid zone (${code})`];
  return L(lang, zh, en);
}
