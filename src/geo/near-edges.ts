/**
 * The boundary edges that matter for a point: the nearest edge (for the distance and the side) and the edge
 * with the smallest margin — distance minus that edge's trace uncertainty — which decides "near".
 *
 * Inside the grid, the point's cell lists every edge that can be the nearest or the smallest-margin edge of
 * any point in it (precomputed in zone-index.ts), usually a handful; outside the grid every edge is measured.
 * Callers skip the margin where the cell's margin bounds already decide. Distances are planar, in metres at
 * the query latitude: good for ranking; callers refine the winner with distanceMetres.
 */
import { lastEdgeT, planarEdgeDistance } from './edge-distance.ts';
import { metresPerDegreeWithSlope, type Scale } from './ellipsoid.ts';
import type { ZoneIndex } from './zone-index.ts';

/** What a search found. Edges are indexes into the ZoneIndex arrays. */
export interface NearEdges {
  edge: number;
  /** Planar distance (m) to `edge`. */
  distanceM: number;
  /** Position along `edge` (0 at a, 1 at b) of the nearest point. */
  t: number;
  /** The smallest-margin edge; -1 when not searched (withMargin false). */
  marginEdge: number;
  /** Smallest distance − uncertainty over all edges (m); Infinity when not searched. */
  marginM: number;
  /** The ellipsoid scale at the query point (reused to measure the final distance). */
  scale: Scale;
}

/** Finds the nearest edge and, unless `withMargin` is false, the smallest-margin edge to (x, y) = (lng, lat). */
export function nearEdges(index: ZoneIndex, x: number, y: number, withMargin = true): NearEdges {
  const scale = metresPerDegreeWithSlope(y);
  const { kx, ky } = scale;
  const result: NearEdges = { edge: -1, distanceM: Infinity, t: 0, marginEdge: -1, marginM: Infinity, scale };
  const inGrid = x >= index.west && y >= index.south && x <= index.east && y <= index.north;
  const unc = index.edgeUncertainty;
  let from = 0;
  let to = index.edgeCount;
  let list: Uint32Array | null = null;
  if (inGrid) {
    const i = Math.min(index.nx - 1, Math.floor((x - index.west) / index.cellW));
    const j = Math.min(index.ny - 1, Math.floor((y - index.south) / index.cellH));
    const c = j * index.nx + i;
    from = index.candidateStart[c] as number;
    to = index.candidateStart[c + 1] as number;
    list = index.candidateEdges;
  }
  for (let k = from; k < to; k++) {
    const e = list === null ? k : (list[k] as number);
    const d = planarEdgeDistance(index, e, x, y, kx, ky);
    if (d < result.distanceM) {
      result.distanceM = d;
      result.edge = e;
      result.t = lastEdgeT;
    }
    const margin = d - (unc[e] as number);
    if (margin < result.marginM) {
      result.marginM = margin;
      result.marginEdge = e;
    }
  }
  if (!withMargin) {
    result.marginM = Infinity;
    result.marginEdge = -1;
  }
  return result;
}
