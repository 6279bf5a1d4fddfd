/**
 * A small county zone for tests (decision 0030): a rectangle in 云州区 with the id of its county slot
 * (`yunzhou`), status county-published, one side and full provenance, so that it passes validateZone like
 * any published zone. Not a real district's zone: the district has not published one.
 */
import type { ZoneFeature } from '../../src/geo/zone.ts';

/** A county zone with the slot id `zoneId`, spanning [west, south, east, north] (WGS-84). */
export function countyZone(
  zoneId: string,
  [west, south, east, north]: [number, number, number, number],
  version = `${zoneId}-test.official-1`,
): ZoneFeature {
  const corners: [number, number][] = [
    [west, south],
    [east, south],
    [east, north],
    [west, north],
  ];
  const vertex = (name: string) => ({
    name,
    basis: 'reasoned' as const,
    source: 'a test rectangle (coalzone tests, not a district map)',
    edge: { side: 'all', uncertaintyM: 20, basis: 'reasoned' as const },
  });
  return {
    type: 'Feature',
    properties: {
      id: zoneId,
      name: { zh: '测试区县禁煤区', en: 'Test district coal-ban zone' },
      version,
      status: 'county-published',
      notice: {
        number: '测试〔2026〕1号',
        title: '测试用区县禁煤区通告',
        issuer: 'coalzone tests (not an authority)',
        date: '2026-12-01',
        effectiveFrom: '2026-12-01',
        publishedIn: 'coalzone tests',
      },
      crs: 'WGS-84',
      uncertaintyStatement: { zh: '测试数据，误差 ±20 米。', en: 'Test data, ±20 m.' },
      sides: [
        {
          id: 'all',
          name: { zh: '四周', en: 'All sides' },
          clause: '测试范围',
          landmarks: ['测试'],
          zoneLies: 'north',
        },
      ],
      rings: [{ polygon: 0, ring: 0, vertices: ['SW', 'SE', 'NE', 'NW'].map(vertex) }],
      sources: [{ id: 'test', description: 'coalzone tests', crs: 'WGS-84', licence: 'test data' }],
      tracedAt: '2026-12-01',
    },
    geometry: { type: 'Polygon', coordinates: [[...corners, corners[0] as [number, number]]] },
  } as unknown as ZoneFeature;
}
