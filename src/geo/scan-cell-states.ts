/**
 * Inside or outside, for every cell and sub-cell no edge passes through, read off horizontal scanlines: one
 * through the middle of each sub-row. Each edge adds its crossing with every scanline it spans (the same
 * half-open test and formula as the crossing-number test in locate-point.ts, W. Randolph Franklin's PNPOLY),
 * each scanline's crossings are sorted once, and a point on the line is inside when an odd number of
 * crossings lies to its right. A cell with no edge has one state throughout, so its centre's answer is the
 * cell's. Time: O(cells + sub-cells of boundary cells + crossings · log), instead of a parity test over a
 * row's edges for every cell.
 */
import { BOUNDARY, INSIDE, OUTSIDE, SUB } from './cell-states.ts';
import type { ZoneIndex } from './zone-index.ts';

/** Sets cellState for every non-boundary cell and subStates for every untouched sub-cell. */
export function scanCellStates(index: ZoneIndex): void {
  const { nx, ny, west, south, cellW, cellH, ax, ay, bx, by, cellState, cellSub, subStates } = index;
  const lines = ny * SUB;
  const subH = cellH / SUB;
  const subW = cellW / SUB;
  const lineY = (k: number) => south + (k + 0.5) * subH;
  // Scanlines each edge spans: lineY(k) in [min(ay, by), max(ay, by)), i.e. (ay > y) !== (by > y).
  const firstLine = (lo: number) => {
    let k = Math.max(0, Math.min(lines, Math.ceil((lo - south) / subH - 0.5)));
    while (k > 0 && lineY(k - 1) >= lo) k--;
    while (k < lines && lineY(k) < lo) k++;
    return k;
  };
  const start = new Uint32Array(lines + 1);
  for (let e = 0; e < index.edgeCount; e++) {
    const y0 = ay[e] as number;
    const y1 = by[e] as number;
    const to = firstLine(Math.max(y0, y1));
    for (let k = firstLine(Math.min(y0, y1)); k < to; k++) start[k + 1] = (start[k + 1] as number) + 1;
  }
  for (let k = 0; k < lines; k++) start[k + 1] = (start[k + 1] as number) + (start[k] as number);
  const xs = new Float64Array(start[lines] as number);
  const cursor = start.slice(0, lines);
  for (let e = 0; e < index.edgeCount; e++) {
    const x0 = ax[e] as number;
    const y0 = ay[e] as number;
    const y1 = by[e] as number;
    const to = firstLine(Math.max(y0, y1));
    for (let k = firstLine(Math.min(y0, y1)); k < to; k++) {
      const y = lineY(k);
      xs[cursor[k] as number] = x0 + ((y - y0) * ((bx[e] as number) - x0)) / (y1 - y0);
      cursor[k] = (cursor[k] as number) + 1;
    }
  }
  const boundaryColumns = new Int32Array(nx);
  for (let j = 0; j < ny; j++) {
    let columns = 0;
    for (let i = 0; i < nx; i++) if (cellState[j * nx + i] === BOUNDARY) boundaryColumns[columns++] = i;
    for (let sj = 0; sj < SUB; sj++) {
      const line = j * SUB + sj;
      const from = start[line] as number;
      const to = start[line + 1] as number;
      sortRange(xs, from, to);
      if (sj === 0) {
        // Cells with no edge: their centre, on this scanline.
        let passed = from;
        for (let i = 0; i < nx; i++) {
          const c = j * nx + i;
          if (cellState[c] === BOUNDARY) continue;
          const x = west + (i + 0.5) * cellW;
          while (passed < to && (xs[passed] as number) <= x) passed++;
          cellState[c] = (to - passed) & 1 ? INSIDE : OUTSIDE;
        }
      }
      let passed = from;
      for (let b = 0; b < columns; b++) {
        const i = boundaryColumns[b] as number;
        const offset = (cellSub[j * nx + i] as number) + sj * SUB;
        for (let si = 0; si < SUB; si++) {
          if (subStates[offset + si] === BOUNDARY) continue;
          const x = west + (i * SUB + si + 0.5) * subW;
          while (passed < to && (xs[passed] as number) <= x) passed++;
          subStates[offset + si] = (to - passed) & 1 ? INSIDE : OUTSIDE;
        }
      }
    }
  }
}

/** Sorts xs[from..to) ascending: insertion sort for the few crossings a scanline usually has. */
function sortRange(xs: Float64Array, from: number, to: number): void {
  if (to - from > 32) {
    xs.subarray(from, to).sort();
    return;
  }
  for (let k = from + 1; k < to; k++) {
    const v = xs[k] as number;
    let at = k;
    while (at > from && (xs[at - 1] as number) > v) {
      xs[at] = xs[at - 1] as number;
      at--;
    }
    xs[at] = v;
  }
}
