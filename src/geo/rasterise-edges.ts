/**
 * Which grid cells (and which sub-cells of boundary cells) each edge passes through. An edge is walked column
 * by column: within one column the segment spans exactly the y-range between its ends clipped to the column,
 * so only the cells it meets are visited (a long diagonal edge costs its length in cells, not its bbox's
 * area). Boxes are padded by EPS (~0.1 mm), so an edge on a cell border is listed on both sides and a cell
 * with no edge really has none within EPS: its state is the same at every point of it.
 */
import { BOUNDARY, EPS, SUB } from './cell-states.ts';
import type { ZoneIndex } from './zone-index.ts';

/** Calls visit(i, j) for each cell of an nx × ny grid of w × h cells from (west, south) that the segment
 *  (x0, y0)–(x1, y1) meets, cells padded by eps. */
export function forEachCellOfSegment(
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  west: number,
  south: number,
  w: number,
  h: number,
  nx: number,
  ny: number,
  visit: (i: number, j: number) => void,
): void {
  if (x1 < x0) {
    const tx = x0;
    const ty = y0;
    x0 = x1;
    y0 = y1;
    x1 = tx;
    y1 = ty;
  }
  const dx = x1 - x0;
  const dy = y1 - y0;
  const i0 = clamp(Math.floor((x0 - EPS - west) / w), 0, nx - 1);
  const i1 = clamp(Math.floor((x1 + EPS - west) / w), 0, nx - 1);
  for (let i = i0; i <= i1; i++) {
    let ya = y0;
    let yb = y1;
    if (dx > 0) {
      // The part of the segment inside the padded column [xa, xb].
      const ta = Math.max(0, (west + i * w - EPS - x0) / dx);
      const tb = Math.min(1, (west + (i + 1) * w + EPS - x0) / dx);
      if (ta > tb) continue;
      ya = y0 + ta * dy;
      yb = y0 + tb * dy;
    }
    const j0 = clamp(Math.floor((Math.min(ya, yb) - EPS - south) / h), 0, ny - 1);
    const j1 = clamp(Math.floor((Math.max(ya, yb) + EPS - south) / h), 0, ny - 1);
    for (let j = j0; j <= j1; j++) visit(i, j);
  }
}

/** Lists each edge in the cells it passes through (cellStart / cellEdges, CSR) and marks those cells BOUNDARY. */
export function fillCellEdges(index: ZoneIndex): void {
  const { nx, ny, west, south, cellW, cellH, ax, ay, bx, by, cellStart, cellState } = index;
  const cells = nx * ny;
  const count = new Uint32Array(cells + 1);
  let edge = 0;
  const countCell = (i: number, j: number) => {
    const c = j * nx + i;
    count[c] = (count[c] as number) + 1;
  };
  for (let e = 0; e < index.edgeCount; e++)
    forEachCellOfSegment(
      ax[e] as number,
      ay[e] as number,
      bx[e] as number,
      by[e] as number,
      west,
      south,
      cellW,
      cellH,
      nx,
      ny,
      countCell,
    );
  let at = 0;
  for (let c = 0; c < cells; c++) {
    cellStart[c] = at;
    at += count[c] as number;
    if ((count[c] as number) > 0) cellState[c] = BOUNDARY;
  }
  cellStart[cells] = at;
  const cellEdges = new Uint32Array(at);
  const fill = count; // reused as the write cursor of each cell
  fill.set(cellStart.subarray(0, cells));
  const put = (i: number, j: number) => {
    const c = j * nx + i;
    cellEdges[fill[c] as number] = edge;
    fill[c] = (fill[c] as number) + 1;
  };
  for (edge = 0; edge < index.edgeCount; edge++)
    forEachCellOfSegment(
      ax[edge] as number,
      ay[edge] as number,
      bx[edge] as number,
      by[edge] as number,
      west,
      south,
      cellW,
      cellH,
      nx,
      ny,
      put,
    );
  index.cellEdges = cellEdges;
}

/** Gives each boundary cell SUB×SUB sub-cells and marks BOUNDARY those an edge passes through (the others
 *  are left at 255 for scan-cell-states.ts to settle). */
export function markSubCells(index: ZoneIndex): void {
  const { nx, ny, west, south, cellW, cellH, ax, ay, bx, by, cellState, cellSub } = index;
  let blocks = 0;
  for (let c = 0; c < nx * ny; c++) if (cellState[c] === BOUNDARY) cellSub[c] = SUB * SUB * blocks++;
  const subStates = new Uint8Array(SUB * SUB * blocks).fill(255);
  const mark = (si: number, sj: number) => {
    const offset = cellSub[Math.floor(sj / SUB) * nx + Math.floor(si / SUB)] as number;
    // A sub-cell touched within eps of its parent's border may belong to a cell the coarse walk did not
    // list (rounding at 1e-16); that cell has no sub-cells and needs none.
    if (offset >= 0) subStates[offset + (sj % SUB) * SUB + (si % SUB)] = BOUNDARY;
  };
  for (let e = 0; e < index.edgeCount; e++)
    forEachCellOfSegment(
      ax[e] as number,
      ay[e] as number,
      bx[e] as number,
      by[e] as number,
      west,
      south,
      cellW / SUB,
      cellH / SUB,
      nx * SUB,
      ny * SUB,
      mark,
    );
  index.subStates = subStates;
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}
