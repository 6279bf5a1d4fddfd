/**
 * Ring search over the grid for the boundary edges nearest a point: the nearest edge by distance, and the
 * edge with the smallest margin (distance minus that edge's trace uncertainty), which decides "near".
 * Cells are visited in growing square rings around the point's cell; the search stops when no unvisited
 * cell can hold an edge closer (or with a smaller margin) than the best found. Distances here are planar,
 * in metres at the query latitude: good for ranking; callers refine the winner with distanceMetres.
 */
import { metresPerDegree } from './ellipsoid.ts';
import { nextStamp, type ZoneIndex } from './zone-index.ts';

/** What a search found. Edges are indexes into the ZoneIndex arrays. */
export interface NearEdges {
  edge: number;
  /** Planar distance (m) to `edge`. */
  distanceM: number;
  /** Position along `edge` (0 at a, 1 at b) of the nearest point. */
  t: number;
  marginEdge: number;
  /** Smallest distance − uncertainty over all edges (m); negative when inside some edge's band. */
  marginM: number;
}

/** Finds the nearest edge and the smallest-margin edge to (x, y) = (lng, lat). */
export function nearEdges(index: ZoneIndex, x: number, y: number): NearEdges {
  const { nx, ny, west, south, cellW, cellH, cellStart, cellEdges, stamp } = index;
  const { kx, ky } = metresPerDegree(y);
  const kxLow = Math.min(kx, index.kxMin);
  const q = nextStamp(index);
  const ci = Math.min(nx - 1, Math.max(0, Math.floor((x - west) / cellW)));
  const cj = Math.min(ny - 1, Math.max(0, Math.floor((y - south) / cellH)));
  const result: NearEdges = { edge: -1, distanceM: Infinity, t: 0, marginEdge: -1, marginM: Infinity };
  const maxRing = Math.max(nx, ny);
  for (let k = 0; k <= maxRing; k++) {
    const jLo = cj - k;
    const jHi = cj + k;
    for (let j = Math.max(0, jLo); j <= Math.min(ny - 1, jHi); j++) {
      const onEdgeRow = j === jLo || j === jHi;
      const step = onEdgeRow ? 1 : 2 * k;
      for (let i = ci - k; i <= ci + k; i += step || 1) {
        if (i < 0 || i >= nx) continue;
        const c = j * nx + i;
        for (let s = cellStart[c] as number, end = cellStart[c + 1] as number; s < end; s++) {
          const e = cellEdges[s] as number;
          if (stamp[e] === q) continue;
          stamp[e] = q;
          visit(index, e, x, y, kx, ky, result);
        }
      }
    }
    // Lower bound (m) on the distance to any cell outside rings 0..k.
    let bound = Infinity;
    if (ci - k - 1 >= 0) bound = Math.min(bound, Math.max(0, x - (west + (ci - k) * cellW)) * kxLow);
    if (ci + k + 1 < nx) bound = Math.min(bound, Math.max(0, west + (ci + k + 1) * cellW - x) * kxLow);
    if (cj - k - 1 >= 0) bound = Math.min(bound, Math.max(0, y - (south + (cj - k) * cellH)) * ky);
    if (cj + k + 1 < ny) bound = Math.min(bound, Math.max(0, south + (cj + k + 1) * cellH - y) * ky);
    if (bound === Infinity) break;
    if (bound > result.distanceM && bound - index.maxUncertaintyM > result.marginM) break;
  }
  return result;
}

function visit(index: ZoneIndex, e: number, x: number, y: number, kx: number, ky: number, out: NearEdges): void {
  const px = ((index.ax[e] as number) - x) * kx;
  const py = ((index.ay[e] as number) - y) * ky;
  const dx = ((index.bx[e] as number) - (index.ax[e] as number)) * kx;
  const dy = ((index.by[e] as number) - (index.ay[e] as number)) * ky;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? -(px * dx + py * dy) / len2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const qx = px + t * dx;
  const qy = py + t * dy;
  const d = Math.sqrt(qx * qx + qy * qy);
  if (d < out.distanceM) {
    out.distanceM = d;
    out.edge = e;
    out.t = t;
  }
  const margin = d - (index.edgeUncertainty[e] as number);
  if (margin < out.marginM) {
    out.marginM = margin;
    out.marginEdge = e;
  }
}
