/**
 * The boundary edges that matter for a point: the nearest edge (for the distance and the side) and the edge
 * with the smallest margin — distance minus that edge's trace uncertainty — which decides "near".
 *
 * Nearest edge: inside the grid, the point's cell lists every edge that can be nearest for any point in it
 * (precomputed in zone-index.ts), usually one to three; outside the grid, every edge is measured. The margin
 * needs every edge whose uncertainty could reach the point; zones from notices have tens to hundreds of
 * edges, so a plain scan of the typed arrays (a few ns an edge) beats a search of radius distance + largest
 * uncertainty. Distances here are planar, in metres at the query latitude: good for ranking; callers refine
 * the winner with distanceMetres.
 */

import { planarEdgeDistance } from './edge-distance.ts';
import { metresPerDegree } from './ellipsoid.ts';
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
}

/** Finds the nearest edge and, unless `withMargin` is false, the smallest-margin edge to (x, y) = (lng, lat). */
export function nearEdges(index: ZoneIndex, x: number, y: number, withMargin = true): NearEdges {
  const { kx, ky } = metresPerDegree(y);
  const result: NearEdges = { edge: -1, distanceM: Infinity, t: 0, marginEdge: -1, marginM: Infinity };
  const inGrid = x >= index.west && y >= index.south && x <= index.east && y <= index.north;
  const measure = (e: number) => {
    const hit = planarEdgeDistance(index, e, x, y, kx, ky);
    if (hit.distanceM < result.distanceM) {
      result.distanceM = hit.distanceM;
      result.edge = e;
      result.t = hit.t;
    }
    return hit.distanceM;
  };
  if (inGrid) {
    const i = Math.min(index.nx - 1, Math.floor((x - index.west) / index.cellW));
    const j = Math.min(index.ny - 1, Math.floor((y - index.south) / index.cellH));
    const c = j * index.nx + i;
    for (let s = index.candidateStart[c] as number, end = index.candidateStart[c + 1] as number; s < end; s++)
      measure(index.candidateEdges[s] as number);
  }
  if (withMargin || !inGrid) {
    const unc = index.edgeUncertainty;
    for (let e = 0; e < index.edgeCount; e++) {
      const margin = measure(e) - (unc[e] as number);
      if (margin < result.marginM) {
        result.marginM = margin;
        result.marginEdge = e;
      }
    }
    if (!withMargin) {
      result.marginM = Infinity;
      result.marginEdge = -1;
    }
  }
  return result;
}
