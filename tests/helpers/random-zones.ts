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

/**
 * A street-like ring of exactly `vertices` vertices, as a trace along roads looks: `corners` turning points
 * on a star around (cx, cy) (so the ring never crosses itself), a few corner-to-corner edges left long and
 * straight (a highway), and every other stretch cut into short edges (~3–40 m) that wobble by under a metre
 * sideways, so that most neighbouring edges are nearly collinear. CCW.
 */
export function streetPolygon(
  rand: () => number,
  vertices: number,
  cx = 113.3,
  cy = 40.09,
  radius = 0.08,
  corners = Math.max(8, Math.min(64, Math.floor(vertices / 60))),
  straight = 4,
): Polygon {
  if (vertices < corners) throw new Error(`streetPolygon: ${vertices} vertices < ${corners} corners`);
  const pts: [number, number][] = [];
  for (let i = 0; i < corners; i++) {
    const angle = (2 * Math.PI * (i + 0.15 + rand() * 0.7)) / corners;
    const r = radius * (0.72 + 0.28 * rand());
    pts.push([cx + r * Math.cos(angle) * 1.3, cy + r * Math.sin(angle)]);
  }
  // Which corner-to-corner stretches stay one long edge: spread around the ring.
  const long = new Set<number>();
  for (let k = 0; k < Math.min(straight, corners); k++) long.add(Math.floor(((k + 0.5) * corners) / straight));
  const lengths = pts.map((p, i) => {
    const q = pts[(i + 1) % corners] as [number, number];
    return long.has(i) ? 0 : Math.hypot(q[0] - p[0], q[1] - p[1]);
  });
  const total = lengths.reduce((s, l) => s + l, 0);
  // Vertices to add inside the cut stretches, shared out by length (largest remainders last).
  const extra = vertices - corners;
  const share = lengths.map((l) => Math.floor((extra * l) / total));
  let left = extra - share.reduce((s, n) => s + n, 0);
  for (let i = 0; left > 0; i = (i + 1) % corners)
    if (!long.has(i)) {
      share[i] = (share[i] as number) + 1;
      left--;
    }
  const ring: Position[] = [];
  const metre = 1 / 111_000;
  pts.forEach((p, i) => {
    const q = pts[(i + 1) % corners] as [number, number];
    ring.push([p[0], p[1]]);
    const m = share[i] as number;
    if (m === 0) return;
    // Uneven cuts: random gaps, normalised to the stretch.
    const gaps = Array.from({ length: m + 1 }, () => 0.3 + rand());
    const sum = gaps.reduce((s, g) => s + g, 0);
    const dx = q[0] - p[0];
    const dy = q[1] - p[1];
    const len = Math.hypot(dx, dy);
    const nxv = -dy / len;
    const nyv = dx / len;
    let t = 0;
    for (let k = 0; k < m; k++) {
      t += (gaps[k] as number) / sum;
      const wobble = (rand() - 0.5) * 1.2 * metre;
      ring.push([p[0] + t * dx + wobble * nxv, p[1] + t * dy + wobble * nyv]);
    }
  });
  ring.push([...(ring[0] as Position)]);
  return { type: 'Polygon', coordinates: [ring] };
}

/** Four street-like zones at once, 20,000 vertices in all: a city zone of 8,000 and three county zones of
 *  4,000 around it (west, north, east), none touching another. */
export function fourZones(seed = 4): Polygon[] {
  const rand = random(seed);
  return [
    streetPolygon(rand, 8000, 113.3, 40.09, 0.07),
    streetPolygon(rand, 4000, 113.05, 40.0, 0.05),
    streetPolygon(rand, 4000, 113.3, 40.28, 0.05),
    streetPolygon(rand, 4000, 113.58, 40.02, 0.05),
  ];
}

/** For every edge of every ring, the points `offsetM` metres either side of its middle (perpendicular, on the
 *  local tangent plane): [lng, lat, lng, lat, …], two points an edge. Edges shorter than 4·offsetM are left
 *  out (near a vertex the offset point may sit beside the neighbouring edge instead). */
export function pointsBesideEdges(polygons: readonly Polygon[], offsetM: number): Float64Array {
  const out: number[] = [];
  for (const polygon of polygons)
    for (const ring of polygon.coordinates)
      for (let i = 0; i + 1 < ring.length; i++) {
        const [ax, ay] = ring[i] as [number, number];
        const [bx, by] = ring[i + 1] as [number, number];
        const lat = (ay + by) / 2;
        const kx = 111_320 * Math.cos((lat * Math.PI) / 180);
        const ky = 110_950;
        const dx = (bx - ax) * kx;
        const dy = (by - ay) * ky;
        const len = Math.hypot(dx, dy);
        if (len < 4 * offsetM) continue;
        const mx = (ax + bx) / 2;
        const my = (ay + by) / 2;
        const ox = ((-dy / len) * offsetM) / kx;
        const oy = ((dx / len) * offsetM) / ky;
        out.push(mx + ox, my + oy, mx - ox, my - oy);
      }
  return Float64Array.from(out);
}
