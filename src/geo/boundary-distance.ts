/**
 * Distance from a point to a zone's boundary, in metres on the WGS-84 ellipsoid (see ellipsoid.ts: a local
 * tangent plane at the pair's mean latitude up to 5 km, GeographicLib's geodesic beyond; good to a few mm).
 * Edges are straight lines in lng/lat, as GeoJSON and Turf treat them; the nearest edge is found with the
 * grid (near-edges.ts), then the distance to its nearest point is measured on the ellipsoid.
 */
import { distanceMetresFrom } from './ellipsoid.ts';
import { type NearEdges, nearEdges } from './near-edges.ts';
import type { ZoneIndex } from './zone-index.ts';

/** The nearest point of the boundary and how far it is. */
export interface BoundaryDistance {
  distanceM: number;
  /** Nearest boundary point [lng, lat]. */
  nearest: [number, number];
  /** Index of the nearest edge in the zone index. */
  edge: number;
  /** The search result it came from (margin edge etc.). */
  search: NearEdges;
}

/** Distance (m) from (lng, lat) to the zone's boundary, with the nearest boundary point. With `withMargin`
 *  the search also finds the edge with the smallest distance − uncertainty (for "near"). */
export function boundaryDistance(index: ZoneIndex, lng: number, lat: number, withMargin = true): BoundaryDistance {
  const search = nearEdges(index, lng, lat, withMargin);
  const e = search.edge;
  const ax = index.ax[e] as number;
  const ay = index.ay[e] as number;
  const nearest: [number, number] = [
    ax + search.t * ((index.bx[e] as number) - ax),
    ay + search.t * ((index.by[e] as number) - ay),
  ];
  return { distanceM: distanceMetresFrom(search.scale, lng, lat, nearest[0], nearest[1]), nearest, edge: e, search };
}
