/**
 * Metres on the WGS-84 ellipsoid at Datong's scale.
 *
 * Distances are computed in a local tangent plane whose scale is taken from the ellipsoid's radii of
 * curvature (meridional M, prime-vertical N) at the pair's mean latitude. The error of that formula grows as
 * d³/R²: under 1 mm for d ≤ 1 km and about 3 mm at 5 km (tests/geo/ellipsoid.test.ts checks it against
 * GeographicLib). Past SHORT_LIMIT_M we solve the geodesic: Vincenty's inverse (T. Vincenty, Survey Review
 * 23(176), 1975), within a micrometre of GeographicLib up to 100 km here and ~0.4 µs a call, and where it
 * does not converge (nearly antipodal points) GeographicLib's exact geodesic (Karney 2013, ~4 µs a call).
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
  return geodesicMetres(lng1, lat1, lng2, lat2);
}

const geodesic = Geodesic.WGS84;

/** Ellipsoidal distance in metres between two lng/lat points, good to a few millimetres. */
export function distanceMetres(lng1: number, lat1: number, lng2: number, lat2: number): number {
  const { kx, ky } = metresPerDegree((lat1 + lat2) / 2);
  const dx = (lng2 - lng1) * kx;
  const dy = (lat2 - lat1) * ky;
  const flat = Math.sqrt(dx * dx + dy * dy);
  if (flat <= SHORT_LIMIT_M) return flat;
  return geodesicMetres(lng1, lat1, lng2, lat2);
}

/** The geodesic distance (m) on WGS-84: Vincenty's inverse, or GeographicLib where Vincenty's iteration does
 *  not settle. */
export function geodesicMetres(lng1: number, lat1: number, lng2: number, lat2: number): number {
  const v = vincentyMetres(lng1, lat1, lng2, lat2);
  return v ?? (geodesic.Inverse(lat1, lng1, lat2, lng2, Geodesic.DISTANCE).s12 as number);
}

const B = WGS84_A * (1 - WGS84_F);

/** Vincenty's inverse formula (the iteration on λ, then the series for the arc length); null when λ does
 *  not converge in 20 steps, which happens only near the antipode. */
function vincentyMetres(lng1: number, lat1: number, lng2: number, lat2: number): number | null {
  const f = WGS84_F;
  const L = (lng2 - lng1) * DEG;
  // Reduced latitudes, from tan U = (1 − f) tan φ without another trigonometric call.
  const tanU1 = (1 - f) * Math.tan(lat1 * DEG);
  const cosU1 = 1 / Math.sqrt(1 + tanU1 * tanU1);
  const sinU1 = tanU1 * cosU1;
  const tanU2 = (1 - f) * Math.tan(lat2 * DEG);
  const cosU2 = 1 / Math.sqrt(1 + tanU2 * tanU2);
  const sinU2 = tanU2 * cosU2;
  let lambda = L;
  for (let step = 0; step < 20; step++) {
    const sinL = Math.sin(lambda);
    const cosL = Math.cos(lambda);
    const p = cosU2 * sinL;
    const q = cosU1 * sinU2 - sinU1 * cosU2 * cosL;
    const sinSigma = Math.sqrt(p * p + q * q);
    if (sinSigma === 0) return 0;
    const cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosL;
    const sigma = Math.atan2(sinSigma, cosSigma);
    const sinAlpha = (cosU1 * cosU2 * sinL) / sinSigma;
    const cos2Alpha = 1 - sinAlpha * sinAlpha;
    // On the equator cos²α = 0 and the term is taken as 0.
    const cos2SigmaM = cos2Alpha !== 0 ? cosSigma - (2 * sinU1 * sinU2) / cos2Alpha : 0;
    const C = (f / 16) * cos2Alpha * (4 + f * (4 - 3 * cos2Alpha));
    const previous = lambda;
    lambda =
      L +
      (1 - C) *
        f *
        sinAlpha *
        (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
    if (Math.abs(lambda - previous) < 1e-13) {
      const u2 = (cos2Alpha * (WGS84_A * WGS84_A - B * B)) / (B * B);
      const A = 1 + (u2 / 16384) * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)));
      const Bs = (u2 / 1024) * (256 + u2 * (-128 + u2 * (74 - 47 * u2)));
      const c2 = cos2SigmaM * cos2SigmaM;
      const deltaSigma =
        Bs *
        sinSigma *
        (cos2SigmaM +
          (Bs / 4) *
            (cosSigma * (-1 + 2 * c2) - (Bs / 6) * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * c2)));
      return B * A * (sigma - deltaSigma);
    }
  }
  return null;
}
