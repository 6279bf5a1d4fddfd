/**
 * Finer "near / not near" bounds where the cell bounds (distance-bounds.ts) leave the question open.
 *
 * The cell bounds come from a chamfer transform between cell centres, so they are loose by about two
 * half-diagonals of a cell either way: along the line a band ~300 m wide stays undecided, and every point in
 * it took the exact search (6.5 % of random points on the 5,000-vertex zone, most of the batch's time).
 * Here each such cell is cut into MSUB × MSUB sub-cells (2 × 2: each costs a search at build time), and the
 * margin m = min over edges of (distance − uncertainty) is measured exactly at each sub-cell's centre q. m is
 * 1-Lipschitz (a minimum of distances less constants), so for every point p of the sub-cell
 * m(q) − hs ≤ m(p) ≤ m(q) + hs, hs the sub-cell's half-diagonal: a band MSUB times narrower. Slack: the
 * query measures in the metric of its own latitude, not q's (relatively ~1e-5 apart within a cell), so 0.1 %
 * of the distances involved (|m| plus the largest uncertainty) and 5 cm are added.
 *
 * m(q) comes from a branch-and-bound search of the edge tree from the cell's seed edge (near-edges.ts), so
 * the sub-cells must be filled after the seeds.
 */
import { smallestMargin } from './near-edges.ts';
import { SEED_MIN_EDGES } from './nearest-seeds.ts';
import type { ZoneIndex } from './zone-index.ts';

/** Sub-cells per side of a cell with margin sub-cells. */
export const MSUB = 2;

/** A cell gets sub-cells when its bounds leave "near" open for some accuracy from 0 to this (m): GPS fixes
 *  and typed points; a coarser accuracy falls back to the cell bounds and the exact search, as before. */
export const REFINE_ACCURACY_M = 30;

/** Fills index.cellMarginSub, subMarginLowM and subMarginHighM (after fillDistanceBounds and the seeds). */
export function fillMarginSubCells(index: ZoneIndex): void {
  const { nx, ny, west, south, cellW, cellH, cellMarginLowM: low, cellMarginHighM: high } = index;
  const cells = nx * ny;
  const offsets = index.cellMarginSub;
  // Small zones keep none, as they keep no seeds: their exact search is short, and the embedded zone's cold
  // build (before the app's first answer) stays as fast as it was (it would double: 2,421 cells refined).
  if (index.edgeCount < SEED_MIN_EDGES) return;
  let count = 0;
  for (let c = 0; c < cells; c++)
    if ((low[c] as number) <= REFINE_ACCURACY_M && (high[c] as number) > 0) offsets[c] = MSUB * MSUB * count++;
  const subLow = new Float32Array(count * MSUB * MSUB);
  const subHigh = new Float32Array(count * MSUB * MSUB);
  index.subMarginLowM = subLow;
  index.subMarginHighM = subHigh;
  // Half-diagonal of a sub-cell in the grid's largest metric, with 0.1 % for the query's own scale.
  const hs = (Math.hypot(cellW * index.kxMax, cellH * index.kyMax) / 2 / MSUB) * 1.001;
  for (let j = 0, c = 0; j < ny; j++)
    for (let i = 0; i < nx; i++, c++) {
      const offset = offsets[c] as number;
      if (offset < 0) continue;
      for (let sj = 0; sj < MSUB; sj++)
        for (let si = 0; si < MSUB; si++) {
          const m = smallestMargin(
            index,
            west + (i + (si + 0.5) / MSUB) * cellW,
            south + (j + (sj + 0.5) / MSUB) * cellH,
          );
          const slack = hs + 0.001 * ((m < 0 ? -m : m) + index.maxUncertaintyM) + 0.05;
          const k = offset + sj * MSUB + si;
          subLow[k] = Math.max(low[c] as number, m - slack);
          subHigh[k] = Math.min(high[c] as number, m + slack);
        }
    }
}

/** The sub-cell index (into subMarginLowM / HighM) of (x, y) in cell c = (i, j), or -1 when c has none. */
export function marginSubCell(index: ZoneIndex, c: number, i: number, j: number, x: number, y: number): number {
  const offset = index.cellMarginSub[c] as number;
  if (offset < 0) return -1;
  const si = Math.min(MSUB - 1, Math.max(0, Math.floor(((x - index.west) / index.cellW - i) * MSUB)));
  const sj = Math.min(MSUB - 1, Math.max(0, Math.floor(((y - index.south) / index.cellH - j) * MSUB)));
  return offset + sj * MSUB + si;
}
