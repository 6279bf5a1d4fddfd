/**
 * Point location against a zone index: inside, outside, or exactly on the boundary. Cheap things first
 * (Turf's bbox rejection): the zone's bbox, then the cell's precomputed state, then the sub-cell's, and only
 * in a sub-cell an edge passes through the exact tests: on an edge, then the crossing number (PNPOLY, W.
 * Randolph Franklin) of a ray to the right, counted cell by cell along the row until a cell no edge passes
 * through, whose known state stands for everything beyond it.
 */
import { BOUNDARY, INSIDE, OUTSIDE, SUB } from './cell-states.ts';
import type { ZoneIndex } from './zone-index.ts';

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
  return exactLocation(index, c, i, x, y);
}

/** The exact test for a point in boundary cell c (column i). */
export function exactLocation(index: ZoneIndex, c: number, i: number, x: number, y: number): 0 | 1 | 3 {
  const { ax, ay, bx, by, cellEdges, cellStart, cellState, nx, west, cellW } = index;
  for (let s = cellStart[c] as number, end = cellStart[c + 1] as number; s < end; s++) {
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
  // Crossings right of x, each counted in the one cell whose column [left, right) holds it: the edge is
  // listed there, since the crossing point lies in that cell (padded by EPS).
  let inside = false;
  let col = i;
  let k = c;
  let left = -Infinity;
  for (;;) {
    const right = col + 1 < nx ? west + (col + 1) * cellW : Infinity;
    for (let s = cellStart[k] as number, end = cellStart[k + 1] as number; s < end; s++) {
      const e = cellEdges[s] as number;
      const y0 = ay[e] as number;
      const y1 = by[e] as number;
      if (y0 > y !== y1 > y) {
        const x0 = ax[e] as number;
        const xCross = x0 + ((y - y0) * ((bx[e] as number) - x0)) / (y1 - y0);
        if (x < xCross && xCross >= left && xCross < right) inside = !inside;
      }
    }
    col++;
    k++;
    // Past the grid there is no edge; a cell with none has one state, which is the parity of the rest.
    if (col >= nx) return inside ? INSIDE : OUTSIDE;
    const state = cellState[k];
    if (state !== BOUNDARY) return (state === INSIDE) !== inside ? INSIDE : OUTSIDE;
    left = right;
  }
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
