/**
 * Distances from a point to the edges of a zone index: one edge (planar, metres at the point's latitude) and
 * every edge within a radius by a ring search over the grid cells. Used to build the index (clearances and
 * nearest-edge candidates per cell); queries use the candidates (near-edges.ts).
 */
import { metresPerDegree } from './ellipsoid.ts';
import { clamp, nextStamp, type ZoneIndex } from './zone-index.ts';

/** Edges within `radiusM` of (x, y) by a ring search over the cells, with planar distances in metres.
 *  With radius Infinity: the nearest edge(s) only — the search stops once nothing closer can exist. */
export function edgesWithin(
  index: ZoneIndex,
  x: number,
  y: number,
  radiusM: number,
): { edge: number; distanceM: number }[] {
  const { nx, ny, west, south, cellW, cellH, cellStart, cellEdges, stamp } = index;
  const { kx, ky } = metresPerDegree(y);
  const kxLow = Math.min(kx, index.kxMin);
  const q = nextStamp(index);
  const ci = clamp(Math.floor((x - west) / cellW), 0, nx - 1);
  const cj = clamp(Math.floor((y - south) / cellH), 0, ny - 1);
  const hits: { edge: number; distanceM: number }[] = [];
  let best = Infinity;
  const visit = (c: number) => {
    for (let s = cellStart[c] as number, end = cellStart[c + 1] as number; s < end; s++) {
      const e = cellEdges[s] as number;
      if (stamp[e] === q) continue;
      stamp[e] = q;
      const d = planarEdgeDistance(index, e, x, y, kx, ky).distanceM;
      best = Math.min(best, d);
      if (d <= radiusM || radiusM === Infinity) hits.push({ edge: e, distanceM: d });
    }
  };
  for (let k = 0; k <= Math.max(nx, ny); k++) {
    for (let j = Math.max(0, cj - k); j <= Math.min(ny - 1, cj + k); j++) {
      if (j === cj - k || j === cj + k)
        for (let i = Math.max(0, ci - k); i <= Math.min(nx - 1, ci + k); i++) visit(j * nx + i);
      else {
        if (ci - k >= 0) visit(j * nx + ci - k);
        if (ci + k < nx) visit(j * nx + ci + k);
      }
    }
    let bound = Infinity;
    if (ci - k - 1 >= 0) bound = Math.min(bound, Math.max(0, x - (west + (ci - k) * cellW)) * kxLow);
    if (ci + k + 1 < nx) bound = Math.min(bound, Math.max(0, west + (ci + k + 1) * cellW - x) * kxLow);
    if (cj - k - 1 >= 0) bound = Math.min(bound, Math.max(0, y - (south + (cj - k) * cellH)) * ky);
    if (cj + k + 1 < ny) bound = Math.min(bound, Math.max(0, south + (cj + k + 1) * cellH - y) * ky);
    if (bound === Infinity || bound > (radiusM === Infinity ? best : radiusM)) break;
  }
  return radiusM === Infinity ? hits.filter((h) => h.distanceM === best) : hits;
}

/** Planar distance (m) from (x, y) to edge e, lng scaled by kx and lat by ky, and the parameter t of the
 *  nearest point on the edge (0 at a, 1 at b). */
export function planarEdgeDistance(
  index: ZoneIndex,
  e: number,
  x: number,
  y: number,
  kx: number,
  ky: number,
): { distanceM: number; t: number } {
  const ax = index.ax[e] as number;
  const ay = index.ay[e] as number;
  const px = (ax - x) * kx;
  const py = (ay - y) * ky;
  const dx = ((index.bx[e] as number) - ax) * kx;
  const dy = ((index.by[e] as number) - ay) * ky;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? -(px * dx + py * dy) / len2 : 0;
  t = Math.min(1, Math.max(0, t));
  const qx = px + t * dx;
  const qy = py + t * dy;
  return { distanceM: Math.sqrt(qx * qx + qy * qy), t };
}
