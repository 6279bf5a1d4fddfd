/** find-crossings: agrees with Turf's kinks on random rings, and stays cheap on degenerate files. */
import kinks from '@turf/kinks';
import type { Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { crossingBudget, findCrossings } from '../../src/geo/find-crossings.ts';
import { validateZone } from '../../src/geo/validate-zone.ts';
import { random } from '../helpers/random-zones.ts';

/** A closed ring of `n` random points around (113.3, 40.09): self-crossing more often than not. */
function randomRing(rand: () => number, n: number): Position[] {
  const ring: Position[] = Array.from({ length: n }, () => [113.3 + rand() * 0.05, 40.09 + rand() * 0.05]);
  ring.push(ring[0] as Position);
  return ring;
}

describe('findCrossings', () => {
  it('finds a crossing exactly when Turf kinks does, on 2,000 random rings (4–12 vertices)', () => {
    const rand = random(20261202);
    let crossing = 0;
    for (let k = 0; k < 2000; k++) {
      const ring = randomRing(rand, 4 + Math.floor(rand() * 9));
      const geometry: Polygon = { type: 'Polygon', coordinates: [ring] };
      const turf = kinks(geometry).features.length > 0;
      const ours = findCrossings([[ring]]).crossings.length > 0;
      expect(ours, JSON.stringify(ring)).toBe(turf);
      if (ours) crossing++;
    }
    expect(crossing).toBeGreaterThan(500);
    expect(crossing).toBeLessThan(2000);
  });

  it('finds none in a convex ring of 20,000 vertices, and names where a figure-eight crosses', () => {
    const ring: Position[] = Array.from({ length: 20_000 }, (_, k) => [
      113.3 + 0.05 * Math.cos((2 * Math.PI * k) / 20_000),
      40.09 + 0.05 * Math.sin((2 * Math.PI * k) / 20_000),
    ]);
    ring.push(ring[0] as Position);
    expect(findCrossings([[ring]])).toMatchObject({ crossings: [], capped: false, exhausted: false });
    const eight: Position[] = [
      [113.3, 40.0],
      [113.4, 40.1],
      [113.4, 40.0],
      [113.3, 40.1],
      [113.3, 40.0],
    ];
    const found = findCrossings([[eight]]).crossings;
    expect(found).toHaveLength(1);
    expect(found[0]?.at[0]).toBeCloseTo(113.35, 9);
    expect(found[0]?.at[1]).toBeCloseTo(40.05, 9);
  });

  it('stops early on 1,001 copies of one ring (a degenerate file), and the validator says so in few lines', () => {
    const ring: Position[] = Array.from({ length: 40 }, (_, k) => [
      113.3 + 0.02 * Math.cos((2 * Math.PI * k) / 40),
      40.09 + 0.02 * Math.sin((2 * Math.PI * k) / 40),
    ]);
    ring.push(ring[0] as Position);
    const rings = Array.from({ length: 1001 }, () => ring);
    const found = findCrossings([rings], 100);
    expect(found.capped).toBe(true);
    expect(found.crossings).toHaveLength(100);
    const v = validateZone({ type: 'Feature', geometry: { type: 'Polygon', coordinates: rings }, properties: {} });
    expect(v.valid).toBe(false);
    if (v.valid) return;
    expect(v.reasons.length).toBeLessThan(40);
    expect(v.reasons.map((r) => r.message).join('\n')).toMatch(/crosses itself at at least 100 place/);
    expect(v.reasons.map((r) => r.message).join('\n')).toMatch(/and 990 more WINDING/);
  });

  it('does work linear in the edges on a smooth ring: 4× the vertices, ~4× the work', () => {
    const circle = (n: number): Position[] => {
      const ring: Position[] = Array.from({ length: n }, (_, k) => [
        113.3 + 0.05 * Math.cos((2 * Math.PI * k) / n),
        40.09 + 0.05 * Math.sin((2 * Math.PI * k) / n),
      ]);
      ring.push(ring[0] as Position);
      return ring;
    };
    const small = findCrossings([[circle(50_000)]]);
    const large = findCrossings([[circle(200_000)]]);
    expect(large.crossings).toEqual([]);
    expect(large.exhausted).toBe(false);
    // Counted, not timed: a pairwise pass would do 16× the work; the grid does ~4× (cell entries + pairs).
    expect(large.work / small.work).toBeLessThan(6);
    expect(large.work).toBeLessThan(10 * 200_000);
  });

  it('caps its work on a comb of long crowded edges (quadratic on a plain grid) and says so', () => {
    const comb = (teeth: number): Position[] => {
      const ring: Position[] = [];
      const h = 0.1 / teeth;
      for (let k = 0; k < teeth; k++) ring.push([113.2, 40 + 2 * k * h], [113.4, 40 + (2 * k + 1) * h]);
      ring.push([113.1, 40 + 2 * teeth * h], [113.1, 40], ring[0] as Position);
      return ring;
    };
    // Small combs are checked in full (a simple polygon: no crossing) …
    const small = findCrossings([[comb(500)]]);
    expect(small).toMatchObject({ crossings: [], exhausted: false });
    // … a 40,000-edge comb (48 s and counting before the cap) stops at its linear budget.
    const big = findCrossings([[comb(20_000)]]);
    expect(big.exhausted).toBe(true);
    expect(big.work).toBeLessThanOrEqual(crossingBudget(40_002) + 1);
    const v = validateZone({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [comb(20_000)] } });
    expect(v.valid).toBe(false);
    if (v.valid) return;
    expect(v.reasons.map((r) => r.code)).toContain('TOO_COMPLEX');
    expect(v.reasons.find((r) => r.code === 'TOO_COMPLEX')?.message).toContain('40002 edges');
  });
});
