/**
 * The per-cell seed edges a nearest-edge search starts from (nearest-seeds.ts): any seed gives the same
 * answer (the search still proves it against every box), and the built seeds are good ones (near the
 * nearest edge of the cell's centre), which is what makes the search faster.
 */
import { describe, expect, it } from 'vitest';
import { metresPerDegreeWithSlope } from '../../src/geo/ellipsoid.ts';
import { marginWithin, nearEdges } from '../../src/geo/near-edges.ts';
import { SEED_MIN_EDGES } from '../../src/geo/nearest-seeds.ts';
import { buildGeometryIndex, type ZoneIndex } from '../../src/geo/zone-index.ts';
import { planar } from '../helpers/planar-distance.ts';
import { random, starPolygon, streetPolygon } from '../helpers/random-zones.ts';

const street = buildGeometryIndex(streetPolygon(random(5000), 5000), 50);
const holed = buildGeometryIndex(starPolygon(random(3), 700, 113.3, 40.09, 0.06, true), 20);
const small = buildGeometryIndex(starPolygon(random(4), 60), 20);

/** Points around the zone, on its vertices and on cell corners (where ties and cell edges are). */
function probes(ix: ZoneIndex, count: number, seed: number): number[] {
  const rand = random(seed);
  const out: number[] = [];
  const w = ix.east - ix.west;
  const h = ix.north - ix.south;
  for (let k = 0; k < count; k++) {
    const v = Math.floor(rand() * ix.edgeCount);
    if (k % 3 === 0) out.push(ix.west - 0.2 * w + rand() * 1.4 * w, ix.south - 0.2 * h + rand() * 1.4 * h);
    else if (k % 3 === 1) out.push(ix.ax[v] as number, ix.ay[v] as number);
    else out.push(ix.west + Math.floor(rand() * ix.nx) * ix.cellW, ix.south + Math.floor(rand() * ix.ny) * ix.cellH);
  }
  return out;
}

describe('nearest-edge seeds', () => {
  it('never change the answer: built seeds, no seeds and random seeds find the same edges', () => {
    for (const ix of [street, holed]) {
      const points = probes(ix, 6_000, 17);
      const answers = (withMargin: boolean) =>
        Array.from({ length: points.length / 2 }, (_, i) => {
          const r = nearEdges(ix, points[2 * i] as number, points[2 * i + 1] as number, withMargin);
          return [r.edge, r.t, r.distanceM, r.marginEdge, r.marginM];
        });
      const within = () =>
        Array.from({ length: points.length / 2 }, (_, i) =>
          [0, 40, 200].map((limit) => marginWithin(ix, points[2 * i] as number, points[2 * i + 1] as number, limit)),
        );
      const built = ix.cellSeed.slice();
      const seeded = [answers(false), answers(true), within()];
      ix.cellSeed.fill(-1);
      const unseeded = [answers(false), answers(true), within()];
      const rand = random(4);
      for (let c = 0; c < ix.cellSeed.length; c++) ix.cellSeed[c] = Math.floor(rand() * ix.edgeCount);
      const scrambled = [answers(false), answers(true), within()];
      ix.cellSeed.set(built);
      expect(unseeded).toEqual(seeded);
      expect(scrambled).toEqual(seeded);
    }
  });

  it('are left out of small zones (their search is short anyway)', () => {
    expect(holed.edgeCount).toBeGreaterThanOrEqual(SEED_MIN_EDGES);
    expect(holed.cellSeed.some((e) => e >= 0)).toBe(true);
    expect(small.edgeCount).toBeLessThan(SEED_MIN_EDGES);
    expect(small.cellSeed.every((e) => e === -1)).toBe(true);
  });

  it('are near the nearest edge of their cell: every cell has one, nearly all within a cell diagonal of it', () => {
    const { nx, ny, cellW, cellH, west, south } = street;
    const rand = random(9);
    let exact = 0;
    let close = 0;
    const samples = 600;
    for (let k = 0; k < samples; k++) {
      const c = Math.floor(rand() * nx * ny);
      const x = west + ((c % nx) + 0.5) * cellW;
      const y = south + (Math.floor(c / nx) + 0.5) * cellH;
      const seed = street.cellSeed[c] as number;
      expect(seed).toBeGreaterThanOrEqual(0);
      let best = Infinity;
      for (let e = 0; e < street.edgeCount; e++) best = Math.min(best, planar(street, e, x, y));
      const { kx, ky } = metresPerDegreeWithSlope(y);
      // Propagation through neighbours can miss the nearest edge, but never by more than a few cells.
      expect(planar(street, seed, x, y) - best).toBeLessThan(3 * Math.hypot(cellW * kx, cellH * ky));
      if (planar(street, seed, x, y) - best < 1) exact++;
      if (planar(street, seed, x, y) - best < Math.hypot(cellW * kx, cellH * ky)) close++;
    }
    // Measured: 58 % within a metre of the nearest, all but 0.3 % within one cell diagonal.
    expect(exact / samples).toBeGreaterThan(0.5);
    expect(close / samples).toBeGreaterThan(0.98);
  });
});
