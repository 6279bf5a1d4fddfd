/**
 * A closed ring edited on the MapLibre map with terra-draw's select mode: drag a vertex, drag (or tap) an
 * edge's midpoint to add one, right-click a vertex to remove it; a tap or click on a vertex selects it (ringed) and
 * `removeSelected` takes it out (the Delete key, or the panel's button on a tablet: a touch has no right
 * click). A dragged vertex within SNAP_PX of a loaded road snaps to it through terra-draw's own `toCustom`
 * snapping (the tolerance is pixels on screen turned into metres where the pointer is), and the edit reports
 * which road. terra-draw turns MapLibre's drag-pan off while a vertex is dragged, by mouse or by finger.
 * Terra-draw's own Delete key is off: it deletes the whole selected feature, not a vertex. Decision 0028.
 */
import type * as maplibregl from 'maplibre-gl';
import { metresPerDegree } from '../geo/ellipsoid.ts';
import { changedVertex, withoutVertex } from '../zones/ring-vertices.ts';
import type { VertexSnap } from '../zones/snap-provenance.ts';

/** The snapping distance on screen (px): a fingertip's width on a tablet (decision 0028). */
export const SNAP_PX = 12;
/** How near (px) a tap must land on a vertex to select it: a finger is larger than a cursor. */
const SELECT_PX = 22;

/** What the ring editor may be given. */
export interface RingEditOptions {
  /** Where a vertex dragged to (lng, lat) snaps within `toleranceM` metres, or null: no road there. */
  snap?: (lng: number, lat: number, toleranceM: number) => VertexSnap | null;
  /** The selected vertex changed (index into the open ring, or null). */
  onSelect?: (index: number | null) => void;
}

/** A ring being edited. */
export interface RingEditing {
  /** Replaces the ring shown (undo / redo). */
  setRing: (ring: number[][]) => void;
  /** Removes the selected vertex; false when none is selected or three are left. */
  removeSelected: () => boolean;
  stop: () => void;
}

/** `onChange` gets the ring after each finished edit, with the snaps that placed its vertices. */
export async function editRing(
  map: maplibregl.Map,
  ring: number[][],
  onChange: (ring: number[][], snaps: VertexSnap[]) => void,
  options: RingEditOptions = {},
): Promise<RingEditing> {
  const { TerraDraw, TerraDrawPolygonMode, TerraDrawSelectMode } = await import('terra-draw');
  const { TerraDrawMapLibreGLAdapter } = await import('terra-draw-maplibre-gl-adapter');
  let lastSnap: VertexSnap | null = null;
  let selected: number | null = null;
  const toCustom = (event: { lng: number; lat: number; containerX: number; containerY: number }) => {
    lastSnap = null;
    if (!options.snap) return undefined;
    const a = map.unproject([event.containerX, event.containerY]);
    const b = map.unproject([event.containerX + SNAP_PX, event.containerY]);
    const { kx, ky } = metresPerDegree(event.lat);
    const toleranceM = Math.hypot((b.lng - a.lng) * kx, (b.lat - a.lat) * ky);
    const snap = options.snap(event.lng, event.lat, toleranceM);
    // terra-draw keeps positions to 9 decimals and refuses a feature with more (on undo, on a removal).
    lastSnap = snap && { ...snap, at: [round9(snap.at[0]), round9(snap.at[1])] };
    return lastSnap ? [...lastSnap.at] : undefined;
  };
  const draw = new TerraDraw({
    adapter: new TerraDrawMapLibreGLAdapter({ map }),
    modes: [
      new TerraDrawPolygonMode({ styles: { fillColor: '#f0a020', fillOpacity: 0.15, outlineColor: '#8a5a00' } }),
      new TerraDrawSelectMode({
        flags: {
          polygon: {
            feature: {
              draggable: false,
              selfIntersectable: true,
              coordinates: {
                draggable: true,
                midpoints: { draggable: true },
                deletable: true,
                snappable: { toCustom },
              },
            },
          },
        },
        keyEvents: { deselect: null, delete: null, rotate: null, scale: null },
        allowManualDeselection: false,
        styles: {
          selectedPolygonColor: '#f0a020',
          selectedPolygonFillOpacity: 0.12,
          selectedPolygonOutlineColor: '#8a5a00',
        },
      }),
    ],
  });
  draw.start();
  draw.setMode('select');
  const id = crypto.randomUUID();
  const mark = addSelectionMark(map);
  const select = (index: number | null) => {
    selected = index;
    const p = index === null ? undefined : ring[index];
    mark.show(p ? [p[0] as number, p[1] as number] : null);
    options.onSelect?.(index);
  };
  const show = (coordinates: number[][]) => {
    draw.clear();
    // Editing may self-intersect on purpose (the validator then says where); terra-draw must not refuse it.
    draw.addFeatures([
      {
        id,
        type: 'Feature',
        properties: { mode: 'polygon' },
        geometry: { type: 'Polygon', coordinates: [coordinates] },
      },
    ]);
    draw.selectFeature(id);
  };
  show(ring);
  const report = () => {
    const feature = draw.getSnapshotFeature(id);
    if (feature?.geometry.type !== 'Polygon') return;
    const next = feature.geometry.coordinates[0] as number[][];
    const change = changedVertex(ring, next);
    const snaps = lastSnap ? [lastSnap] : [];
    lastSnap = null;
    ring = next;
    select(change && change.kind !== 'removed' ? change.index : null);
    onChange(ring, snaps);
  };
  // A drag of a vertex ends with a finish. A midpoint dragged finishes twice — its insertion as the drag
  // starts, then the drag: while the pointer is still down the insertion waits, so the gesture is one edit
  // (one undo step) that adds the vertex where the drag ends. A midpoint tapped is inserted at once.
  let pointerDown = false;
  let insertPending = false;
  const container = map.getCanvasContainer();
  const down = () => {
    pointerDown = true;
  };
  const up = () => {
    pointerDown = false;
    // Should terra-draw not finish the drag after an insertion, the insertion still counts.
    if (insertPending)
      setTimeout(() => {
        if (!insertPending) return;
        insertPending = false;
        report();
      }, 100);
  };
  container.addEventListener('pointerdown', down, true);
  window.addEventListener('pointerup', up, true);
  window.addEventListener('pointercancel', up, true);
  draw.on('finish', (finished, context) => {
    if (finished !== id) return;
    if (context.action === 'insertMidpoint' && pointerDown) {
      insertPending = true;
      return;
    }
    insertPending = false;
    report();
  });
  // A vertex deleted (right-click) comes as an update with one vertex fewer and no finish.
  draw.on('change', (ids, type) => {
    if (type !== 'update' || !ids.includes(id)) return;
    const feature = draw.getSnapshotFeature(id);
    if (feature?.geometry.type === 'Polygon' && (feature.geometry.coordinates[0] as number[][]).length < ring.length)
      report();
  });
  // A tap or click on a vertex selects it; elsewhere, nothing is selected.
  const onClick = (event: maplibregl.MapMouseEvent) => {
    let best: number | null = null;
    let bestPx = SELECT_PX;
    ring.slice(0, -1).forEach((p, i) => {
      const q = map.project([p[0] as number, p[1] as number]);
      const d = Math.hypot(q.x - event.point.x, q.y - event.point.y);
      if (d < bestPx) {
        bestPx = d;
        best = i;
      }
    });
    select(best);
  };
  map.on('click', onClick);
  return {
    setRing: (next) => {
      ring = next;
      show(next);
      select(null);
    },
    removeSelected: () => {
      if (selected === null) return false;
      const next = withoutVertex(ring, selected);
      if (!next) return false;
      ring = next;
      show(next);
      select(null);
      onChange(ring, []);
      return true;
    },
    stop: () => {
      map.off('click', onClick);
      container.removeEventListener('pointerdown', down, true);
      window.removeEventListener('pointerup', up, true);
      window.removeEventListener('pointercancel', up, true);
      mark.remove();
      draw.clear();
      draw.stop();
    },
  };
}

/** To terra-draw's coordinatePrecision (9 decimals, ~0.1 mm). */
const round9 = (x: number) => Math.round(x * 1e9) / 1e9;

/** A ring drawn round the selected vertex (its own source and layer, removed when editing stops). */
function addSelectionMark(map: maplibregl.Map): { show: (at: [number, number] | null) => void; remove: () => void } {
  const source = 'edit-selected-vertex';
  const data = (at: [number, number] | null): GeoJSON.FeatureCollection => ({
    type: 'FeatureCollection',
    features: at ? [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: at } }] : [],
  });
  if (!map.getSource(source)) map.addSource(source, { type: 'geojson', data: data(null) });
  if (!map.getLayer(source))
    map.addLayer({
      id: source,
      type: 'circle',
      source,
      paint: {
        'circle-radius': 11,
        'circle-color': 'rgba(0,0,0,0)',
        'circle-stroke-color': '#1d3fd8',
        'circle-stroke-width': 3,
      },
    });
  return {
    show: (at) => (map.getSource(source) as maplibregl.GeoJSONSource | undefined)?.setData(data(at)),
    remove: () => {
      if (map.getLayer(source)) map.removeLayer(source);
      if (map.getSource(source)) map.removeSource(source);
    },
  };
}
