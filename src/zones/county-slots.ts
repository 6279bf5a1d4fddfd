/**
 * Which district a point lies in, and what that district's own zone is: the notice leaves 云冈、新荣、云州 (and
 * the counties) to publish their own 禁煤区 (通告第（三）项). A point in such a district is told that its own
 * zone is not published yet — never that it is "outside, so allowed" — or, once the district's signed package
 * is adopted on this phone, what that zone answers. District outlines: DataV GeoAtlas, GCJ-02 converted to
 * WGS-84 (data/context/districts.geojson, accurate to tens of metres), so a point within 100 m of a district
 * border names both districts. Decision 0030.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import districts from '../../data/context/districts.geojson?raw';
import catalogue from '../../data/zones/catalogue.json';
import { boundaryDistance } from '../geo/boundary-distance.ts';
import { OUTSIDE } from '../geo/cell-states.ts';
import { locatePoint } from '../geo/locate-point.ts';
import { buildGeometryIndex, type ZoneIndex } from '../geo/zone-index.ts';

/** A county slot of the catalogue: the zone id its package carries, its name and district code. */
export interface CountySlot {
  id: string;
  name: { zh: string; en: string };
  adcode: string;
}

/** A county slot of the catalogue as the answer card needs it. */
export interface CountySlotAnswer extends CountySlot {
  /** The district's own zone answers on this phone (its signed package is adopted). */
  published: boolean;
  /** Within 100 m of the district's border: the district is not certain. */
  nearBorder: boolean;
}

/** The county slots of the catalogue, in its order. */
export function countySlots(): CountySlot[] {
  return catalogue.countySlots.map((s) => ({ id: s.id, name: s.name, adcode: s.adcode }));
}

/** The slot whose zone id is `zoneId`, or null (the city zone, or a zone the catalogue does not know). */
export function countySlotFor(zoneId: string): CountySlot | null {
  return countySlots().find((s) => s.id === zoneId) ?? null;
}

/** Each county zone's outline colour on the map, apart from the city's red (#c62828) and from each other. */
const COLOURS: Record<string, string> = { yungang: '#1565c0', xinrong: '#2e7d32', yunzhou: '#6a1b9a' };

/** The map colour of a zone: a county slot's own, or null for the city zone (the map's default look). */
export function countyColour(zoneId: string): string | null {
  return countySlotFor(zoneId) ? (COLOURS[zoneId] ?? '#00838f') : null;
}

/** District outlines are good to tens of metres. */
const BORDER_M = 100;
let indexes: { adcode: string; index: ZoneIndex }[] | null = null;

function districtIndexes(): { adcode: string; index: ZoneIndex }[] {
  indexes ??= (
    JSON.parse(districts) as {
      features: { properties: { adcode: number }; geometry: Polygon | MultiPolygon }[];
    }
  ).features.map((f) => ({ adcode: String(f.properties.adcode), index: buildGeometryIndex(f.geometry, BORDER_M) }));
  return indexes;
}

/** The county slots (districts with a zone of their own to publish) that the point lies in or near;
 *  `published` holds the slot ids whose own zone answers on this phone. */
export function countySlotsAt(
  lng: number,
  lat: number,
  published: ReadonlySet<string> = new Set(),
): CountySlotAnswer[] {
  const out: CountySlotAnswer[] = [];
  for (const { adcode, index } of districtIndexes()) {
    const slot = countySlots().find((s) => s.adcode === adcode);
    if (!slot) continue;
    const inside = locatePoint(index, lng, lat) !== OUTSIDE;
    const near = boundaryDistance(index, lng, lat, false).distanceM <= BORDER_M;
    if (inside || near) out.push({ ...slot, published: published.has(slot.id), nearBorder: near });
  }
  return out;
}
