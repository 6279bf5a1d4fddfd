/**
 * Builds the embedded offline basemap, public/basemap/datong.pmtiles, from the project's own data:
 * district outlines and G109 (data/context), the traced zone (data/zones), and located places
 * (data/places). geojson-vt cuts the tiles, vt-pbf encodes them (MVT), src/io/write-pmtiles.ts writes the
 * archive. Run: npm run basemap (the archive is committed; rebuild when the data changes).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Feature, FeatureCollection } from 'geojson';
import GeoJSONVT from 'geojson-vt';
import vtpbf from 'vt-pbf';
import { type TileInput, writePmtiles } from '../src/io/write-pmtiles.ts';

const MAX_ZOOM = 13;
const readJson = (path: string) => JSON.parse(readFileSync(new URL(`../${path}`, import.meta.url), 'utf8'));

/** The layers of the basemap, each a FeatureCollection. */
export function basemapLayers(): Record<string, FeatureCollection> {
  const districts = readJson('data/context/districts.geojson') as FeatureCollection;
  const g109 = readJson('data/context/g109.geojson') as FeatureCollection;
  const zone = readJson('data/zones/datong-city-2024-106.geojson') as Feature;
  const places = readJson('data/places/places.json').places as {
    name: string;
    nameEn?: string;
    kind: string;
    lng: number | null;
    lat: number | null;
  }[];
  return {
    districts,
    roads: g109,
    zone_trace: {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { id: zone.id ?? 'zone' }, geometry: zone.geometry }],
    },
    places: {
      type: 'FeatureCollection',
      features: places
        .filter((p) => p.lng !== null && p.lat !== null)
        .map((p) => ({
          type: 'Feature',
          properties: { name: p.name, name_en: p.nameEn ?? '', kind: p.kind },
          geometry: { type: 'Point', coordinates: [p.lng as number, p.lat as number] },
        })),
    },
  };
}

/** Cuts every layer into tiles z0–MAX_ZOOM over the data's extent and writes the archive bytes (the
 *  embedded basemap by default; tests build user basemaps with their own layers). */
export function buildBasemap(
  layers: Record<string, FeatureCollection> = basemapLayers(),
  name = 'coalzone Datong basemap',
): Uint8Array {
  const indexes = Object.entries(layers).map(
    ([name, fc]) =>
      [name, new GeoJSONVT(fc, { maxZoom: MAX_ZOOM, indexMaxZoom: MAX_ZOOM, tolerance: 3, buffer: 64 })] as const,
  );
  const [west, south, east, north] = [112.5, 39.6, 114.0, 40.7];
  const tiles: TileInput[] = [];
  for (let z = 0; z <= MAX_ZOOM; z++) {
    const [x0, y0] = lngLatToTile(west, north, z);
    const [x1, y1] = lngLatToTile(east, south, z);
    for (let x = x0; x <= x1; x++)
      for (let y = y0; y <= y1; y++) {
        const layerTiles: Record<string, unknown> = {};
        for (const [name, index] of indexes) {
          const tile = index.getTile(z, x, y);
          if (tile && tile.features.length > 0) layerTiles[name] = tile;
        }
        if (Object.keys(layerTiles).length === 0) continue;
        const pbf = vtpbf.fromGeojsonVt(layerTiles as never, { version: 2 });
        tiles.push({ z, x, y, data: gzipSync(pbf) });
      }
  }
  return writePmtiles(tiles, {
    minZoom: 0,
    maxZoom: MAX_ZOOM,
    bounds: [west, south, east, north],
    center: [113.3, 40.09, 11],
    tileCompression: 2,
    compress: (bytes) => gzipSync(bytes),
    metadata: {
      name,
      attribution: 'coalzone; G109 © OpenStreetMap contributors (ODbL); district outlines: DataV GeoAtlas',
      vector_layers: Object.keys(layers).map((id) => ({ id, fields: {}, minzoom: 0, maxzoom: MAX_ZOOM })),
    },
  });
}

function lngLatToTile(lng: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const x = Math.floor(((lng + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return [Math.min(n - 1, Math.max(0, x)), Math.min(n - 1, Math.max(0, y))];
}

if (process.argv[1]?.endsWith('build-basemap.ts')) {
  const bytes = buildBasemap();
  writeFileSync(new URL('../public/basemap/datong.pmtiles', import.meta.url), bytes);
  console.log(`public/basemap/datong.pmtiles: ${bytes.length} bytes`);
}
