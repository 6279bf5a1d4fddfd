import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyPoint, classifyPointInZones, classifyStatus, pointReason } from '../../src/geo/classify-point.ts';
import { buildGeometryIndex, buildZoneIndex } from '../../src/geo/zone-index.ts';
import { cityZone, FIXTURES, geofenceFixtures } from '../helpers/fixtures.ts';

const UPDATE = process.env.UPDATE_GOLDEN === '1';

describe('classifyPoint on golden fixtures', () => {
  for (const fixture of geofenceFixtures()) {
    it(`${fixture.name}: every point gets its hand-written answer, and the snapshot matches`, () => {
      const index = buildGeometryIndex(fixture.zone.geometry, fixture.zone.properties.uncertaintyM);
      const results = fixture.points.map((p) => {
        const [lng, lat] = p.geometry.coordinates as [number, number];
        const answer = classifyPoint(index, lng, lat, { accuracyM: p.properties.accuracyM });
        if (!answer.ok) throw new Error(answer.reason.message);
        expect(answer.status, p.properties.name).toBe(p.properties.expect);
        expect(answer.onBoundary, p.properties.name).toBe(p.properties.expectOnBoundary);
        expect(classifyStatus(index, lng, lat, p.properties.accuracyM), p.properties.name).toBe(answer.status);
        return {
          name: p.properties.name,
          status: answer.status,
          traced: answer.traced,
          onBoundary: answer.onBoundary,
          signedDistanceM: Math.round(answer.signedDistanceM * 100) / 100,
          nearestPoint: answer.nearestPoint.map((n) => Math.round(n * 1e7) / 1e7),
          uncertaintyM: answer.uncertaintyM,
        };
      });
      const out = new URL(`geofence/out/${fixture.name}.json`, FIXTURES);
      if (UPDATE || !existsSync(out)) writeFileSync(out, `${JSON.stringify(results, null, 1)}\n`);
      expect(results).toEqual(JSON.parse(readFileSync(out, 'utf8')));
    });
  }
});

describe('classifyPoint on the embedded city zone', () => {
  const index = buildZoneIndex(cityZone());

  it('puts the ancient city inside and Yunzhou district seat outside', () => {
    const drumTower = classifyPoint(index, 113.3, 40.092);
    const yunzhou = classifyPoint(index, 113.605784, 40.039318);
    expect(drumTower.ok && drumTower.status).toBe('inside');
    expect(yunzhou.ok && yunzhou.status).toBe('outside');
    expect(yunzhou.ok && yunzhou.signedDistanceM).toBeLessThan(-15_000);
  });

  it('answers near, not inside or outside, within a reasoned edge’s uncertainty', () => {
    // 大同南站 lies ~800 m south of the traced south side, whose uncertainty is ±1.5 km.
    const answer = classifyPoint(index, 113.3581164, 40.0435567);
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    expect(answer.status).toBe('near');
    expect(answer.traced).toBe('outside');
    expect(answer.nearestSide?.id).toBe('south');
    expect(answer.nearestSide?.clause).toContain('开源街');
    expect(answer.edgeUncertaintyM).toBe(1500);
  });

  it('adds the GPS accuracy to the uncertainty', () => {
    const a = classifyPoint(index, 113.3, 40.092, { accuracyM: 30 });
    expect(a.ok && a.uncertaintyM).toBe(230);
    expect(a.ok && a.zoneVersion).toBe('2024-106.trace-1');
  });

  it('gives reason codes for bad input instead of throwing', () => {
    const cases: [number, number, string][] = [
      [Number.NaN, 40, 'NOT_A_NUMBER'],
      [113, 95, 'OUT_OF_RANGE'],
      [40.09, 113.3, 'SWAPPED_LNG_LAT'],
      [2.35, 48.85, 'OUTSIDE_CHINA'],
    ];
    for (const [lng, lat, code] of cases) {
      const answer = classifyPoint(index, lng, lat);
      expect(answer.ok).toBe(false);
      if (!answer.ok) expect(answer.reason.code).toBe(code);
    }
    // A file can hand over an object whose toString throws (the fuzz found {"toString":1} in a GPX-like track).
    expect(pointReason({ toString: 1 }, 40)).toEqual({
      code: 'NOT_A_NUMBER',
      message: 'coordinates must be numbers, got an object, 40',
    });
    const bad = classifyPoint(index, 113.3, 40.09, { accuracyM: -1 });
    expect(!bad.ok && bad.reason.code).toBe('BAD_ACCURACY');
    // @ts-expect-error: strings from a form are refused, not coerced
    expect(classifyPoint(index, '113.3', '40.09').ok).toBe(false);
  });

  it('combines several zones: inside any wins, then near', () => {
    const county = buildGeometryIndex(
      {
        type: 'Polygon',
        coordinates: [
          [
            [113.55, 40.0],
            [113.65, 40.0],
            [113.65, 40.08],
            [113.55, 40.08],
            [113.55, 40.0],
          ],
        ],
      },
      100,
    );
    const both = classifyPointInZones([index, county], 113.605784, 40.039318);
    expect(both.ok && both.status).toBe('inside');
    expect(both.ok && both.zones.map((z) => z.status)).toEqual(['outside', 'inside']);
    const neither = classifyPointInZones([index, county], 114.0, 40.5);
    expect(neither.ok && neither.status).toBe('outside');
  });
});
