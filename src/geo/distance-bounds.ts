/**
 * Per cell, bounds in metres that settle most "near / not near" questions (and skip distance work far from the
 * line), computed in O(cells) by propagating from the boundary cells instead of measuring every edge from
 * every cell (which made the build O(cells × edges): 5 s for 400 edges).
 *
 * Every boundary point lies in some boundary cell b, and every edge e through b has uncertainty ≤ U(b), the
 * largest in b. For a point p in cell c, with cell centres Cc, Cb and h the largest half-diagonal of a cell:
 *   distance(p, boundary) − u(e) ≥ |Cc − Cb| − 2h − U(b)   for the edge e nearest p, and
 *   min over e of (distance(p, e) − u(e)) ≤ |Cc − Cb| + 2h − U(b)   for every b (take b's most uncertain edge).
 * So min over b of (|Cc − Cb| − U(b)) bounds the margin both ways. Two raster passes of a chamfer distance
 * transform (Rosenfeld & Pfaltz 1966; Borgefors 1986) give that minimum exactly for a chamfer metric, from
 * sources weighted −U(b): one metric that never exceeds the euclidean distance between centres (steps
 * s·cos 22.5° and s·(cos 22.5° + sin 22.5°), s the smallest cell side), for the lower bounds, and one that
 * never falls below it (steps S and S·√2, S the largest side), for the upper bound.
 */
import { BOUNDARY } from './cell-states.ts';
import type { ZoneIndex } from './zone-index.ts';

/** Fills cellMarginLowM and cellMarginHighM. */
export function fillDistanceBounds(index: ZoneIndex): void {
  const { nx, ny, cellState, cellStart, cellEdges, edgeUncertainty } = index;
  const cells = nx * ny;
  const sLow = Math.min(index.cellW * index.kxMin, index.cellH * index.kyMin);
  const sHigh = Math.max(index.cellW * index.kxMax, index.cellH * index.kyMax);
  const h = Math.hypot(index.cellW * index.kxMax, index.cellH * index.kyMax) / 2;
  // Large but finite: Infinity + step is fine too, but a finite start keeps the loops on plain doubles.
  const low = new Float64Array(cells).fill(1e300);
  const high = new Float64Array(cells).fill(1e300);
  for (let c = 0; c < cells; c++) {
    if (cellState[c] !== BOUNDARY) continue;
    let u = 0;
    for (let k = cellStart[c] as number, end = cellStart[c + 1] as number; k < end; k++)
      u = Math.max(u, edgeUncertainty[cellEdges[k] as number] as number);
    low[c] = -u;
    high[c] = -u;
  }
  const cos = Math.cos(Math.PI / 8);
  const sin = Math.sin(Math.PI / 8);
  propagate(low, high, nx, ny, sLow * cos, sLow * (cos + sin), sHigh, sHigh * Math.SQRT2);
  // 0.1% + 5 cm of slack: planar distances are taken at the query's latitude, bounds are float32.
  const lowOut = index.cellMarginLowM;
  const highOut = index.cellMarginHighM;
  const reach = 2 * h;
  for (let c = 0; c < cells; c++) {
    const l = low[c] as number;
    const hi = high[c] as number;
    lowOut[c] = l - reach - 0.001 * ((l < 0 ? -l : l) + reach) - 0.05;
    highOut[c] = hi + reach + 0.001 * ((hi < 0 ? -hi : hi) + reach) + 0.05;
  }
}

/** Two-pass chamfer transform in place, of two grids at once (one loop, half the overhead): lo[c] = min over
 *  cells b of (lo[b] + chamfer length from b to c) with steps loAxis / loDiagonal per horizontal or vertical /
 *  diagonal step, and likewise hi with hiAxis / hiDiagonal. */
function propagate(
  lo: Float64Array,
  hi: Float64Array,
  nx: number,
  ny: number,
  loAxis: number,
  loDiagonal: number,
  hiAxis: number,
  hiDiagonal: number,
): void {
  // Plain comparisons, not Math.min: these loops run over every cell.
  for (let pass = 0; pass < 2; pass++) {
    // Forward: from the west and the previous row; backward: from the east and the next row.
    const forward = pass === 0;
    const di = forward ? -1 : 1;
    const dj = forward ? -nx : nx;
    for (let jj = 0; jj < ny; jj++) {
      const j = forward ? jj : ny - 1 - jj;
      const hasRow = forward ? j > 0 : j + 1 < ny;
      for (let ii = 0; ii < nx; ii++) {
        const i = forward ? ii : nx - 1 - ii;
        const c = j * nx + i;
        const hasSide = forward ? i > 0 : i + 1 < nx;
        const hasOther = forward ? i + 1 < nx : i > 0;
        let a = lo[c] as number;
        let b = hi[c] as number;
        let w = 0;
        if (hasSide) {
          w = (lo[c + di] as number) + loAxis;
          if (w < a) a = w;
          w = (hi[c + di] as number) + hiAxis;
          if (w < b) b = w;
        }
        if (hasRow) {
          const r = c + dj;
          w = (lo[r] as number) + loAxis;
          if (w < a) a = w;
          w = (hi[r] as number) + hiAxis;
          if (w < b) b = w;
          if (hasSide) {
            w = (lo[r + di] as number) + loDiagonal;
            if (w < a) a = w;
            w = (hi[r + di] as number) + hiDiagonal;
            if (w < b) b = w;
          }
          if (hasOther) {
            w = (lo[r - di] as number) + loDiagonal;
            if (w < a) a = w;
            w = (hi[r - di] as number) + hiDiagonal;
            if (w < b) b = w;
          }
        }
        lo[c] = a;
        hi[c] = b;
      }
    }
  }
}
