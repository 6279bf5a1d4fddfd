/**
 * The zone editor's snapping, as the panel shows it: which roads are loaded to snap to (the tracer's files,
 * src/zones/loaded-roads.ts), the road each edit snapped to and the uncertainty it took, and the `snap` the
 * map's ring editor calls while a vertex is dragged (src/zones/snap-to-roads.ts over the loaded roads).
 * Decision 0028.
 */
import type { RingEditOptions } from '../map/map-view.ts';
import { type LoadedRoads, loadedRoadIndex, loadedRoads, onLoadedRoads } from '../zones/loaded-roads.ts';
import type { VertexSnap } from '../zones/snap-provenance.ts';
import { snapToRoads } from '../zones/snap-to-roads.ts';
import { el } from './dom.ts';
import { L, type Lang } from './i18n.ts';

/** The lines the panel shows and the snap it gives the map. */
export interface EditorSnapping {
  /** "Roads to snap to: n (files)", or how to load some. */
  roadsLine: HTMLElement;
  /** What the last edit snapped to, and its uncertainty. */
  snappedLine: HTMLElement;
  saySnapped: (snaps: readonly VertexSnap[], uncertaintyM: number) => void;
  snap: NonNullable<RingEditOptions['snap']>;
  dispose: () => void;
}

/** Makes the snapping lines for the panel in `lang`. */
export function editorSnapping(lang: Lang): EditorSnapping {
  const roadsLine = el('p', { class: 'muted', 'data-testid': 'edit-roads' });
  const snappedLine = el('p', { class: 'muted', role: 'status', 'data-testid': 'edit-snapped' });
  const sayRoads = (roads: LoadedRoads | null) => {
    roadsLine.textContent = roads
      ? L(
          lang,
          `可吸附的道路：${roads.lines.length} 条（${roads.files.join('、')}）。`,
          `Roads to snap to: ${roads.lines.length} (${roads.files.join(', ')}).`,
        )
      : L(
          lang,
          '未载入道路：在下面“从道路数据描绘边界”中选择道路文件并描绘后，顶点可吸附到道路上。',
          'No roads loaded: choose road files under “Trace the zone from road data” below and trace; vertices then snap to them.',
        );
  };
  sayRoads(loadedRoads());
  return {
    roadsLine,
    snappedLine,
    saySnapped: (snaps, uncertaintyM) => {
      const snap = snaps[0];
      snappedLine.textContent = snap
        ? L(
            lang,
            `这次修改的顶点已吸附到道路“${snap.name}”（${snap.ref}），误差 ${uncertaintyM} 米。`,
            `This edit's vertex snapped to the road "${snap.name}" (${snap.ref}); uncertainty ${uncertaintyM} m.`,
          )
        : L(
            lang,
            `这次修改未吸附到道路，误差 ${uncertaintyM} 米。`,
            `This edit did not snap to a road; uncertainty ${uncertaintyM} m.`,
          );
    },
    snap: (lng, lat, toleranceM) => {
      const index = loadedRoadIndex();
      const found = index ? snapToRoads(index, lng, lat, toleranceM) : null;
      return found
        ? { at: found.at, ref: found.line.ref, name: found.line.name, precisionM: found.line.precisionM }
        : null;
    },
    dispose: onLoadedRoads(sayRoads),
  };
}
