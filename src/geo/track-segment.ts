/**
 * What one segment of a track meets: the boundary edges it crosses (found through the cells it passes, each
 * edge once), and whether it passes within some edge's uncertainty band without crossing (found through
 * the edge tree). Used by analyse-route.ts.
 */
import { BOUNDARY } from './cell-states.ts';
import { someEdgeInBox } from './edge-tree.ts';
import { metresPerDegree } from './ellipsoid.ts';
import { nextStamp, type ZoneIndex } from './zone-index.ts';

/** Where a segment meets an edge: the parameter along the segment and the edge. */
export interface Cut {
  t: number;
  edge: number;
}

/** Shared empty result: most segments cross nothing. Never pushed to. */
const NO_CUTS: Cut[] = [];

/** Parameters t ∈ (0, 1] where the segment meets boundary edges, sorted, duplicates (shared vertices) merged. */
export function segmentCuts(index: ZoneIndex, x0: number, y0: number, x1: number, y1: number): Cut[] {
  const { nx, ny, west, south, cellW, cellH, cellState, cellStart, cellEdges, stamp } = index;
  const i0 = Math.max(0, Math.floor((Math.min(x0, x1) - west) / cellW));
  const i1 = Math.min(nx - 1, Math.floor((Math.max(x0, x1) - west) / cellW));
  const j0 = Math.max(0, Math.floor((Math.min(y0, y1) - south) / cellH));
  const j1 = Math.min(ny - 1, Math.floor((Math.max(y0, y1) - south) / cellH));
  if (i0 > i1 || j0 > j1) return NO_CUTS;
  let q = -1;
  let cuts: Cut[] = NO_CUTS;
  const dx = x1 - x0;
  const dy = y1 - y0;
  for (let j = j0; j <= j1; j++)
    for (let i = i0; i <= i1; i++) {
      const c = j * nx + i;
      if (cellState[c] !== BOUNDARY) continue;
      if (q < 0) q = nextStamp(index);
      for (let k = cellStart[c] as number, end = cellStart[c + 1] as number; k < end; k++) {
        const e = cellEdges[k] as number;
        if (stamp[e] === q) continue;
        stamp[e] = q;
        const ex = (index.ax[e] as number) - x0;
        const ey = (index.ay[e] as number) - y0;
        const fx = (index.bx[e] as number) - (index.ax[e] as number);
        const fy = (index.by[e] as number) - (index.ay[e] as number);
        const denom = dx * fy - dy * fx;
        if (denom === 0) continue; // parallel: collinear overlaps are handled by the midpoint states
        const t = (ex * fy - ey * fx) / denom;
        const u = (ex * dy - ey * dx) / denom;
        if (t > 0 && t <= 1 && u >= 0 && u <= 1) {
          if (cuts === NO_CUTS) cuts = [];
          cuts.push({ t, edge: e });
        }
      }
    }
  if (cuts.length < 2) return cuts;
  cuts.sort((p, r) => p.t - r.t);
  return cuts.filter((c, k) => k === 0 || c.t - (cuts[k - 1] as Cut).t > 1e-12);
}

/** Does a segment with no crossing pass within an edge's uncertainty (+ accuracy) of the line? Exact:
 *  the closest approach of two non-crossing segments is at one of their four endpoints. */
export function segmentNearLine(
  index: ZoneIndex,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  segmentM: number,
  threshold: number,
  accuracyM: number,
): boolean {
  // Every point of the segment is within segmentM of its start: the start cell's margin bound may settle it;
  // off the grid, the gap between the segment's box and the edges' box may.
  const c = cellOf(index, x0, y0);
  if (c >= 0 && (index.cellMarginLowM[c] as number) - segmentM > accuracyM) return false;
  if (c < 0 && boxGapM(index, Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1)) > threshold)
    return false;
  const { kx, ky } = metresPerDegree((y0 + y1) / 2);
  const padX = threshold / kx;
  const padY = threshold / ky;
  const minX = Math.min(x0, x1) - padX;
  const maxX = Math.max(x0, x1) + padX;
  const minY = Math.min(y0, y1) - padY;
  const maxY = Math.max(y0, y1) + padY;
  // Only edges whose leaf box meets the segment's box padded by the widest band can come that close.
  return someEdgeInBox(index.tree, index.edgeCount, minX, minY, maxX, maxY, (e) => {
    const ax = index.ax[e] as number;
    const ay = index.ay[e] as number;
    const bx = index.bx[e] as number;
    const by = index.by[e] as number;
    if (Math.max(ax, bx) < minX || Math.min(ax, bx) > maxX || Math.max(ay, by) < minY || Math.min(ay, by) > maxY)
      return false;
    const d = Math.min(
      pointSegment(x0, y0, ax, ay, bx, by, kx, ky),
      pointSegment(x1, y1, ax, ay, bx, by, kx, ky),
      pointSegment(ax, ay, x0, y0, x1, y1, kx, ky),
      pointSegment(bx, by, x0, y0, x1, y1, kx, ky),
    );
    return d - (index.edgeUncertainty[e] as number) - accuracyM <= 0;
  });
}

function pointSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number, kx: number, ky: number) {
  const ux = (ax - px) * kx;
  const uy = (ay - py) * ky;
  const vx = (bx - ax) * kx;
  const vy = (by - ay) * ky;
  const len2 = vx * vx + vy * vy;
  const t = len2 > 0 ? Math.min(1, Math.max(0, -(ux * vx + uy * vy) / len2)) : 0;
  return Math.hypot(ux + t * vx, uy + t * vy);
}

/** The grid cell of a point, or -1 outside the grid. */
export function cellOf(index: ZoneIndex, x: number, y: number): number {
  if (!(x >= index.west && x <= index.east && y >= index.south && y <= index.north)) return -1;
  const i = Math.min(index.nx - 1, Math.floor((x - index.west) / index.cellW));
  const j = Math.min(index.ny - 1, Math.floor((y - index.south) / index.cellH));
  return j * index.nx + i;
}

/** Lower bound (m) on the distance between a lng/lat box and every edge of the zone (0 when they overlap). */
export function boxGapM(index: ZoneIndex, minX: number, minY: number, maxX: number, maxY: number): number {
  const b = index.tree.boxes;
  const root = b.length - 4;
  const dx = Math.max((b[root] as number) - maxX, minX - (b[root + 2] as number), 0) * index.kxMin;
  const dy = Math.max((b[root + 1] as number) - maxY, minY - (b[root + 3] as number), 0) * index.kyMin;
  return Math.hypot(dx, dy) * 0.999;
}
