/**
 * A valid zone file on a street-like synthetic ring (tests/helpers/random-zones.ts streetPolygon): the
 * embedded zone's properties with every vertex described (±50 m, sides taken in turn), as a traced zone
 * of that size would be. Used by the end-to-end and the in-browser benchmarks.
 */
import type { Polygon } from 'geojson';
import type { ZoneFeature } from '../src/geo/zone.ts';
import { random, streetPolygon } from '../tests/helpers/random-zones.ts';

/** The zone of `vertices` vertices (seeded by the count, as the geofence bench draws it). */
export function streetZoneFeature(city: ZoneFeature, vertices: number): ZoneFeature & { geometry: Polygon } {
  const polygon = streetPolygon(random(vertices), vertices);
  const ring = polygon.coordinates[0] as number[][];
  return {
    type: 'Feature',
    geometry: polygon,
    properties: {
      ...city.properties,
      id: `synthetic-street-${vertices}`,
      version: 'bench',
      status: 'draft',
      rings: [
        {
          polygon: 0,
          ring: 0,
          vertices: ring.slice(0, -1).map((_, i) => ({
            name: `vertex ${i}`,
            basis: 'reasoned' as const,
            source: 'synthetic street-like trace (bench)',
            edge: {
              side: city.properties.sides[i % city.properties.sides.length]?.id as string,
              uncertaintyM: 50,
              basis: 'reasoned' as const,
            },
          })),
        },
      ],
    },
  };
}
