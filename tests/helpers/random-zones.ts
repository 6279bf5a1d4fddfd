/** Random test geometry around Datong: star-shaped rings (never self-intersecting), optional hole. */
import type { Polygon, Position } from 'geojson';

/** A small deterministic PRNG (mulberry32) so failures can be replayed from the seed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A star-shaped polygon with `vertices` vertices around (cx, cy), radius in degrees; CCW. */
export function starPolygon(
  rand: () => number,
  vertices: number,
  cx = 113.3,
  cy = 40.09,
  radius = 0.06,
  withHole = false,
): Polygon {
  const ring = (r: number, n: number, jitter: number, clockwise: boolean): Position[] => {
    const out: Position[] = [];
    for (let i = 0; i < n; i++) {
      const angle = ((clockwise ? -1 : 1) * 2 * Math.PI * (i + rand() * 0.5)) / n;
      const rr = r * (1 - jitter + jitter * rand());
      out.push([cx + rr * Math.cos(angle) * 1.3, cy + rr * Math.sin(angle)]);
    }
    out.push([...(out[0] as Position)]);
    return out;
  };
  const rings = [ring(radius, vertices, 0.6, false)];
  if (withHole) rings.push(ring(radius * 0.2, Math.max(3, Math.floor(vertices / 8)), 0.3, true));
  return { type: 'Polygon', coordinates: rings };
}
