/**
 * A grid index over one zone for the hot paths (point-in-zone, boundary distance, track crossings).
 *
 * Cells are inside, outside or boundary. An edge is listed in every cell its segment actually passes
 * through (Liang–Barsky clip against the cell, padded by EPS), so a cell with no edge lies wholly on one side
 * of the boundary and is classified once, by its centre. Each grid row also lists the edges that span its
 * latitude band: a crossing-number test against those edges is exact for any point in the row. Each
 * non-boundary cell stores a clearance: a lower bound, in metres, on the distance from any point in it to
 * the boundary, so callers can skip distance work far from the line.
 *
 * Same idea as the "slab" and uniform-grid point-location schemes in O'Rourke, Computational Geometry in C
 * (2nd ed., §7.9), laid out in typed arrays as flatbush does.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import { invalidArgument } from '../errors.ts';
import { planarEdgeDistance } from './edge-distance.ts';
import { metresPerDegree } from './ellipsoid.ts';
import { polygonsOf, type SideProvenance, type ZoneFeature, type ZoneStatus } from './zone.ts';

/** Cell states. */
export const OUTSIDE = 0;
export const INSIDE = 1;
export const BOUNDARY = 2;

/** Sub-cells per side of a boundary cell. */
export const SUB = 8;

/** Padding (degrees, ~0.1 mm) for the edge–cell test, so edges on a cell border are listed on both sides. */
const EPS = 1e-9;

/** Everything the hot paths need, in typed arrays. Plain data: build once, share freely, never mutate. */
export interface ZoneIndex {
  id: string;
  version: string;
  status: ZoneStatus;
  sides: SideProvenance[];
  edgeCount: number;
  ax: Float64Array;
  ay: Float64Array;
  bx: Float64Array;
  by: Float64Array;
  /** Trace uncertainty of each edge, metres. */
  edgeUncertainty: Float64Array;
  /** Index into `sides` of each edge's side (0xffff: no side known). */
  edgeSide: Uint16Array;
  maxUncertaintyM: number;
  west: number;
  south: number;
  east: number;
  north: number;
  nx: number;
  ny: number;
  cellW: number;
  cellH: number;
  cellState: Uint8Array;
  cellStart: Uint32Array;
  cellEdges: Uint32Array;
  rowStart: Uint32Array;
  rowEdges: Uint32Array;
  /** Lower bound (m) on the distance from any point of a cell to the boundary; 0 for boundary cells. */
  cellClearanceM: Float32Array;
  /** Bounds (m) on min over edges of (distance − uncertainty) for any point of the cell: a point is near
   *  the line when that margin ≤ its accuracy, so low > accuracy settles "not near" and high ≤ accuracy
   *  settles "near" without looking at edges. */
  cellMarginLowM: Float32Array;
  cellMarginHighM: Float32Array;
  /** Per boundary cell, the offset of its SUB×SUB sub-cell states in subStates; -1 elsewhere. Sub-cells
   *  settle most points of a boundary cell without the exact test. */
  cellSub: Int32Array;
  subStates: Uint8Array;
  /** Per cell, every edge that can be the nearest or the smallest-margin edge of some point in the cell
   *  (CSR like cellEdges). */
  candidateStart: Uint32Array;
  candidateEdges: Uint32Array;
  /** Smallest metres-per-degree of longitude over the grid (for conservative lower bounds). */
  kxMin: number;
  /** Largest metres-per-degree of longitude over the grid. */
  kxMax: number;
  ky: number;
  /** Scratch for de-duplicating edges during a search (edges sit in several cells). */
  stamp: Uint32Array;
  stampCounter: { value: number };
}

/** Options for building an index. */
export interface IndexOptions {
  /** Target number of cells; default scales with the edge count (256 per edge, 16,384 to 262,144). */
  cells?: number;
}

/** Builds the index for a zone Feature. The Feature is read, never modified. */
export function buildZoneIndex(zone: ZoneFeature, options: IndexOptions = {}): ZoneIndex {
  const sides = zone.properties.sides;
  const sideNumber = new Map(sides.map((s, i) => [s.id, i]));
  const uncertainty: number[] = [];
  const sideOf: number[] = [];
  const coords: number[] = [];
  const polygons = polygonsOf(zone.geometry);
  polygons.forEach((rings, p) => {
    rings.forEach((ring, r) => {
      const described = zone.properties.rings?.find((d) => d.polygon === p && d.ring === r);
      for (let i = 0; i + 1 < ring.length; i++) {
        const a = ring[i] as number[];
        const b = ring[i + 1] as number[];
        const edge = described?.vertices[i]?.edge;
        coords.push(a[0] as number, a[1] as number, b[0] as number, b[1] as number);
        uncertainty.push(edge?.uncertaintyM ?? 0);
        sideOf.push(edge ? (sideNumber.get(edge.side) ?? 0xffff) : 0xffff);
      }
    });
  });
  const props = zone.properties;
  return buildFromEdges(coords, uncertainty, sideOf, {
    id: props.id,
    version: props.version,
    status: props.status,
    sides,
    cells: options.cells,
  });
}

/** Builds an index for bare geometry (tests, synthetic zones, drawn shapes): uniform uncertainty. */
export function buildGeometryIndex(
  geometry: Polygon | MultiPolygon,
  uncertaintyM = 0,
  options: IndexOptions = {},
): ZoneIndex {
  const coords: number[] = [];
  for (const rings of polygonsOf(geometry))
    for (const ring of rings)
      for (let i = 0; i + 1 < ring.length; i++) {
        const a = ring[i] as number[];
        const b = ring[i + 1] as number[];
        coords.push(a[0] as number, a[1] as number, b[0] as number, b[1] as number);
      }
  const n = coords.length / 4;
  return buildFromEdges(coords, new Array(n).fill(uncertaintyM), new Array(n).fill(0xffff), {
    id: 'geometry',
    version: '0',
    status: 'draft',
    sides: [],
    cells: options.cells,
  });
}

interface Meta {
  id: string;
  version: string;
  status: ZoneStatus;
  sides: SideProvenance[];
  cells: number | undefined;
}

function buildFromEdges(coords: number[], uncertainty: number[], sideOf: number[], meta: Meta): ZoneIndex {
  // Zero-length edges add nothing to the boundary and would divide by zero: drop them here.
  const keep: number[] = [];
  for (let e = 0; e < coords.length / 4; e++) {
    const [ax, ay, bx, by] = coords.slice(e * 4, e * 4 + 4) as [number, number, number, number];
    if (![ax, ay, bx, by].every(Number.isFinite))
      throw invalidArgument(`edge ${e}`, [ax, ay, bx, by], 'finite numbers');
    if (ax !== bx || ay !== by) keep.push(e);
  }
  if (keep.length < 3) throw invalidArgument('zone', keep.length, 'a geometry with at least 3 edges');
  const n = keep.length;
  const ax = new Float64Array(n);
  const ay = new Float64Array(n);
  const bx = new Float64Array(n);
  const by = new Float64Array(n);
  const edgeUncertainty = new Float64Array(n);
  const edgeSide = new Uint16Array(n);
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  keep.forEach((e, k) => {
    ax[k] = coords[e * 4] as number;
    ay[k] = coords[e * 4 + 1] as number;
    bx[k] = coords[e * 4 + 2] as number;
    by[k] = coords[e * 4 + 3] as number;
    edgeUncertainty[k] = uncertainty[e] as number;
    edgeSide[k] = sideOf[e] as number;
    west = Math.min(west, ax[k] as number, bx[k] as number);
    east = Math.max(east, ax[k] as number, bx[k] as number);
    south = Math.min(south, ay[k] as number, by[k] as number);
    north = Math.max(north, ay[k] as number, by[k] as number);
  });
  // Pad the grid by 25% a side so that points near the zone, outside its bbox, still get O(1) answers;
  // beyond the grid every edge is measured (near-edges.ts).
  const padX = (east - west) * 0.25 || 1e-3;
  const padY = (north - south) * 0.25 || 1e-3;
  west -= padX;
  east += padX;
  south -= padY;
  north += padY;
  const midLat = (south + north) / 2;
  const { kx, ky } = metresPerDegree(midLat);
  // Square cells in metres, about `cells` of them.
  // Fine enough that few points land in boundary cells; build cost is O(cells × edges).
  const target = meta.cells ?? Math.min(262_144, Math.max(16_384, n * 256));
  const widthM = Math.max((east - west) * kx, 1);
  const heightM = Math.max((north - south) * ky, 1);
  const sizeM = Math.sqrt((widthM * heightM) / target);
  const nx = Math.max(1, Math.min(4096, Math.ceil(widthM / sizeM)));
  const ny = Math.max(1, Math.min(4096, Math.ceil(heightM / sizeM)));
  const cellW = (east - west) / nx || 1e-9;
  const cellH = (north - south) / ny || 1e-9;
  const absLats = [Math.abs(south), Math.abs(north)];
  const index: ZoneIndex = {
    ...meta,
    edgeCount: n,
    ax,
    ay,
    bx,
    by,
    edgeUncertainty,
    edgeSide,
    maxUncertaintyM: edgeUncertainty.reduce((m, u) => Math.max(m, u), 0),
    west,
    south,
    east,
    north,
    nx,
    ny,
    cellW,
    cellH,
    cellState: new Uint8Array(nx * ny),
    cellStart: new Uint32Array(nx * ny + 1),
    cellEdges: new Uint32Array(0),
    rowStart: new Uint32Array(ny + 1),
    rowEdges: new Uint32Array(0),
    cellClearanceM: new Float32Array(nx * ny),
    cellMarginLowM: new Float32Array(nx * ny),
    cellMarginHighM: new Float32Array(nx * ny),
    candidateStart: new Uint32Array(nx * ny + 1),
    candidateEdges: new Uint32Array(0),
    cellSub: new Int32Array(nx * ny).fill(-1),
    subStates: new Uint8Array(0),
    kxMin: metresPerDegree(Math.max(...absLats)).kx,
    kxMax: south <= 0 && north >= 0 ? metresPerDegree(0).kx : metresPerDegree(Math.min(...absLats)).kx,
    ky,
    stamp: new Uint32Array(n),
    stampCounter: { value: 0 },
  };
  fillCells(index);
  fillRows(index);
  classifyCells(index);
  fillSubCells(index);
  return index;
}

function fillCells(index: ZoneIndex): void {
  const { nx, ny, west, south, cellW, cellH } = index;
  const lists: number[][] = Array.from({ length: nx * ny }, () => []);
  for (let e = 0; e < index.edgeCount; e++) {
    const x0 = index.ax[e] as number;
    const y0 = index.ay[e] as number;
    const x1 = index.bx[e] as number;
    const y1 = index.by[e] as number;
    const i0 = clamp(Math.floor((Math.min(x0, x1) - EPS - west) / cellW), 0, nx - 1);
    const i1 = clamp(Math.floor((Math.max(x0, x1) + EPS - west) / cellW), 0, nx - 1);
    const j0 = clamp(Math.floor((Math.min(y0, y1) - EPS - south) / cellH), 0, ny - 1);
    const j1 = clamp(Math.floor((Math.max(y0, y1) + EPS - south) / cellH), 0, ny - 1);
    for (let j = j0; j <= j1; j++)
      for (let i = i0; i <= i1; i++) {
        const cx0 = west + i * cellW - EPS;
        const cy0 = south + j * cellH - EPS;
        if (segmentTouchesBox(x0, y0, x1, y1, cx0, cy0, cx0 + cellW + 2 * EPS, cy0 + cellH + 2 * EPS))
          (lists[j * nx + i] as number[]).push(e);
      }
  }
  const total = lists.reduce((s, l) => s + l.length, 0);
  index.cellEdges = new Uint32Array(total);
  let at = 0;
  lists.forEach((list, c) => {
    index.cellStart[c] = at;
    index.cellEdges.set(list, at);
    at += list.length;
    if (list.length > 0) index.cellState[c] = BOUNDARY;
  });
  index.cellStart[lists.length] = at;
}

function fillRows(index: ZoneIndex): void {
  const { ny, south, cellH } = index;
  const lists: number[][] = Array.from({ length: ny }, () => []);
  for (let e = 0; e < index.edgeCount; e++) {
    const lo = Math.min(index.ay[e] as number, index.by[e] as number);
    const hi = Math.max(index.ay[e] as number, index.by[e] as number);
    const j0 = clamp(Math.floor((lo - EPS - south) / cellH), 0, ny - 1);
    const j1 = clamp(Math.floor((hi + EPS - south) / cellH), 0, ny - 1);
    for (let j = j0; j <= j1; j++) (lists[j] as number[]).push(e);
  }
  index.rowEdges = new Uint32Array(lists.reduce((s, l) => s + l.length, 0));
  let at = 0;
  lists.forEach((list, j) => {
    index.rowStart[j] = at;
    index.rowEdges.set(list, at);
    at += list.length;
  });
  index.rowStart[ny] = at;
}

function classifyCells(index: ZoneIndex): void {
  const { nx, ny, west, south, cellW, cellH, edgeCount, edgeUncertainty } = index;
  const halfDiagonalM = Math.hypot(cellW * index.kxMax, cellH * index.ky) / 2;
  const distances = new Float64Array(edgeCount);
  const candidates: number[] = [];
  for (let j = 0; j < ny; j++) {
    const y = south + (j + 0.5) * cellH;
    const { kx, ky } = metresPerDegree(y);
    for (let i = 0; i < nx; i++) {
      const c = j * nx + i;
      const x = west + (i + 0.5) * cellW;
      if (index.cellState[c] !== BOUNDARY) index.cellState[c] = crossingParity(index, j, x, y) ? INSIDE : OUTSIDE;
      let nearest = Infinity;
      let margin = Infinity;
      for (let e = 0; e < edgeCount; e++) {
        const d = planarEdgeDistance(index, e, x, y, kx, ky);
        distances[e] = d;
        if (d < nearest) nearest = d;
        const m = d - (edgeUncertainty[e] as number);
        if (m < margin) margin = m;
      }
      // Any point of the cell is within h of the centre, so its nearest edge lies within D + 2h of the centre
      // (D: the centre's nearest distance): those are the cell's candidates. Distances are planar at the
      // centre's latitude; the bounds get 0.1% + 5 cm of slack for that and for float32 storage.
      // Likewise the smallest-margin edge of any point lies within margin M + 2h at the centre.
      index.candidateStart[c] = candidates.length;
      const reach = (nearest + 2 * halfDiagonalM) * 1.001 + 1e-6;
      const marginReach = margin + 2 * halfDiagonalM * 1.001 + 0.001 * (nearest + halfDiagonalM) + 1e-6;
      for (let e = 0; e < edgeCount; e++) {
        const d = distances[e] as number;
        if (d <= reach || d - (edgeUncertainty[e] as number) <= marginReach) candidates.push(e);
      }
      const slack = 0.001 * (nearest + halfDiagonalM) + 0.05;
      if (index.cellState[c] !== BOUNDARY) index.cellClearanceM[c] = Math.max(0, nearest - halfDiagonalM - slack);
      index.cellMarginLowM[c] = margin - halfDiagonalM - slack;
      index.cellMarginHighM[c] = margin + halfDiagonalM + slack;
    }
  }
  index.candidateStart[nx * ny] = candidates.length;
  index.candidateEdges = Uint32Array.from(candidates);
}

/** Splits each boundary cell into SUB×SUB sub-cells and settles those no edge passes through. */
function fillSubCells(index: ZoneIndex): void {
  const { nx, ny, west, south, cellW, cellH, cellState, cellStart, cellEdges } = index;
  const subW = cellW / SUB;
  const subH = cellH / SUB;
  const states: number[] = [];
  for (let j = 0; j < ny; j++)
    for (let i = 0; i < nx; i++) {
      const c = j * nx + i;
      if (cellState[c] !== BOUNDARY) continue;
      index.cellSub[c] = states.length;
      for (let sj = 0; sj < SUB; sj++)
        for (let si = 0; si < SUB; si++) {
          const x0 = west + i * cellW + si * subW;
          const y0 = south + j * cellH + sj * subH;
          let touched = false;
          for (let k = cellStart[c] as number, end = cellStart[c + 1] as number; k < end && !touched; k++) {
            const e = cellEdges[k] as number;
            touched = segmentTouchesBox(
              index.ax[e] as number,
              index.ay[e] as number,
              index.bx[e] as number,
              index.by[e] as number,
              x0 - EPS,
              y0 - EPS,
              x0 + subW + EPS,
              y0 + subH + EPS,
            );
          }
          states.push(touched ? BOUNDARY : crossingParity(index, j, x0 + subW / 2, y0 + subH / 2) ? INSIDE : OUTSIDE);
        }
    }
  index.subStates = Uint8Array.from(states);
}

/** Crossing-number parity (PNPOLY, W. Randolph Franklin) against the edges listed for row j. */
export function crossingParity(index: ZoneIndex, row: number, x: number, y: number): boolean {
  const { ax, ay, bx, by, rowEdges } = index;
  let inside = false;
  for (let k = index.rowStart[row] as number, end = index.rowStart[row + 1] as number; k < end; k++) {
    const e = rowEdges[k] as number;
    const y0 = ay[e] as number;
    const y1 = by[e] as number;
    if (y0 > y !== y1 > y) {
      const x0 = ax[e] as number;
      const xCross = x0 + ((y - y0) * ((bx[e] as number) - x0)) / (y1 - y0);
      if (x < xCross) inside = !inside;
    }
  }
  return inside;
}

/** Liang–Barsky: does segment (x0,y0)–(x1,y1) meet the box [bx0,bx1]×[by0,by1]? */
function segmentTouchesBox(
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  bx0: number,
  by0: number,
  bx1: number,
  by1: number,
): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = x1 - x0;
  const dy = y1 - y0;
  const checks: [number, number][] = [
    [-dx, x0 - bx0],
    [dx, bx1 - x0],
    [-dy, y0 - by0],
    [dy, by1 - y0],
  ];
  for (const [p, q] of checks) {
    if (p === 0) {
      if (q < 0) return false;
    } else {
      const t = q / p;
      if (p < 0) {
        if (t > t1) return false;
        if (t > t0) t0 = t;
      } else {
        if (t < t0) return false;
        if (t < t1) t1 = t;
      }
    }
  }
  return true;
}

/** A fresh stamp value for de-duplicating edges during one search (wraps safely). */
export function nextStamp(index: ZoneIndex): number {
  if (index.stampCounter.value >= 0xfffffffe) {
    index.stamp.fill(0);
    index.stampCounter.value = 0;
  }
  return ++index.stampCounter.value;
}

/** Clamps n into [lo, hi]. */
export function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}
