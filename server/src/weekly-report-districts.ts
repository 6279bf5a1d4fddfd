/**
 * The districts the weekly report counts by: the outlines of 新荣区, 平城区, 云冈区 and 云州区 that the app ships
 * (data/context/districts.geojson, DataV GeoAtlas converted GCJ-02 → WGS-84, accurate to tens of metres; made by
 * scripts/import-context.ts). A record belongs to the first district, by 行政区划代码, whose outline covers its
 * place (a point on a shared border counts once, for the lower code); a place in none of them (a county such
 * as 左云县, or outside the city) is OTHER_DISTRICT.
 *
 * The same outlines go to both stores so both give the same answer: on PostgreSQL + PostGIS as a JSON
 * parameter turned into geometries by ST_GeomFromGeoJSON and tested with ST_Covers (boundary counts as
 * covered); on PGlite (no PostGIS) through the app's own point-in-polygon core (src/geo buildGeometryIndex +
 * isInside, boundary counts as inside).
 */
import { readFileSync } from 'node:fs';
import type { MultiPolygon, Polygon } from 'geojson';
import { isInside } from '../../src/geo/locate-point.ts';
import { buildGeometryIndex, type ZoneIndex } from '../../src/geo/zone-index.ts';

/** The code used for a place in none of the districts. */
export const OTHER_DISTRICT = 0;

/** One district: its 行政区划代码, name and outline. */
export interface District {
  adcode: number;
  name: string;
  geometry: Polygon | MultiPolygon;
}

/** The districts with what each store needs to place a point. */
export interface DistrictSet {
  /** In ascending adcode order (the order ties are broken in). */
  districts: District[];
  /** Name by adcode, OTHER_DISTRICT included. */
  names: Map<number, { zh: string; en: string }>;
  /** The JSON parameter of the PostGIS query: [{adcode, geometry}]. */
  postgisParameter: string;
  /** The adcode of the district holding the point, or OTHER_DISTRICT (the app's core). */
  districtOf(lng: number, lat: number): number;
}

const OTHER_NAMES = { zh: '四区以外（县或市外）', en: 'outside the four districts (a county or beyond)' };
const EN_NAMES: Record<number, string> = {
  140212: 'Xinrong District',
  140213: 'Pingcheng District',
  140214: 'Yungang District',
  140215: 'Yunzhou District',
};

/** Reads a FeatureCollection of districts (properties adcode and name) and prepares both ways to place points;
 *  throws naming the feature that is not a district. */
export function districtSet(collection: unknown): DistrictSet {
  const features = (collection as { features?: unknown })?.features;
  if (!Array.isArray(features)) throw new Error('districts: not a GeoJSON FeatureCollection');
  const districts = features
    .map((f, i): District => {
      const adcode = Number(f?.properties?.adcode);
      const name = f?.properties?.name;
      const type = f?.geometry?.type;
      if (
        !Number.isInteger(adcode) ||
        adcode <= 0 ||
        typeof name !== 'string' ||
        !(type === 'Polygon' || type === 'MultiPolygon')
      )
        throw new Error(`districts: feature ${i} needs properties adcode (integer) and name, and a (Multi)Polygon`);
      return { adcode, name, geometry: f.geometry };
    })
    .sort((a, b) => a.adcode - b.adcode);
  const indexes: { adcode: number; index: ZoneIndex; bbox: [number, number, number, number] }[] = districts.map((d) => {
    const index = buildGeometryIndex(d.geometry);
    return { adcode: d.adcode, index, bbox: [index.west, index.south, index.east, index.north] };
  });
  const names = new Map<number, { zh: string; en: string }>([[OTHER_DISTRICT, OTHER_NAMES]]);
  for (const d of districts) names.set(d.adcode, { zh: d.name, en: EN_NAMES[d.adcode] ?? d.name });
  return {
    districts,
    names,
    postgisParameter: JSON.stringify(districts.map((d) => ({ adcode: d.adcode, geometry: d.geometry }))),
    districtOf(lng, lat) {
      for (const { adcode, index, bbox } of indexes)
        if (lng >= bbox[0] && lng <= bbox[2] && lat >= bbox[1] && lat <= bbox[3] && isInside(index, lng, lat))
          return adcode;
      return OTHER_DISTRICT;
    },
  };
}

let shipped: DistrictSet | null = null;

/** The districts the app ships (read once). */
export function shippedDistricts(): DistrictSet {
  shipped ??= districtSet(
    JSON.parse(readFileSync(new URL('../../data/context/districts.geojson', import.meta.url), 'utf8')),
  );
  return shipped;
}

/** The SQL expression giving a record's district adcode on PostGIS: `$n` is the postgisParameter, `row` the
 *  alias of the records table. The outlines are parsed once per statement (a MATERIALIZED CTE named `d`,
 *  which the caller includes with districtsCte). */
export function districtSql(row: string): string {
  return `coalesce((SELECT d.adcode FROM d WHERE d.geom && ${row}.geog::geometry AND ST_Covers(d.geom, ${row}.geog::geometry) ORDER BY d.adcode LIMIT 1), ${OTHER_DISTRICT})`;
}

/** The CTE `d (adcode, geom)` over parameter `$n` (the postgisParameter). */
export function districtsCte(parameter: number): string {
  return `d AS MATERIALIZED (
    SELECT (x->>'adcode')::int AS adcode, ST_SetSRID(ST_GeomFromGeoJSON(x->>'geometry'), 4326) AS geom
      FROM jsonb_array_elements($${parameter}::jsonb) AS x)`;
}
