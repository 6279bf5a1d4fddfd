/**
 * Which district a point lies in, and what that district's own zone is: the notice leaves 云冈、新荣、云州 (and
 * the counties) to publish their own 禁煤区 (通告第（三）项). A point in such a district is told that its own
 * zone is not published yet — never that it is "outside, so allowed". District outlines: DataV GeoAtlas, GCJ-02
 * converted to WGS-84 (data/context/districts.geojson, accurate to tens of metres), so a point within 100 m of a
 * district border names both districts.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import districts from '../../data/context/districts.geojson?raw';
import catalogue from '../../data/zones/catalogue.json';
import { boundaryDistance } from '../geo/boundary-distance.ts';
import { OUTSIDE } from '../geo/cell-states.ts';
import { locatePoint } from '../geo/locate-point.ts';
import { buildGeometryIndex, type ZoneIndex } from '../geo/zone-index.ts';

/** A county slot of the catalogue as the answer card needs it. */
export interface CountySlotAnswer {
  adcode: string;
  name: { zh: string; en: string };
  published: boolean;
  /** Within 100 m of the district's border: the district is not certain. */
  nearBorder: boolean;
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

/** The county slots (districts with a zone of their own to publish) that the point lies in or near. */
export function countySlotsAt(lng: number, lat: number): CountySlotAnswer[] {
  const out: CountySlotAnswer[] = [];
  for (const { adcode, index } of districtIndexes()) {
    const slot = catalogue.countySlots.find((s) => s.adcode === adcode);
    if (!slot) continue;
    const inside = locatePoint(index, lng, lat) !== OUTSIDE;
    const near = boundaryDistance(index, lng, lat, false).distanceM <= BORDER_M;
    if (inside || near)
      out.push({ adcode, name: slot.name, published: slot.status !== 'unpublished', nearBorder: near });
  }
  return out;
}
