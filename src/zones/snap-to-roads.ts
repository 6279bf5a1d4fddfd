/**
 * Snapping an edited vertex to a loaded road layer, pure (no DOM, no map): the road lines go into a uniform
 * grid over lng/lat (segments in every cell their box touches; the few very long ones in a list checked
 * always), then a snap looks only at the cells within the tolerance of the pointer — the cheap thing first
 * (CONVENTIONS 4), so 100,000 segments answer in microseconds. Distances are metres in the plane tangent at
 * the pointer (metresPerDegree, ellipsoid.ts): at a 12 px tolerance (≤ a few hundred metres) the plane's error
 * is far below a millimetre. A road vertex (a junction, a bend) within `vertexToleranceM` wins over a nearer
 * point along a segment, as a GIS "vertex and segment" snap does. Decision 0028.
 */
import { metresPerDegree } from '../geo/ellipsoid.ts';

/** A road line that vertices may snap to (the tracer's ExtractLine has these fields). */
export interface RoadLine {
  /** Cited in the snapped vertex's provenance: "roads.geojson feature 17 (name)", "x.osm.pbf osm way 123". */
  ref: string;
  name: string;
  /** How far the source's own positions may be off (metres): the snapped edit's default uncertainty. */
  precisionM: number;
  /** [lng, lat] positions, two or more. */
  coords: [number, number][];
}

/** The grid over the lines' segments. Built once per loaded layer; read-only afterwards. */
export interface RoadSnapIndex {
  lines: readonly RoadLine[];
  /** Segment endpoints (lng, lat) and which line / first vertex each segment is. */
  ax: Float64Array;
  ay: Float64Array;
  bx: Float64Array;
  by: Float64Array;
  line: Uint32Array;
  vertex: Uint32Array;
  /** Cell key → segment numbers. */
  cells: Map<number, number[]>;
  /** Segments whose box spans more than MAX_CELLS cells: checked on every snap. */
  long: number[];
  west: number;
  south: number;
  /** Cell size in degrees. */
  cell: number;
}

/** Where a vertex snaps. */
export interface RoadSnap {
  /** The snapped position [lng, lat]. */
  at: [number, number];
  line: RoadLine;
  /** Metres from the pointer to `at`. */
  distanceM: number;
  /** True when `at` is one of the road's own vertices. */
  onVertex: boolean;
}

/** ~0.002° is ~170 m east–west and ~220 m north–south at Datong: a 12 px tolerance at street zooms spans a
 *  few cells. */
const CELL_DEG = 0.002;
/** A segment crossing more cells than this (a 20 km motorway straight) is kept aside rather than in every cell. */
const MAX_CELLS = 400;
const ROW = 1 << 20;

/** Builds the grid over `lines` (read, never modified). Throws on a line position that is not two numbers. */
export function buildRoadSnapIndex(lines: readonly RoadLine[], cell = CELL_DEG): RoadSnapIndex {
  if (!(cell > 0)) throw new Error(`buildRoadSnapIndex: cell size ${cell} is not a positive number of degrees`);
  let count = 0;
  let west = Infinity;
  let south = Infinity;
  for (const l of lines) {
    count += Math.max(0, l.coords.length - 1);
    for (const p of l.coords) {
      if (!Number.isFinite(p[0]) || !Number.isFinite(p[1]))
        throw new Error(`buildRoadSnapIndex: ${l.ref} has a position that is not [lng, lat] numbers`);
      west = Math.min(west, p[0]);
      south = Math.min(south, p[1]);
    }
  }
  const index: RoadSnapIndex = {
    lines,
    ax: new Float64Array(count),
    ay: new Float64Array(count),
    bx: new Float64Array(count),
    by: new Float64Array(count),
    line: new Uint32Array(count),
    vertex: new Uint32Array(count),
    cells: new Map(),
    long: [],
    west: Number.isFinite(west) ? west : 0,
    south: Number.isFinite(south) ? south : 0,
    cell,
  };
  let s = 0;
  lines.forEach((l, li) => {
    for (let v = 0; v + 1 < l.coords.length; v++, s++) {
      const a = l.coords[v] as [number, number];
      const b = l.coords[v + 1] as [number, number];
      index.ax[s] = a[0];
      index.ay[s] = a[1];
      index.bx[s] = b[0];
      index.by[s] = b[1];
      index.line[s] = li;
      index.vertex[s] = v;
      const [i0, j0] = cellOf(index, Math.min(a[0], b[0]), Math.min(a[1], b[1]));
      const [i1, j1] = cellOf(index, Math.max(a[0], b[0]), Math.max(a[1], b[1]));
      if ((i1 - i0 + 1) * (j1 - j0 + 1) > MAX_CELLS) {
        index.long.push(s);
        continue;
      }
      for (let i = i0; i <= i1; i++)
        for (let j = j0; j <= j1; j++) {
          const key = i * ROW + j;
          const list = index.cells.get(key);
          if (list) list.push(s);
          else index.cells.set(key, [s]);
        }
    }
  });
  return index;
}

/** The road point a vertex at (lng, lat) snaps to, or null when no road is within `toleranceM`. A road vertex
 *  within `vertexToleranceM` (default half the tolerance) is preferred to a nearer point along a segment. */
export function snapToRoads(
  index: RoadSnapIndex,
  lng: number,
  lat: number,
  toleranceM: number,
  vertexToleranceM = toleranceM / 2,
): RoadSnap | null {
  if (!(toleranceM >= 0)) throw new Error(`snapToRoads: tolerance ${toleranceM} m is not a distance`);
  if (index.ax.length === 0) return null;
  const { kx, ky } = metresPerDegree(lat);
  const [i0, j0] = cellOf(index, lng - toleranceM / kx, lat - toleranceM / ky);
  const [i1, j1] = cellOf(index, lng + toleranceM / kx, lat + toleranceM / ky);
  let best = -1;
  let bestD = Infinity;
  let bestX = 0;
  let bestY = 0;
  let vertexSegment = -1;
  let vertexEnd = 0;
  let vertexD = Infinity;
  const seen = new Set<number>();
  const visit = (s: number) => {
    if (seen.has(s)) return;
    seen.add(s);
    // Metres east / north of the pointer.
    const ax = ((index.ax[s] as number) - lng) * kx;
    const ay = ((index.ay[s] as number) - lat) * ky;
    const dx = ((index.bx[s] as number) - lng) * kx - ax;
    const dy = ((index.by[s] as number) - lat) * ky - ay;
    const length2 = dx * dx + dy * dy;
    const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / length2));
    const x = ax + t * dx;
    const y = ay + t * dy;
    const d = Math.hypot(x, y);
    if (d < bestD) {
      bestD = d;
      best = s;
      bestX = x;
      bestY = y;
    }
    const ea = Math.hypot(ax, ay);
    if (ea < vertexD) {
      vertexD = ea;
      vertexSegment = s;
      vertexEnd = 0;
    }
    const eb = Math.hypot(ax + dx, ay + dy);
    if (eb < vertexD) {
      vertexD = eb;
      vertexSegment = s;
      vertexEnd = 1;
    }
  };
  // A tolerance wider than the layer has cells (a zoomed-out map): every cell, not every empty square.
  if ((i1 - i0 + 1) * (j1 - j0 + 1) > index.cells.size) for (const list of index.cells.values()) list.forEach(visit);
  else
    for (let i = i0; i <= i1; i++)
      for (let j = j0; j <= j1; j++) for (const s of index.cells.get(i * ROW + j) ?? []) visit(s);
  for (const s of index.long) visit(s);
  if (vertexSegment >= 0 && vertexD <= vertexToleranceM && vertexD <= toleranceM) {
    const at: [number, number] =
      vertexEnd === 0
        ? [index.ax[vertexSegment] as number, index.ay[vertexSegment] as number]
        : [index.bx[vertexSegment] as number, index.by[vertexSegment] as number];
    const line = index.lines[index.line[vertexSegment] as number] as RoadLine;
    return { at, line, distanceM: vertexD, onVertex: true };
  }
  if (best < 0 || bestD > toleranceM) return null;
  const at: [number, number] = [lng + bestX / kx, lat + bestY / ky];
  return { at, line: index.lines[index.line[best] as number] as RoadLine, distanceM: bestD, onVertex: false };
}

function cellOf(index: RoadSnapIndex, lng: number, lat: number): [number, number] {
  const i = Math.floor((lng - index.west) / index.cell);
  const j = Math.floor((lat - index.south) / index.cell);
  // Keys stay unique while j stays within a row; far-off queries clamp (they find nothing either way).
  return [Math.max(-ROW / 2, Math.min(ROW / 2, i)), Math.max(0, Math.min(ROW - 1, j))];
}
