/**
 * Many points at once, from a flat Float64Array [lng0, lat0, lng1, lat1, …] into a Uint8Array: the hot
 * path for files of thousands to millions of points. One tight loop with no allocation; a point whose cell
 * is settled (inside, outside, or clear of / deep in the uncertainty band) costs a few array reads, and only
 * points in boundary or undecided cells take the exact path of locatePoint / classifyStatus.
 */

import { BOUNDARY, INSIDE, OUTSIDE, SUB } from './cell-states.ts';
import { classifyStatus } from './classify-point.ts';
import { exactLocation } from './locate-point.ts';
import { MSUB } from './margin-sub-cells.ts';
import type { ZoneIndex } from './zone-index.ts';

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
        if (state === BOUNDARY) state = exactLocation(index, c, ci, x, y) === OUTSIDE ? 0 : 1;
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
  const { west, south, east, north, nx, ny, cellState, cellMarginLowM, cellMarginHighM } = index;
  const { cellMarginSub, subMarginLowM, subMarginHighM, cellSub, subStates } = index;
  const invW = 1 / index.cellW;
  const invH = 1 / index.cellH;
  const n = coords.length >> 1;
  if (out.length < n) throw new RangeError(`out holds ${out.length} results, ${n} needed`);
  // Beyond the grid by more than the widest band plus the accuracy: outside and clear (another zone's
  // points, when several zones are checked). Within padY of the grid's latitudes kx is at least ~kxMin.
  const band = index.maxUncertaintyM + accuracyM;
  const padY = (band / index.kyMin) * 1.01 + 1e-9;
  const padX = (band / index.kxMin) * 1.01 + 1e-9;
  for (let i = 0; i < n; i++) {
    const x = coords[2 * i] as number;
    const y = coords[2 * i + 1] as number;
    if (x < west - padX || x > east + padX || y < south - padY || y > north + padY) {
      out[i] = STATUS_OUTSIDE;
      continue;
    }
    if (x >= west && x <= east && y >= south && y <= north) {
      const ci = Math.min(nx - 1, ((x - west) * invW) | 0);
      const cj = Math.min(ny - 1, ((y - south) * invH) | 0);
      const c = cj * nx + ci;
      const state = cellState[c] as number;
      if (state !== BOUNDARY && (cellMarginLowM[c] as number) > accuracyM) {
        out[i] = state === INSIDE ? STATUS_INSIDE : STATUS_OUTSIDE;
        continue;
      }
      // Near whatever side it is on (on the line is near too).
      if ((cellMarginHighM[c] as number) <= accuracyM) {
        out[i] = STATUS_NEAR;
        continue;
      }
      // The cell leaves it open: the sub-cell's bounds settle most of those points (margin-sub-cells.ts).
      const offset = cellMarginSub[c] as number;
      if (offset >= 0) {
        const fx = (x - west) * invW - ci;
        const fy = (y - south) * invH - cj;
        const k = offset + Math.min(MSUB - 1, (fy * MSUB) | 0) * MSUB + Math.min(MSUB - 1, (fx * MSUB) | 0);
        if ((subMarginHighM[k] as number) <= accuracyM) {
          out[i] = STATUS_NEAR;
          continue;
        }
        if ((subMarginLowM[k] as number) > accuracyM) {
          let located = state;
          if (located === BOUNDARY) {
            located = subStates[
              (cellSub[c] as number) + Math.min(SUB - 1, (fy * SUB) | 0) * SUB + Math.min(SUB - 1, (fx * SUB) | 0)
            ] as number;
            if (located === BOUNDARY) located = exactLocation(index, c, ci, x, y);
          }
          // Clear of every band, so not on the line either (the line is within 0 m of itself).
          out[i] = located === INSIDE ? STATUS_INSIDE : located === OUTSIDE ? STATUS_OUTSIDE : STATUS_NEAR;
          continue;
        }
      }
    }
    const status = classifyStatus(index, x, y, accuracyM);
    out[i] = status === 'inside' ? STATUS_INSIDE : status === 'near' ? STATUS_NEAR : STATUS_OUTSIDE;
  }
  return out;
}

/** out[i] = 1 + the position in `indexes` of the first zone holding point i (inside or on its boundary),
 *  or 0 when none does: several zones at once (the city and its counties). Returns `out`. */
export function locatePointsInZones(indexes: readonly ZoneIndex[], coords: Float64Array, out: Uint8Array): Uint8Array {
  const n = coords.length >> 1;
  if (out.length < n) throw new RangeError(`out holds ${out.length} results, ${n} needed`);
  if (indexes.length > 254) throw new RangeError(`at most 254 zones at once, got ${indexes.length}`);
  out.fill(0, 0, n);
  const one = new Uint8Array(n);
  // Zone by zone, each in its own tight loop; only points no earlier zone holds take the later answers.
  indexes.forEach((index, z) => {
    locatePoints(index, coords, one);
    for (let i = 0; i < n; i++) if (out[i] === 0 && one[i] === 1) out[i] = z + 1;
  });
  return out;
}
