/**
 * Metres in a plane tangent at the zone (scale from the WGS-84 radii at its latitude, ellipsoid.ts), for the
 * tracer's nearest-point and junction tests. Over a city (±20 km) the scale drifts < 0.3 %, i.e. < 0.3 m on
 * a 100 m gap; reported lengths and moves use the ellipsoid itself (distanceMetres), not this plane.
 */
import { metresPerDegree } from '../geo/ellipsoid.ts';

/** A tangent plane: lng/lat ↔ metres east/north of an origin. */
export interface LocalPlane {
  toXY(lng: number, lat: number): [number, number];
  toLngLat(x: number, y: number): [number, number];
}

/** The plane tangent at (lng0, lat0). */
export function localPlane(lng0: number, lat0: number): LocalPlane {
  const { kx, ky } = metresPerDegree(lat0);
  return {
    toXY: (lng, lat) => [(lng - lng0) * kx, (lat - lat0) * ky],
    toLngLat: (x, y) => [lng0 + x / kx, lat0 + y / ky],
  };
}

/** The point of segment ab nearest to p, as the fraction t along ab and the distance (plane metres). */
export function nearestOnSegment(
  px: number,
  py: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): { t: number; distance: number; x: number; y: number } {
  const dx = bx - ax;
  const dy = by - ay;
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length2));
  const x = ax + t * dx;
  const y = ay + t * dy;
  return { t, distance: Math.hypot(px - x, py - y), x, y };
}

/** The shortest distance between segments ab and cd and the points where it is reached (on ab, on cd). */
export function segmentGap(
  a: [number, number],
  b: [number, number],
  c: [number, number],
  d: [number, number],
): { distance: number; onFirst: [number, number]; onSecond: [number, number] } {
  const hit = crossing(a, b, c, d);
  if (hit) return { distance: 0, onFirst: hit, onSecond: hit };
  let best = { distance: Number.POSITIVE_INFINITY, onFirst: a, onSecond: c };
  const tryPoint = (p: [number, number], s: [number, number], e: [number, number], pOnFirst: boolean) => {
    const n = nearestOnSegment(p[0], p[1], s[0], s[1], e[0], e[1]);
    if (n.distance < best.distance)
      best = pOnFirst
        ? { distance: n.distance, onFirst: p, onSecond: [n.x, n.y] }
        : { distance: n.distance, onFirst: [n.x, n.y], onSecond: p };
  };
  tryPoint(a, c, d, true);
  tryPoint(b, c, d, true);
  tryPoint(c, a, b, false);
  tryPoint(d, a, b, false);
  return best;
}

/** Where segments ab and cd cross (proper or touching), or null. */
function crossing(
  a: [number, number],
  b: [number, number],
  c: [number, number],
  d: [number, number],
): [number, number] | null {
  const rx = b[0] - a[0];
  const ry = b[1] - a[1];
  const sx = d[0] - c[0];
  const sy = d[1] - c[1];
  const denominator = rx * sy - ry * sx;
  if (denominator === 0) return null;
  const t = ((c[0] - a[0]) * sy - (c[1] - a[1]) * sx) / denominator;
  const u = ((c[0] - a[0]) * ry - (c[1] - a[1]) * rx) / denominator;
  if (t < 0 || t > 1 || u < 0 || u > 1) return null;
  return [a[0] + t * rx, a[1] + t * ry];
}
