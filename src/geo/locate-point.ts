/**
 * Point location against a zone index: inside, outside, or exactly on the boundary. Cheap things first
 * (Turf's bbox rejection): the zone's bbox, then the cell's precomputed state, and only in boundary cells the
 * exact tests (on-edge, then crossing parity over the row's edges).
 */
import { BOUNDARY, crossingParity, INSIDE, OUTSIDE, SUB, type ZoneIndex } from './zone-index.ts';

/** Returned by locatePoint for a point exactly on an edge. */
export const ON_BOUNDARY = 3;

/** OUTSIDE (0), INSIDE (1) or ON_BOUNDARY (3). NaN coordinates are OUTSIDE; validate input before. */
export function locatePoint(index: ZoneIndex, x: number, y: number): 0 | 1 | 3 {
  if (!(x >= index.west && x <= index.east && y >= index.south && y <= index.north)) return OUTSIDE;
  const i = Math.min(index.nx - 1, Math.floor((x - index.west) / index.cellW));
  const j = Math.min(index.ny - 1, Math.floor((y - index.south) / index.cellH));
  const c = j * index.nx + i;
  const state = index.cellState[c];
  if (state !== BOUNDARY) return state === INSIDE ? INSIDE : OUTSIDE;
  const sub = subState(index, c, x, y, i, j);
  if (sub !== BOUNDARY) return sub === INSIDE ? INSIDE : OUTSIDE;
  const { ax, ay, bx, by, cellEdges } = index;
  for (let s = index.cellStart[c] as number, end = index.cellStart[c + 1] as number; s < end; s++) {
    const e = cellEdges[s] as number;
    const x0 = ax[e] as number;
    const y0 = ay[e] as number;
    const x1 = bx[e] as number;
    const y1 = by[e] as number;
    // Exactly collinear and within the segment's box: on the boundary (counts as inside).
    if ((x1 - x0) * (y - y0) - (y1 - y0) * (x - x0) === 0) {
      if (x >= Math.min(x0, x1) && x <= Math.max(x0, x1) && y >= Math.min(y0, y1) && y <= Math.max(y0, y1))
        return ON_BOUNDARY;
    }
  }
  return crossingParity(index, j, x, y) ? INSIDE : OUTSIDE;
}

/** The state of the sub-cell holding (x, y) in boundary cell c = (i, j). */
export function subState(index: ZoneIndex, c: number, x: number, y: number, i: number, j: number): number {
  const si = Math.min(SUB - 1, Math.max(0, Math.floor(((x - index.west) / index.cellW - i) * SUB)));
  const sj = Math.min(SUB - 1, Math.max(0, Math.floor(((y - index.south) / index.cellH - j) * SUB)));
  return index.subStates[(index.cellSub[c] as number) + sj * SUB + si] as number;
}

/** True when the point is inside the zone or on its boundary (the notice's roads are the line). */
export function isInside(index: ZoneIndex, x: number, y: number): boolean {
  return locatePoint(index, x, y) !== OUTSIDE;
}

/** Lower bound (m) on the point's distance to the boundary, from its cell; 0 where unknown. */
export function clearanceAt(index: ZoneIndex, x: number, y: number): number {
  if (!(x >= index.west && x <= index.east && y >= index.south && y <= index.north)) return 0;
  const i = Math.min(index.nx - 1, Math.floor((x - index.west) / index.cellW));
  const j = Math.min(index.ny - 1, Math.floor((y - index.south) / index.cellH));
  return index.cellClearanceM[j * index.nx + i] as number;
}
