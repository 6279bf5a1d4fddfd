/**
 * Many points at once, from a flat Float64Array [lng0, lat0, lng1, lat1, …] into a Uint8Array: the hot
 * path for files of thousands to millions of points. One tight loop with no allocation; a point whose cell
 * is settled (inside, outside, or clear of / deep in the uncertainty band) costs a few array reads, and only
 * points in boundary or undecided cells take the exact path of locatePoint / classifyStatus.
 */
import { classifyStatus } from './classify-point.ts';
import { locatePoint } from './locate-point.ts';
import { BOUNDARY, INSIDE, OUTSIDE, SUB, type ZoneIndex } from './zone-index.ts';

/** Status codes written by classifyStatuses. */
export const STATUS_OUTSIDE = 0;
export const STATUS_INSIDE = 1;
export const STATUS_NEAR = 2;

/** out[i] = 1 when point i is inside or on the boundary, else 0. Returns `out`. */
export function locatePoints(index: ZoneIndex, coords: Float64Array, out: Uint8Array): Uint8Array {
  const { west, south, east, north, nx, ny, cellState, cellSub, subStates } = index;
  const invW = 1 / index.cellW;
  const invH = 1 / index.cellH;
  const n = coords.length >> 1;
  if (out.length < n) throw new RangeError(`out holds ${out.length} results, ${n} needed`);
  for (let i = 0; i < n; i++) {
    const x = coords[2 * i] as number;
    const y = coords[2 * i + 1] as number;
    if (x >= west && x <= east && y >= south && y <= north) {
      const ci = Math.min(nx - 1, ((x - west) * invW) | 0);
      const cj = Math.min(ny - 1, ((y - south) * invH) | 0);
      const c = cj * nx + ci;
      let state = cellState[c] as number;
      if (state === BOUNDARY) {
        const si = Math.min(SUB - 1, ((x - west) * invW - ci) * SUB) | 0;
        const sj = Math.min(SUB - 1, ((y - south) * invH - cj) * SUB) | 0;
        state = subStates[(cellSub[c] as number) + sj * SUB + si] as number;
        if (state === BOUNDARY) state = locatePoint(index, x, y) === OUTSIDE ? 0 : 1;
      }
      out[i] = state;
    } else out[i] = 0;
  }
  return out;
}

/** out[i] = STATUS_OUTSIDE | STATUS_INSIDE | STATUS_NEAR, the same answers as classifyStatus. Returns `out`. */
export function classifyStatuses(
  index: ZoneIndex,
  coords: Float64Array,
  accuracyM: number,
  out: Uint8Array,
): Uint8Array {
  const { west, south, east, north, nx, ny, cellState, cellMarginLowM } = index;
  const invW = 1 / index.cellW;
  const invH = 1 / index.cellH;
  const n = coords.length >> 1;
  if (out.length < n) throw new RangeError(`out holds ${out.length} results, ${n} needed`);
  for (let i = 0; i < n; i++) {
    const x = coords[2 * i] as number;
    const y = coords[2 * i + 1] as number;
    if (x >= west && x <= east && y >= south && y <= north) {
      const ci = Math.min(nx - 1, ((x - west) * invW) | 0);
      const cj = Math.min(ny - 1, ((y - south) * invH) | 0);
      const c = cj * nx + ci;
      const state = cellState[c] as number;
      if (state !== BOUNDARY && (cellMarginLowM[c] as number) > accuracyM) {
        out[i] = state === INSIDE ? STATUS_INSIDE : STATUS_OUTSIDE;
        continue;
      }
    }
    const status = classifyStatus(index, x, y, accuracyM);
    out[i] = status === 'inside' ? STATUS_INSIDE : status === 'near' ? STATUS_NEAR : STATUS_OUTSIDE;
  }
  return out;
}
