/** Shared setup of the tracer tests: the spec, the previous zone, and the synthetic city as scanners. */
import { readFileSync } from 'node:fs';
import { type OsmData, syntheticCity, toOsmPbf, toOsmXml, toOverpassJson } from '../../scripts/make-trace-fixtures.ts';
import type { ZoneFeature } from '../../src/geo/zone.ts';
import { collectExtract } from '../../src/trace/collect-extract.ts';
import type { OsmScanner } from '../../src/trace/osm-elements.ts';
import { pbfScanner } from '../../src/trace/read-osm-pbf.ts';
import { osmXmlScanner } from '../../src/trace/read-osm-xml.ts';
import { overpassScanner } from '../../src/trace/read-overpass-json.ts';
import type { ExtractSource, RoadExtract } from '../../src/trace/road-extract.ts';
import type { RouteSpec } from '../../src/trace/route-spec.ts';

export const SPEC = JSON.parse(
  readFileSync(new URL('../../data/zones/datong-city-2024-106.route-spec.json', import.meta.url), 'utf8'),
) as RouteSpec;
export const PREVIOUS = JSON.parse(
  readFileSync(new URL('../../data/zones/datong-city-2024-106.geojson', import.meta.url), 'utf8'),
) as ZoneFeature;
export const FIXTURES = new URL('../fixtures/trace/', import.meta.url);

/** Bytes as a stream of chunks of `size` (so block boundaries fall inside chunks). */
export function chunked(bytes: Uint8Array, size = 997): () => AsyncIterable<Uint8Array> {
  return async function* () {
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  };
}

/** A scanner over a dataset in one of the three OSM formats. */
export function scannerOf(data: OsmData, format: 'pbf' | 'xml' | 'overpass'): OsmScanner {
  if (format === 'pbf') return pbfScanner(chunked(toOsmPbf(data)));
  if (format === 'xml') return osmXmlScanner(chunked(new TextEncoder().encode(toOsmXml(data))));
  return overpassScanner(toOverpassJson(data));
}

/** The extract of a dataset. */
export function extractOf(
  data: OsmData = syntheticCity(),
  format: 'pbf' | 'xml' | 'overpass' = 'overpass',
): Promise<RoadExtract> {
  const source: ExtractSource = { file: 'city', format: 'osm-pbf', precisionM: 5, licence: 'test', crs: 'WGS-84' };
  return collectExtract(scannerOf(data, format), SPEC, source);
}
