/**
 * Snapping to a road layer (src/zones/snap-to-roads.ts): the nearest point along a road within the tolerance,
 * a road vertex preferred within half of it, nothing beyond it; the grid's answer equals a brute-force scan
 * of every segment on random layers (short and very long segments); the input is not changed; misuse throws;
 * 100,000 segments answer fast.
 */
import { describe, expect, it } from 'vitest';
import { metresPerDegree } from '../../src/geo/ellipsoid.ts';
import { buildRoadSnapIndex, type RoadLine, snapToRoads } from '../../src/zones/snap-to-roads.ts';
import { random } from '../helpers/random-zones.ts';

const LAT = 40.1;
const { kx, ky } = metresPerDegree(LAT);
/** A position `east` / `north` metres from (113.3, 40.1). */
const at = (east: number, north: number): [number, number] => [113.3 + east / kx, LAT + north / ky];

const road = (ref: string, coords: [number, number][]): RoadLine => ({ ref, name: ref, precisionM: 5, coords });

/** Metres from p to the nearest point of any segment, by checking every one. */
function bruteForce(lines: RoadLine[], p: [number, number]): { d: number; ref: string } {
  const { kx: x, ky: y } = metresPerDegree(p[1]);
  let best = { d: Infinity, ref: '' };
  for (const l of lines)
    for (let i = 0; i + 1 < l.coords.length; i++) {
      const [a, b] = [l.coords[i] as [number, number], l.coords[i + 1] as [number, number]];
      const ax = (a[0] - p[0]) * x;
      const ay = (a[1] - p[1]) * y;
      const dx = (b[0] - p[0]) * x - ax;
      const dy = (b[1] - p[1]) * y - ay;
      const t = Math.max(0, Math.min(1, -(ax * dx + ay * dy) / (dx * dx + dy * dy || 1)));
      const d = Math.hypot(ax + t * dx, ay + t * dy);
      if (d < best.d) best = { d, ref: l.ref };
    }
  return best;
}

/** Metres between two positions (plane at LAT). */
const gap = (p: [number, number], q: [number, number]) => Math.hypot((p[0] - q[0]) * kx, (p[1] - q[1]) * ky);

describe('snapToRoads', () => {
  const street = road('东西街', [at(-500, 0), at(0, 0), at(500, 0)]);
  const lane = road('南北巷', [at(200, -300), at(200, -40)]);
  const index = buildRoadSnapIndex([street, lane]);

  it('snaps to the nearest point along a road within the tolerance', () => {
    const snap = snapToRoads(index, ...at(-137, 8), 20);
    expect(snap?.line.ref).toBe('东西街');
    expect(snap?.onVertex).toBe(false);
    expect(snap?.distanceM).toBeCloseTo(8, 6);
    expect(gap(snap?.at as [number, number], at(-137, 0))).toBeLessThan(1e-6);
  });

  it('prefers a road vertex within half the tolerance, and the nearer segment point beyond it', () => {
    const onVertex = snapToRoads(index, ...at(6, 3), 20);
    expect(onVertex?.onVertex).toBe(true);
    expect(gap(onVertex?.at as [number, number], at(0, 0))).toBeLessThan(1e-6);
    const along = snapToRoads(index, ...at(14, 3), 20);
    expect(along?.onVertex).toBe(false);
    expect(gap(along?.at as [number, number], at(14, 0))).toBeLessThan(1e-6);
    // The lane's end (a vertex) is 12 m away, the street 28 m: the lane end wins within 20 m.
    const end = snapToRoads(index, ...at(200, -28), 30);
    expect(end?.line.ref).toBe('南北巷');
    expect(gap(end?.at as [number, number], at(200, -40))).toBeLessThan(1e-6);
  });

  it('does not snap beyond the tolerance', () => {
    expect(snapToRoads(index, ...at(-137, 21), 20)).toBeNull();
    expect(snapToRoads(index, ...at(900, 0), 20)).toBeNull();
    expect(snapToRoads(buildRoadSnapIndex([]), 113.3, 40.1, 20)).toBeNull();
  });

  it('finds what a scan of every segment finds, on random layers with short and very long segments', () => {
    const next = random(11);
    const lines: RoadLine[] = [];
    for (let l = 0; l < 600; l++) {
      let p = at((next() - 0.5) * 20_000, (next() - 0.5) * 20_000);
      const coords: [number, number][] = [p];
      const long = l % 50 === 0;
      for (let v = 0; v < 2 + Math.floor(next() * 8); v++) {
        const step = long ? 15_000 : 300;
        p = [p[0] + ((next() - 0.5) * step) / kx, p[1] + ((next() - 0.5) * step) / ky];
        coords.push(p);
      }
      lines.push(road(`line ${l}`, coords));
    }
    const big = buildRoadSnapIndex(lines);
    expect(big.long.length).toBeGreaterThan(0);
    let snapped = 0;
    for (let q = 0; q < 2_000; q++) {
      const p = at((next() - 0.5) * 20_000, (next() - 0.5) * 20_000);
      const tolerance = 5 + next() * 200;
      const want = bruteForce(lines, p);
      const got = snapToRoads(big, p[0], p[1], tolerance, 0);
      if (want.d > tolerance) expect(got).toBeNull();
      else {
        snapped++;
        expect(got?.distanceM).toBeCloseTo(want.d, 6);
        expect(bruteForce([got?.line as RoadLine], got?.at as [number, number]).d).toBeLessThan(1e-4);
      }
    }
    expect(snapped).toBeGreaterThan(100);
  });

  it('does not change the lines it indexes', () => {
    const lines = [road('a', [at(0, 0), at(100, 0)]), road('b', [at(0, 50), at(0, 150)])];
    const before = structuredClone(lines);
    snapToRoads(buildRoadSnapIndex(lines), ...at(10, 5), 20);
    expect(lines).toEqual(before);
  });

  it('throws on misuse: a bad position, a bad cell size or tolerance', () => {
    expect(() => buildRoadSnapIndex([road('x', [at(0, 0), [Number.NaN, 40]])])).toThrow(/x has a position/);
    expect(() => buildRoadSnapIndex([], 0)).toThrow(/cell size 0/);
    expect(() => snapToRoads(index, 113.3, 40.1, -1)).toThrow(/tolerance -1 m/);
  });

  it('answers fast on 100,000 road segments', () => {
    const next = random(7);
    const lines: RoadLine[] = [];
    for (let l = 0; l < 10_000; l++) {
      let p = at((next() - 0.5) * 30_000, (next() - 0.5) * 30_000);
      const coords: [number, number][] = [p];
      for (let v = 0; v < 10; v++) {
        p = [p[0] + ((next() - 0.5) * 200) / kx, p[1] + ((next() - 0.5) * 200) / ky];
        coords.push(p);
      }
      lines.push(road(`way ${l}`, coords));
    }
    let t0 = performance.now();
    const big = buildRoadSnapIndex(lines);
    const buildMs = performance.now() - t0;
    expect(big.ax.length).toBe(100_000);
    const queries = Array.from({ length: 10_000 }, () => at((next() - 0.5) * 30_000, (next() - 0.5) * 30_000));
    t0 = performance.now();
    let found = 0;
    for (const q of queries) if (snapToRoads(big, q[0], q[1], 30)) found++;
    const perQueryUs = ((performance.now() - t0) * 1000) / queries.length;
    t0 = performance.now();
    for (const q of queries.slice(0, 50)) bruteForce(lines, q);
    const scanUs = ((performance.now() - t0) * 1000) / 50;
    console.log(
      `snap-to-roads: 100,000 segments indexed in ${buildMs.toFixed(0)} ms; ${perQueryUs.toFixed(1)} µs per snap (30 m), ${found} of 10,000 snapped; a scan of every segment ${scanUs.toFixed(0)} µs`,
    );
    expect(found).toBeGreaterThan(0);
    // Measured against the scan on the same machine (so a busy machine slows both): at least 20 times faster.
    expect(perQueryUs * 20).toBeLessThan(scanUs);
  });
});
