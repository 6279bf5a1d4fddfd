import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { describe, expect, it } from 'vitest';
import { boundaryDistance } from '../../src/geo/boundary-distance.ts';
import { circlePolygon, edgeLines, uncertaintyBands } from '../../src/geo/uncertainty-bands.ts';
import { buildZoneIndex } from '../../src/geo/zone-index.ts';
import { cityZone } from '../helpers/fixtures.ts';
import { random } from '../helpers/random-zones.ts';

describe('uncertainty bands', () => {
  const index = buildZoneIndex(cityZone());
  const bands = uncertaintyBands(index);

  it('has one band per edge, carrying the side and clause', () => {
    expect(bands.features).toHaveLength(index.edgeCount);
    expect(edgeLines(index).features[0]?.properties.clause).toBeTruthy();
  });

  it('covers a point exactly when it is within some edge’s uncertainty (away from the band’s rim)', () => {
    const rand = random(8);
    for (let k = 0; k < 2_000; k++) {
      const x = 113.2 + rand() * 0.25;
      const y = 40.02 + rand() * 0.16;
      const near = boundaryDistance(index, x, y).search.marginM;
      // The caps are 16-gons: their chords fall inside the true circle by r(1 − cos(π/32)) < 0.5 % of r.
      if (Math.abs(near) < 0.005 * index.maxUncertaintyM + 1) continue;
      const inBand = bands.features.some((f) => booleanPointInPolygon([x, y], f));
      expect(inBand, `${x},${y} margin ${near}`).toBe(near < 0);
    }
  });

  it('draws a GPS accuracy circle of the right radius', () => {
    const circle = circlePolygon(113.3, 40.09, 100);
    expect(booleanPointInPolygon([113.3 + 90 / 85_000, 40.09], circle)).toBe(true);
    expect(booleanPointInPolygon([113.3 + 110 / 85_000, 40.09], circle)).toBe(false);
  });
});
