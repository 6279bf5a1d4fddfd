import geographiclib from 'geographiclib-geodesic';
import { describe, expect, it } from 'vitest';
import { distanceMetres, SHORT_LIMIT_M } from '../../src/geo/ellipsoid.ts';
import { random } from '../helpers/random-zones.ts';

const { Geodesic } = geographiclib;

describe('distanceMetres', () => {
  it('is within 5 mm of GeographicLib for pairs up to 50 km around Datong', () => {
    const rand = random(1);
    let worst = 0;
    for (let k = 0; k < 5_000; k++) {
      const lng = 113.0 + rand() * 0.6;
      const lat = 39.9 + rand() * 0.4;
      const scale = rand() < 0.5 ? 0.06 : 0.6; // half the pairs short (flat branch), half long
      const lng2 = lng + (rand() - 0.5) * scale;
      const lat2 = lat + (rand() - 0.5) * scale * 0.7;
      const exact = Geodesic.WGS84.Inverse(lat, lng, lat2, lng2, Geodesic.DISTANCE).s12 as number;
      worst = Math.max(worst, Math.abs(distanceMetres(lng, lat, lng2, lat2) - exact));
    }
    expect(worst).toBeLessThan(0.005);
  });

  it('switches to the geodesic past the short limit', () => {
    const exact = Geodesic.WGS84.Inverse(40, 113, 40.2, 113.4, Geodesic.DISTANCE).s12 as number;
    expect(exact).toBeGreaterThan(SHORT_LIMIT_M);
    expect(distanceMetres(113, 40, 113.4, 40.2)).toBeCloseTo(exact, 6);
  });

  it('is zero for the same point and symmetric', () => {
    expect(distanceMetres(113.3, 40.09, 113.3, 40.09)).toBe(0);
    expect(distanceMetres(113.3, 40.09, 113.31, 40.1)).toBeCloseTo(distanceMetres(113.31, 40.1, 113.3, 40.09), 9);
  });
});

describe('distanceMetresFrom (scale carried from the first point)', () => {
  it('matches distanceMetres to within 1 mm for pairs up to 5 km', async () => {
    const { distanceMetresFrom, metresPerDegreeWithSlope } = await import('../../src/geo/ellipsoid.ts');
    const rand = random(3);
    let worst = 0;
    for (let k = 0; k < 5_000; k++) {
      const lng = 113.0 + rand() * 0.6;
      const lat = 39.9 + rand() * 0.4;
      const lng2 = lng + (rand() - 0.5) * 0.08;
      const lat2 = lat + (rand() - 0.5) * 0.06;
      const exact = Geodesic.WGS84.Inverse(lat, lng, lat2, lng2, Geodesic.DISTANCE).s12 as number;
      worst = Math.max(
        worst,
        Math.abs(distanceMetresFrom(metresPerDegreeWithSlope(lat), lng, lat, lng2, lat2) - exact),
      );
    }
    expect(worst).toBeLessThan(0.005);
  });
});

describe('geodesicMetres (past the short limit)', () => {
  it('is within 1 µm of GeographicLib from 5 to 100 km and within 1 mm to 3,000 km', async () => {
    const { geodesicMetres } = await import('../../src/geo/ellipsoid.ts');
    const rand = random(17);
    let worstNear = 0;
    let worstFar = 0;
    for (let k = 0; k < 5_000; k++) {
      const lng = 73.5 + rand() * 61;
      const lat = 18 + rand() * 35;
      const far = k % 2 === 1;
      const spread = far ? 25 : 1.2;
      const lng2 = lng + (rand() - 0.5) * spread;
      const lat2 = Math.max(-89, Math.min(89, lat + (rand() - 0.5) * spread * 0.7));
      const exact = Geodesic.WGS84.Inverse(lat, lng, lat2, lng2, Geodesic.DISTANCE).s12 as number;
      const error = Math.abs(geodesicMetres(lng, lat, lng2, lat2) - exact);
      if (far) worstFar = Math.max(worstFar, error);
      else if (exact <= 100_000) worstNear = Math.max(worstNear, error);
    }
    expect(worstNear).toBeLessThan(1e-6);
    expect(worstFar).toBeLessThan(1e-3);
  });

  it('falls back to GeographicLib where Vincenty does not converge (nearly antipodal points)', async () => {
    const { geodesicMetres } = await import('../../src/geo/ellipsoid.ts');
    const exact = Geodesic.WGS84.Inverse(0.5, 0, -0.5, 179.7, Geodesic.DISTANCE).s12 as number;
    expect(geodesicMetres(0, 0.5, 179.7, -0.5)).toBeCloseTo(exact, 6);
  });
});
