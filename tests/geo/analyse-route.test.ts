import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import lineIntersect from '@turf/line-intersect';
import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { analyseRoute, type RouteAnswer } from '../../src/geo/analyse-route.ts';
import { metresPerDegree } from '../../src/geo/ellipsoid.ts';
import { buildGeometryIndex, buildZoneIndex } from '../../src/geo/zone-index.ts';
import { cityZone } from '../helpers/fixtures.ts';
import { random, starPolygon } from '../helpers/random-zones.ts';

const square: Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [113.3, 40.0],
      [113.32, 40.0],
      [113.32, 40.02],
      [113.3, 40.02],
      [113.3, 40.0],
    ],
  ],
};
const squareIndex = buildGeometryIndex(square, 10);
const T0 = Date.UTC(2026, 11, 1, 0, 0, 0);

function ok(answer: ReturnType<typeof analyseRoute>): RouteAnswer {
  if (!answer.ok) throw new Error(answer.reason.message);
  return answer;
}

describe('analyseRoute', () => {
  it('reports entry, exit, length and time inside for a track through the zone', () => {
    const answer = ok(
      analyseRoute(squareIndex, {
        coordinates: [
          [113.29, 40.01],
          [113.31, 40.01],
          [113.33, 40.01],
        ],
        times: [T0, T0 + 100_000, T0 + 200_000],
      }),
    );
    expect(answer.status).toBe('inside');
    expect(answer.enters).toBe(true);
    expect(answer.crossings.map((c) => c.kind)).toEqual(['entry', 'exit']);
    expect(answer.crossings[0]!.point[0]).toBeCloseTo(113.3, 9);
    expect(answer.crossings[1]!.point[0]).toBeCloseTo(113.32, 9);
    expect(answer.crossings[0]!.time).toBe(T0 + 50_000);
    expect(answer.crossings[1]!.time).toBe(T0 + 150_000);
    const expectedInside = 0.02 * metresPerDegree(40.01).kx;
    expect(answer.lengthInsideM).toBeCloseTo(expectedInside, 1);
    expect(answer.durationInsideS).toBeCloseTo(100, 6);
    expect(answer.durationS).toBe(200);
  });

  it('reports a track that grazes the line within its uncertainty as near, with no crossing', () => {
    const answer = ok(
      analyseRoute(squareIndex, {
        coordinates: [
          [113.305, 40.020045],
          [113.315, 40.020045],
        ],
      }),
    );
    expect(answer.status).toBe('near');
    expect(answer.enters).toBe(false);
    expect(answer.crossings).toEqual([]);
  });

  it('finds a grazing approach in the middle of a long segment (closest point is an edge vertex)', () => {
    // Both ends are ~200 m from the square, but the segment passes ~5 m from its NE corner.
    const answer = ok(
      analyseRoute(squareIndex, {
        coordinates: [
          [113.31804, 40.02203],
          [113.32204, 40.01803],
        ],
      }),
    );
    expect(answer.status).toBe('near');
  });

  it('does not count touching the line at a vertex as crossing it', () => {
    const answer = ok(
      analyseRoute(squareIndex, {
        coordinates: [
          [113.29, 40.01],
          [113.3, 40.01],
          [113.29, 40.015],
        ],
      }),
    );
    expect(answer.crossings).toEqual([]);
    expect(answer.lengthInsideM).toBe(0);
    expect(answer.status).toBe('near');
  });

  it('reports a track far from the zone as outside', () => {
    const answer = ok(
      analyseRoute(squareIndex, {
        coordinates: [
          [113.4, 40.1],
          [113.41, 40.1],
        ],
      }),
    );
    expect(answer).toMatchObject({ status: 'outside', enters: false, lengthInsideM: 0, crossings: [] });
    expect(answer.durationS).toBeNull();
    expect(answer.durationInsideS).toBeNull();
  });

  it('reports a track that starts inside and leaves with one exit', () => {
    const answer = ok(
      analyseRoute(squareIndex, {
        coordinates: [
          [113.31, 40.01],
          [113.31, 40.03],
        ],
      }),
    );
    expect(answer.startsInside).toBe(true);
    expect(answer.endsInside).toBe(false);
    expect(answer.crossings.map((c) => c.kind)).toEqual(['exit']);
  });

  it('crosses a hole: four crossings, alternating', () => {
    const holed = buildGeometryIndex({
      type: 'Polygon',
      coordinates: [
        ...square.coordinates,
        [
          [113.305, 40.005],
          [113.305, 40.015],
          [113.315, 40.015],
          [113.315, 40.005],
          [113.305, 40.005],
        ],
      ],
    });
    const answer = ok(
      analyseRoute(holed, {
        coordinates: [
          [113.29, 40.01],
          [113.33, 40.01],
        ],
      }),
    );
    expect(answer.crossings.map((c) => c.kind)).toEqual(['entry', 'exit', 'entry', 'exit']);
  });

  it('names the side and clause crossed on the embedded city zone', () => {
    const index = buildZoneIndex(cityZone());
    const answer = ok(
      analyseRoute(index, {
        coordinates: [
          [113.45, 40.09],
          [113.3, 40.09],
        ],
        times: [T0, T0 + 600_000],
      }),
    );
    expect(answer.status).toBe('inside');
    expect(answer.crossings).toHaveLength(1);
    const entry = answer.crossings[0]!;
    expect(entry.kind).toBe('entry');
    expect(entry.side?.id).toBe('east');
    expect(entry.side?.clause).toContain('太和路');
    expect(entry.point[0]).toBeCloseTo(113.375, 6);
    expect(entry.edgeUncertaintyM).toBeGreaterThanOrEqual(1500);
  });

  it('ignores unusable times rather than inventing durations', () => {
    const answer = ok(
      analyseRoute(squareIndex, {
        coordinates: [
          [113.29, 40.01],
          [113.33, 40.01],
        ],
        times: [T0 + 10, T0],
      }),
    );
    expect(answer.durationInsideS).toBeNull();
    expect(answer.crossings[0]!.time).toBeNull();
  });

  it('gives reasons for bad tracks', () => {
    const empty = analyseRoute(squareIndex, { coordinates: [] });
    expect(!empty.ok && empty.reason.code).toBe('EMPTY_TRACK');
    const swapped = analyseRoute(squareIndex, {
      coordinates: [
        [113.3, 40.0],
        [40.0, 113.3],
      ],
    });
    expect(!swapped.ok && swapped.reason.code).toBe('SWAPPED_LNG_LAT');
    expect(!swapped.ok && swapped.reason.message).toMatch(/^point 2/);
  });

  it('agrees with Turf line-intersect on the number of crossings for random tracks', () => {
    const rand = random(99);
    for (let run = 0; run < 40; run++) {
      const polygon = starPolygon(rand, 20 + Math.floor(rand() * 200), 113.3, 40.09, 0.06, run % 2 === 0);
      const index = buildGeometryIndex(polygon);
      const coordinates: number[][] = [];
      let x = 113.3 + (rand() - 0.5) * 0.2;
      let y = 40.09 + (rand() - 0.5) * 0.15;
      for (let k = 0; k < 200; k++) {
        coordinates.push([x, y]);
        x += (rand() - 0.5) * 0.01;
        y += (rand() - 0.5) * 0.008;
      }
      const answer = ok(analyseRoute(index, { coordinates }));
      const turfCount = lineIntersect({ type: 'LineString', coordinates }, polygon).features.length;
      expect(answer.crossings.length).toBe(turfCount);
      const startsInside = booleanPointInPolygon(coordinates[0] as [number, number], polygon);
      answer.crossings.forEach((c, k) => {
        expect(c.kind).toBe((k % 2 === 0) === startsInside ? 'exit' : 'entry');
      });
    }
  });

  it('does not mutate the track', () => {
    const track = {
      coordinates: [
        [113.29, 40.01],
        [113.33, 40.01],
      ],
      times: [T0, T0 + 1000],
    };
    const before = JSON.stringify(track);
    analyseRoute(squareIndex, track);
    expect(JSON.stringify(track)).toBe(before);
  });
});
