/** Test oracle: planar distance (m) from (x, y) to edge e of an index at the point's latitude, as near-edges.ts
 *  measures it — written out here, not imported, so the tests check the library against an independent copy. */
import { metresPerDegreeWithSlope } from '../../src/geo/ellipsoid.ts';
import type { ZoneIndex } from '../../src/geo/zone-index.ts';

export function planar(ix: ZoneIndex, e: number, x: number, y: number): number {
  const { kx, ky } = metresPerDegreeWithSlope(y);
  const px = ((ix.ax[e] as number) - x) * kx;
  const py = ((ix.ay[e] as number) - y) * ky;
  const dx = ((ix.bx[e] as number) - (ix.ax[e] as number)) * kx;
  const dy = ((ix.by[e] as number) - (ix.ay[e] as number)) * ky;
  const len2 = dx * dx + dy * dy;
  const t = Math.min(1, Math.max(0, len2 > 0 ? -(px * dx + py * dy) / len2 : 0));
  return Math.hypot(px + t * dx, py + t * dy);
}
