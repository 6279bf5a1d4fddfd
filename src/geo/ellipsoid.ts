/**
 * Metres on the WGS-84 ellipsoid at Datong's scale.
 *
 * Distances are computed in a local tangent plane whose scale is taken from the ellipsoid's radii of
 * curvature (meridional M, prime-vertical N) at the pair's mean latitude. The error of that formula grows as
 * d³/R²: under 1 mm for d ≤ 1 km and about 3 mm at 5 km (tests/geo/ellipsoid.test.ts checks it against
 * GeographicLib). Past SHORT_LIMIT_M we hand the pair to GeographicLib's exact geodesic (Karney 2013),
 * which costs ~4 µs a call, so only far points pay for it.
 */
import geographiclib from 'geographiclib-geodesic';

// CommonJS package: take the namespace, then the class (named ESM imports fail under Node).
const { Geodesic } = geographiclib;

/** WGS-84 semi-major axis (m) and flattening. */
export const WGS84_A = 6_378_137;
export const WGS84_F = 1 / 298.257223563;
const E2 = WGS84_F * (2 - WGS84_F);
const DEG = Math.PI / 180;

/** Beyond this many metres the flat formula is replaced by the exact geodesic. */
export const SHORT_LIMIT_M = 5_000;

/** Metres per degree of longitude (kx) and latitude (ky) at a latitude, on the ellipsoid. */
export function metresPerDegree(latDeg: number): { kx: number; ky: number } {
  const s = Math.sin(latDeg * DEG);
  const w2 = 1 - E2 * s * s;
  const w = Math.sqrt(w2);
  const n = WGS84_A / w; // prime-vertical radius
  const m = (WGS84_A * (1 - E2)) / (w2 * w); // meridional radius
  return { kx: n * Math.cos(latDeg * DEG) * DEG, ky: m * DEG };
}

/** Metres per degree at a latitude, and how they change per degree of latitude (d(N cos φ)/dφ = −M sin φ),
 *  so that a caller holding the scale at one end of a short pair gets the mean-latitude scale without
 *  another sin/cos: k(φ + δ) ≈ k + dk·δ, with a relative error of order δ² (1e-7 at 0.025°). */
export function metresPerDegreeWithSlope(latDeg: number): Scale {
  const s = Math.sin(latDeg * DEG);
  const c = Math.cos(latDeg * DEG);
  const w2 = 1 - E2 * s * s;
  const w = Math.sqrt(w2);
  const n = WGS84_A / w;
  const m = (WGS84_A * (1 - E2)) / (w2 * w);
  // dM/dφ = 3·M·e²·sin φ·cos φ / W²
  return { kx: n * c * DEG, ky: m * DEG, dkx: -m * s * DEG * DEG, dky: ((3 * m * E2 * s * c) / w2) * DEG * DEG };
}

/** Metres per degree (kx, ky) and their change per degree of latitude (dkx, dky). */
export interface Scale {
  kx: number;
  ky: number;
  dkx: number;
  dky: number;
}

/** distanceMetres for a pair whose first point's scale is known (from metresPerDegreeWithSlope). */
export function distanceMetresFrom(scale: Scale, lng1: number, lat1: number, lng2: number, lat2: number): number {
  const half = (lat2 - lat1) / 2;
  const dx = (lng2 - lng1) * (scale.kx + scale.dkx * half);
  const dy = (lat2 - lat1) * (scale.ky + scale.dky * half);
  const flat = Math.sqrt(dx * dx + dy * dy);
  if (flat <= SHORT_LIMIT_M) return flat;
  return geodesic.Inverse(lat1, lng1, lat2, lng2, Geodesic.DISTANCE).s12 ?? flat;
}

const geodesic = Geodesic.WGS84;

/** Ellipsoidal distance in metres between two lng/lat points, good to a few millimetres. */
export function distanceMetres(lng1: number, lat1: number, lng2: number, lat2: number): number {
  const { kx, ky } = metresPerDegree((lat1 + lat2) / 2);
  const dx = (lng2 - lng1) * kx;
  const dy = (lat2 - lat1) * ky;
  const flat = Math.sqrt(dx * dx + dy * dy);
  if (flat <= SHORT_LIMIT_M) return flat;
  return geodesic.Inverse(lat1, lng1, lat2, lng2, Geodesic.DISTANCE).s12 ?? flat;
}
