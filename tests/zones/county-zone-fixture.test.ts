/** The test county zone (tests/helpers/county-zone.ts) is a valid zone inside 云州区, so the county tests
 *  exercise packages the app would accept, not ones refused for being invalid. */
import { describe, expect, it } from 'vitest';
import { classifyPointInZones } from '../../src/geo/classify-point.ts';
import { validateZone } from '../../src/geo/validate-zone.ts';
import { buildZoneIndex } from '../../src/geo/zone-index.ts';
import { countySlotsAt } from '../../src/zones/county-slots.ts';
import { countyZone } from '../helpers/county-zone.ts';

describe('a county zone beside the city zone', () => {
  const county = countyZone('yunzhou', [113.6, 40.03, 113.62, 40.05]);

  it('is a valid zone and lies in 云州区', () => {
    expect(validateZone(county)).toEqual({ valid: true });
    for (const [lng, lat] of county.geometry.coordinates[0] as [number, number][])
      expect(countySlotsAt(lng, lat).map((s) => s.id)).toContain('yunzhou');
  });

  it('answers for each zone at once: outside the city zone, inside or outside the county zone', async () => {
    const { readFileSync } = await import('node:fs');
    const city = buildZoneIndex(
      JSON.parse(readFileSync(new URL('../../data/zones/datong-city-2024-106.geojson', import.meta.url), 'utf8')),
    );
    const zones = [city, buildZoneIndex(county)];
    const at = (lng: number, lat: number) => {
      const r = classifyPointInZones(zones, lng, lat);
      if (!r.ok) throw new Error(r.reason.message);
      return [r.status, ...r.zones.map((z) => `${z.zoneId}:${z.status}`)];
    };
    expect(at(113.61, 40.04)).toEqual(['inside', 'datong-city-2024-106:outside', 'yunzhou:inside']);
    expect(at(113.65, 40.04)).toEqual(['outside', 'datong-city-2024-106:outside', 'yunzhou:outside']);
    // 鼓楼: the city zone says inside, the county zone far outside.
    expect(at(113.3, 40.092)).toEqual(['inside', 'datong-city-2024-106:inside', 'yunzhou:outside']);
    // 10 m from the county line, within its ±20 m: near.
    expect(at(113.62 + 10 / 85_300, 40.04)[2]).toBe('yunzhou:near');
  });
});
