import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import fc from 'fast-check';
import geographiclib from 'geographiclib-geodesic';
import { describe, expect, it } from 'vitest';
import { boundaryDistance } from '../../src/geo/boundary-distance.ts';
import { classifyPoint } from '../../src/geo/classify-point.ts';
import { isInside } from '../../src/geo/locate-point.ts';
import { buildGeometryIndex, buildZoneIndex, type ZoneIndex } from '../../src/geo/zone-index.ts';
import { cityZone } from '../helpers/fixtures.ts';
import { random, starPolygon } from '../helpers/random-zones.ts';

const { Geodesic } = geographiclib;

describe('the grid index agrees with Turf', () => {
  it('on random star polygons (with and without holes) and random points', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 }),
        fc.integer({ min: 3, max: 300 }),
        fc.boolean(),
        (seed, n, hole) => {
          const rand = random(seed);
          const polygon = starPolygon(rand, n, 113.3, 40.09, 0.06, hole);
          const index = buildGeometryIndex(polygon);
          for (let k = 0; k < 300; k++) {
            const x = 113.3 + (rand() - 0.5) * 0.2;
            const y = 40.09 + (rand() - 0.5) * 0.15;
            expect(isInside(index, x, y)).toBe(booleanPointInPolygon([x, y], polygon));
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('on 50,000 random points around the embedded city zone', () => {
    const zone = cityZone();
    const index = buildZoneIndex(zone);
    const rand = random(7);
    let disagreements = 0;
    for (let k = 0; k < 50_000; k++) {
      const x = 113.2 + rand() * 0.25;
      const y = 40.02 + rand() * 0.16;
      if (isInside(index, x, y) !== booleanPointInPolygon([x, y], zone.geometry)) disagreements++;
    }
    expect(disagreements).toBe(0);
  });

  it('at every vertex and edge midpoint of the city zone (on the boundary counts as inside)', () => {
    const zone = cityZone();
    const index = buildZoneIndex(zone);
    const ring = zone.geometry.coordinates[0] as number[][];
    for (const [lng, lat] of ring) {
      expect(isInside(index, lng as number, lat as number)).toBe(true);
      const answer = classifyPoint(index, lng as number, lat as number);
      expect(answer.ok && answer.onBoundary).toBe(true);
    }
  });
});

/** Exact distance (m) from a point to a lng/lat-straight segment: ternary search on the ellipsoid. */
function exactSegmentDistance(lng: number, lat: number, a: number[], b: number[]): number {
  const at = (t: number) =>
    Geodesic.WGS84.Inverse(
      lat,
      lng,
      (a[1] as number) + t * ((b[1] as number) - (a[1] as number)),
      (a[0] as number) + t * ((b[0] as number) - (a[0] as number)),
      Geodesic.DISTANCE,
    ).s12 as number;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 80; i++) {
    const m1 = lo + (hi - lo) / 3;
    const m2 = hi - (hi - lo) / 3;
    if (at(m1) < at(m2)) hi = m2;
    else lo = m1;
  }
  return Math.min(at(0), at(1), at((lo + hi) / 2));
}

function exactBoundaryDistance(index: ZoneIndex, lng: number, lat: number): number {
  let best = Infinity;
  for (let e = 0; e < index.edgeCount; e++) {
    const d = exactSegmentDistance(
      lng,
      lat,
      [index.ax[e] as number, index.ay[e] as number],
      [index.bx[e] as number, index.by[e] as number],
    );
    best = Math.min(best, d);
  }
  return best;
}

describe('boundary distance', () => {
  it('is within 1 cm of GeographicLib (brute force over every edge) up to 5 km from the line', () => {
    const index = buildZoneIndex(cityZone());
    const rand = random(11);
    let worst = 0;
    let checked = 0;
    while (checked < 150) {
      const x = 113.22 + rand() * 0.2;
      const y = 40.03 + rand() * 0.14;
      const exact = exactBoundaryDistance(index, x, y);
      if (exact > 5_000) continue;
      worst = Math.max(worst, Math.abs(boundaryDistance(index, x, y).distanceM - exact));
      checked++;
    }
    expect(worst).toBeLessThan(0.01);
  });

  it('is within 1 cm of GeographicLib far from the line too (geodesic branch)', () => {
    const index = buildZoneIndex(cityZone());
    for (const [x, y] of [
      [113.6, 40.04],
      [113.0, 40.3],
      [113.3, 39.8],
    ] as const) {
      expect(Math.abs(boundaryDistance(index, x, y).distanceM - exactBoundaryDistance(index, x, y))).toBeLessThan(0.01);
    }
  });

  it('finds the same nearest distance on a 400-vertex polygon as a full scan', () => {
    const polygon = starPolygon(random(3), 400);
    const index = buildGeometryIndex(polygon);
    const rand = random(5);
    for (let k = 0; k < 25; k++) {
      const x = 113.3 + (rand() - 0.5) * 0.3;
      const y = 40.09 + (rand() - 0.5) * 0.2;
      expect(boundaryDistance(index, x, y).distanceM).toBeCloseTo(exactBoundaryDistance(index, x, y), 2);
    }
  });
});

describe('inputs are never mutated', () => {
  it('building and querying leave a deep-frozen zone untouched', () => {
    const zone = cityZone();
    const before = JSON.stringify(zone);
    const freeze = (o: unknown): void => {
      if (o && typeof o === 'object') {
        Object.freeze(o);
        for (const v of Object.values(o)) freeze(v);
      }
    };
    freeze(zone);
    const index = buildZoneIndex(zone);
    classifyPoint(index, 113.3, 40.09);
    expect(JSON.stringify(zone)).toBe(before);
  });
});

describe('programmer misuse throws, naming the value', () => {
  it('a geometry with fewer than three edges', () => {
    expect(() =>
      buildGeometryIndex({
        type: 'Polygon',
        coordinates: [
          [
            [113.3, 40],
            [113.3, 40],
            [113.31, 40],
            [113.3, 40],
          ],
        ],
      }),
    ).toThrow(/at least 3 edges/);
  });
  it('a non-finite coordinate', () => {
    expect(() =>
      buildGeometryIndex({
        type: 'Polygon',
        coordinates: [
          [
            [113.3, 40],
            [113.31, Number.NaN],
            [113.31, 40.01],
            [113.3, 40],
          ],
        ],
      }),
    ).toThrow(/finite numbers/);
  });
});
