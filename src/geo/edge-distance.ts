/**
 * Planar distance from a point to one edge of a zone index, in metres at the point's latitude (lng scaled by
 * kx, lat by ky from ellipsoid.ts): cheap, and good for ranking edges and for the grid's bounds. The
 * parameter of the nearest point is left in `lastEdgeT` (no allocation on the hot path).
 */
import type { ZoneIndex } from './zone-index.ts';

/** Parameter (0 at a, 1 at b) of the nearest point found by the last planarEdgeDistance call. */
export let lastEdgeT = 0;

/** Planar distance (m) from (x, y) to edge e. */
export function planarEdgeDistance(index: ZoneIndex, e: number, x: number, y: number, kx: number, ky: number): number {
  const ax = index.ax[e] as number;
  const ay = index.ay[e] as number;
  const px = (ax - x) * kx;
  const py = (ay - y) * ky;
  const dx = ((index.bx[e] as number) - ax) * kx;
  const dy = ((index.by[e] as number) - ay) * ky;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? -(px * dx + py * dy) / len2 : 0;
  t = Math.min(1, Math.max(0, t));
  lastEdgeT = t;
  const qx = px + t * dx;
  const qy = py + t * dy;
  return Math.sqrt(qx * qx + qy * qy);
}
