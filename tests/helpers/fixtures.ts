/** Test helpers: read fixtures and the embedded zone. */
import { readdirSync, readFileSync } from 'node:fs';
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import type { ZoneFeature } from '../../src/geo/zone.ts';

export const FIXTURES = new URL('../fixtures/', import.meta.url);

/** The embedded city zone, parsed fresh each call. */
export function cityZone(): ZoneFeature & { geometry: Polygon } {
  return JSON.parse(readFileSync(new URL('../../data/zones/datong-city-2024-106.geojson', import.meta.url), 'utf8'));
}

export interface GeofenceFixture {
  name: string;
  zone: Feature<Polygon | MultiPolygon, { uncertaintyM: number }>;
  points: Feature<Point, { name: string; expect: string; expectOnBoundary: boolean; accuracyM: number }>[];
}

/** The golden geofence fixtures in tests/fixtures/geofence/in. */
export function geofenceFixtures(): GeofenceFixture[] {
  const dir = new URL('geofence/in/', FIXTURES);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.geojson'))
    .sort()
    .map((file) => {
      const fc = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as FeatureCollection;
      const [zone, ...points] = fc.features;
      return { name: file.replace('.geojson', ''), zone, points } as GeofenceFixture;
    });
}
