/**
 * The index over one zone for the hot paths (point in zone, inside / outside / near, boundary distance, track
 * crossings), built in time linear in the edges and the cells (decision 0005):
 *
 * - a uniform grid over the zone's bbox padded 25 %: each edge is listed in the cells its segment passes
 *   through (rasterise-edges.ts), so a cell with no edge lies wholly on one side of the boundary; boundary
 *   cells are split into SUB×SUB sub-cells, most of which no edge touches either;
 * - the state (inside / outside) of every other cell and sub-cell, read off scanlines (scan-cell-states.ts);
 * - per cell, bounds in metres on the distance to the line and on distance − uncertainty, propagated from the
 *   boundary cells (distance-bounds.ts), which settle "near / not near" for most points without edges, and
 *   finer bounds on sub-cells of the cells along the band they leave open (margin-sub-cells.ts);
 * - a bounding-volume hierarchy over the edges (edge-tree.ts) for the exact nearest-edge search, and per cell
 *   an edge near its centre for that search to start from (nearest-seeds.ts).
 *
 * Same idea as the uniform-grid point-location schemes in O'Rourke, Computational Geometry in C (2nd ed.,
 * §7.9), laid out in typed arrays as flatbush does.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import { invalidArgument } from '../errors.ts';
import { fillDistanceBounds } from './distance-bounds.ts';
import { buildEdgeTree, type EdgeTree } from './edge-tree.ts';
import { metresPerDegree } from './ellipsoid.ts';
import { fillMarginSubCells } from './margin-sub-cells.ts';
import { fillNearestSeeds } from './nearest-seeds.ts';
import { fillCellEdges, markSubCells } from './rasterise-edges.ts';
import { scanCellStates } from './scan-cell-states.ts';
import { buildStartNodes, NO_START_NODES, type StartNodes } from './start-nodes.ts';
import { polygonsOf, type SideProvenance, type ZoneFeature, type ZoneStatus } from './zone.ts';

export { BOUNDARY, EPS, INSIDE, OUTSIDE, SUB } from './cell-states.ts';

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
  /** The same endpoints interleaved (ax, ay, bx, by per edge): one cache line holds two edges, for the
   *  nearest-edge search, whose reads are scattered. */
  segments: Float64Array;
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
  /** Edges passing through each cell, CSR: cell c lists cellEdges[cellStart[c] .. cellStart[c + 1]). */
  cellStart: Uint32Array;
  cellEdges: Uint32Array;
  /** Bounds (m) on min over edges of (distance − uncertainty) for any point of the cell: a point is near
   *  the line when that margin ≤ its accuracy, so low > accuracy settles "not near" and high ≤ accuracy
   *  settles "near" without looking at edges. */
  cellMarginLowM: Float32Array;
  cellMarginHighM: Float32Array;
  /** Per cell whose bounds leave "near" open at small accuracies, the offset of its MSUB×MSUB sub-cell
   *  margin bounds in subMarginLowM / subMarginHighM; -1 elsewhere (margin-sub-cells.ts). */
  cellMarginSub: Int32Array;
  subMarginLowM: Float32Array;
  subMarginHighM: Float32Array;
  /** Per boundary cell, the offset of its SUB×SUB sub-cell states in subStates; -1 elsewhere. Sub-cells
   *  settle most points of a boundary cell without the exact test. */
  cellSub: Int32Array;
  subStates: Uint8Array;
  /** The edges in a bounding-volume hierarchy, for nearest-edge searches. */
  tree: EdgeTree;
  /** Per cell, an edge near its centre (-1: none yet): where a nearest-edge search starts (nearest-seeds.ts). */
  cellSeed: Int32Array;
  /** Per block of cells, the tree nodes a nearest-edge search starts from (start-nodes.ts). */
  startNodes: StartNodes;
  /** Smallest metres-per-degree of longitude over the grid (for conservative lower bounds). */
  kxMin: number;
  /** Largest metres-per-degree of longitude over the grid. */
  kxMax: number;
  /** Metres per degree of latitude at the grid's middle, and its extremes over the grid. */
  ky: number;
  kyMin: number;
  kyMax: number;
  /** Scratch for de-duplicating edges during a search (edges sit in several cells). */
  stamp: Uint32Array;
  stampCounter: { value: number };
}

/** Options for building an index. */
export interface IndexOptions {
  /** Target number of cells; default scales with the edge count (12 per edge, 16,384 to 262,144). */
  cells?: number;
}

/** Builds the index for a zone Feature. The Feature is read, never modified. */
export function buildZoneIndex(zone: ZoneFeature, options: IndexOptions = {}): ZoneIndex {
  const sides = zone.properties.sides;
  const sideNumber = new Map(sides.map((s, i) => [s.id, i]));
  const edges = new EdgeList();
  polygonsOf(zone.geometry).forEach((rings, p) => {
    rings.forEach((ring, r) => {
      const described = zone.properties.rings?.find((d) => d.polygon === p && d.ring === r);
      for (let i = 0; i + 1 < ring.length; i++) {
        const edge = described?.vertices[i]?.edge;
        edges.add(
          ring[i] as number[],
          ring[i + 1] as number[],
          edge?.uncertaintyM ?? 0,
          edge ? (sideNumber.get(edge.side) ?? 0xffff) : 0xffff,
        );
      }
    });
  });
  const props = zone.properties;
  return buildFromEdges(edges, { id: props.id, version: props.version, status: props.status, sides }, options);
}

/** Builds an index for bare geometry (tests, synthetic zones, drawn shapes): uniform uncertainty. */
export function buildGeometryIndex(
  geometry: Polygon | MultiPolygon,
  uncertaintyM = 0,
  options: IndexOptions = {},
): ZoneIndex {
  const edges = new EdgeList();
  for (const rings of polygonsOf(geometry))
    for (const ring of rings)
      for (let i = 0; i + 1 < ring.length; i++)
        edges.add(ring[i] as number[], ring[i + 1] as number[], uncertaintyM, 0xffff);
  return buildFromEdges(edges, { id: 'geometry', version: '0', status: 'draft', sides: [] }, options);
}

/** Edges as they are read, before zero-length ones are dropped. */
class EdgeList {
  coords: number[] = [];
  uncertainty: number[] = [];
  side: number[] = [];
  add(a: number[], b: number[], uncertaintyM: number, side: number): void {
    this.coords.push(a[0] as number, a[1] as number, b[0] as number, b[1] as number);
    this.uncertainty.push(uncertaintyM);
    this.side.push(side);
  }
}

interface Meta {
  id: string;
  version: string;
  status: ZoneStatus;
  sides: SideProvenance[];
}

function buildFromEdges(edges: EdgeList, meta: Meta, options: IndexOptions): ZoneIndex {
  const { coords } = edges;
  const total = coords.length / 4;
  // Zero-length edges add nothing to the boundary and would divide by zero: drop them here.
  let n = 0;
  for (let e = 0; e < total; e++) {
    const ax = coords[4 * e] as number;
    const ay = coords[4 * e + 1] as number;
    const bx = coords[4 * e + 2] as number;
    const by = coords[4 * e + 3] as number;
    if (!(Number.isFinite(ax) && Number.isFinite(ay) && Number.isFinite(bx) && Number.isFinite(by)))
      throw invalidArgument(`edge ${e}`, [ax, ay, bx, by], 'finite numbers');
    if (ax !== bx || ay !== by) n++;
  }
  if (n < 3) throw invalidArgument('zone', n, 'a geometry with at least 3 edges');
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
  let maxUncertaintyM = 0;
  for (let e = 0, k = 0; e < total; e++) {
    const x0 = coords[4 * e] as number;
    const y0 = coords[4 * e + 1] as number;
    const x1 = coords[4 * e + 2] as number;
    const y1 = coords[4 * e + 3] as number;
    if (x0 === x1 && y0 === y1) continue;
    ax[k] = x0;
    ay[k] = y0;
    bx[k] = x1;
    by[k] = y1;
    edgeUncertainty[k] = edges.uncertainty[e] as number;
    edgeSide[k] = edges.side[e] as number;
    maxUncertaintyM = Math.max(maxUncertaintyM, edges.uncertainty[e] as number);
    west = Math.min(west, x0, x1);
    east = Math.max(east, x0, x1);
    south = Math.min(south, y0, y1);
    north = Math.max(north, y0, y1);
    k++;
  }
  // Pad the grid by 25% a side so that points near the zone, outside its bbox, still get O(1) answers;
  // beyond the grid the edge tree answers (near-edges.ts).
  const padX = (east - west) * 0.25 || 1e-3;
  const padY = (north - south) * 0.25 || 1e-3;
  west -= padX;
  east += padX;
  south -= padY;
  north += padY;
  const { kx, ky } = metresPerDegree((south + north) / 2);
  // Square cells in metres, about `cells` of them: enough that few points land in boundary cells and that a
  // boundary cell holds a few edges, few enough that building stays a few milliseconds per 1,000 edges.
  const target = options.cells ?? Math.min(262_144, Math.max(16_384, n * 12));
  const widthM = Math.max((east - west) * kx, 1);
  const heightM = Math.max((north - south) * ky, 1);
  const sizeM = Math.sqrt((widthM * heightM) / target);
  const nx = Math.max(1, Math.min(4096, Math.ceil(widthM / sizeM)));
  const ny = Math.max(1, Math.min(4096, Math.ceil(heightM / sizeM)));
  const cells = nx * ny;
  const absLats = [Math.abs(south), Math.abs(north)];
  const lowestAbs = south <= 0 && north >= 0 ? 0 : Math.min(...absLats);
  const highestAbs = Math.max(...absLats);
  const index: ZoneIndex = {
    ...meta,
    edgeCount: n,
    ax,
    ay,
    bx,
    by,
    segments: interleave(ax, ay, bx, by),
    edgeUncertainty,
    edgeSide,
    maxUncertaintyM,
    west,
    south,
    east,
    north,
    nx,
    ny,
    cellW: (east - west) / nx || 1e-9,
    cellH: (north - south) / ny || 1e-9,
    cellState: new Uint8Array(cells),
    cellStart: new Uint32Array(cells + 1),
    cellEdges: new Uint32Array(0),
    cellMarginLowM: new Float32Array(cells),
    cellMarginHighM: new Float32Array(cells),
    cellMarginSub: new Int32Array(cells).fill(-1),
    subMarginLowM: new Float32Array(0),
    subMarginHighM: new Float32Array(0),
    cellSub: new Int32Array(cells).fill(-1),
    subStates: new Uint8Array(0),
    tree: buildEdgeTree(ax, ay, bx, by, edgeUncertainty),
    cellSeed: new Int32Array(cells).fill(-1),
    startNodes: NO_START_NODES,
    kxMin: metresPerDegree(highestAbs).kx,
    kxMax: metresPerDegree(lowestAbs).kx,
    ky,
    kyMin: metresPerDegree(lowestAbs).ky,
    kyMax: metresPerDegree(highestAbs).ky,
    stamp: new Uint32Array(n),
    stampCounter: { value: 0 },
  };
  fillCellEdges(index);
  markSubCells(index);
  scanCellStates(index);
  fillDistanceBounds(index);
  fillNearestSeeds(index);
  fillMarginSubCells(index);
  index.startNodes = buildStartNodes(index);
  return index;
}

function interleave(ax: Float64Array, ay: Float64Array, bx: Float64Array, by: Float64Array): Float64Array {
  const out = new Float64Array(ax.length * 4);
  for (let e = 0; e < ax.length; e++) {
    out[4 * e] = ax[e] as number;
    out[4 * e + 1] = ay[e] as number;
    out[4 * e + 2] = bx[e] as number;
    out[4 * e + 3] = by[e] as number;
  }
  return out;
}

/** Bytes held by the index's typed arrays (what a zone costs in memory, and what a worker transfers). */
export function indexBytes(index: ZoneIndex): number {
  const { tree } = index;
  let bytes = tree.boxes.byteLength + tree.maxU.byteLength + tree.levelStart.byteLength + tree.oriented.box.byteLength;
  bytes += index.startNodes.start.byteLength + index.startNodes.nodes.byteLength;
  for (const value of Object.values(index)) if (ArrayBuffer.isView(value)) bytes += value.byteLength;
  return bytes;
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
