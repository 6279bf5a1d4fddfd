/**
 * The tracer on chosen files, for the app's Web Worker (the zone editor or a 区域 page posts the Files,
 * the spec and the current zone; progress goes back through onProgress): each File is streamed afresh for
 * every pass with `File.stream()`, so a province-sized .osm.pbf never sits in memory. Blob and
 * ReadableStream are in Workers and in Node ≥ 20 alike; nothing here touches the DOM.
 */
import { InputError, namingFile } from '../errors.ts';
import type { ZoneFeature } from '../geo/zone.ts';
import { collectExtract } from './collect-extract.ts';
import type { ScanProgress } from './osm-elements.ts';
import type { CrsName } from './project-crs.ts';
import { pbfScanner } from './read-osm-pbf.ts';
import { osmXmlScanner } from './read-osm-xml.ts';
import { overpassScanner } from './read-overpass-json.ts';
import { readRoadLayer } from './read-road-layer.ts';
import { readShapefileZip } from './read-shapefile-zip.ts';
import { mergeExtracts, type RoadExtract } from './road-extract.ts';
import type { RouteSpec } from './route-spec.ts';
import { type ReportPoint, type TraceReport, traceReport } from './trace-report.ts';
import { type TraceResult, traceZoneFromRoads } from './trace-zone-from-roads.ts';

const OSM = { precisionM: 5, licence: 'ODbL 1.0 (© OpenStreetMap contributors)', crs: 'WGS-84' };

/** Reads one chosen file's roads and landmarks. */
export async function readRoadFile(
  file: Blob,
  name: string,
  spec: RouteSpec,
  options: { crs?: CrsName; nameField?: string; signal?: AbortSignal; onProgress?: (p: ScanProgress) => void } = {},
): Promise<RoadExtract> {
  const lower = name.toLowerCase();
  const open = () => streamOf(file);
  const collect = { signal: options.signal, onProgress: options.onProgress };
  if (lower.endsWith('.pbf'))
    return collectExtract(pbfScanner(open, file.size), spec, { file: name, format: 'osm-pbf', ...OSM }, collect);
  if (lower.endsWith('.osm'))
    return collectExtract(osmXmlScanner(open, file.size), spec, { file: name, format: 'osm-xml', ...OSM }, collect);
  if (lower.endsWith('.zip')) {
    const layer = await readShapefileZip(new Uint8Array(await file.arrayBuffer()), name, options.crs ?? null);
    const source = {
      file: name,
      format: 'shapefile' as const,
      precisionM: 5,
      licence: 'as the layer states',
      crs: layer.crs,
    };
    return readRoadLayer(layer.document, spec, source, options.nameField ?? null);
  }
  if (lower.endsWith('.json') || lower.endsWith('.geojson')) {
    const document = JSON.parse(await file.text()) as { elements?: unknown };
    if (Array.isArray(document.elements))
      return collectExtract(overpassScanner(document), spec, { file: name, format: 'overpass-json', ...OSM }, collect);
    const source = {
      file: name,
      format: 'geojson' as const,
      precisionM: 5,
      licence: 'as the layer states',
      crs: options.crs ?? 'WGS84',
    };
    return readRoadLayer(document, spec, source, options.nameField ?? null);
  }
  throw new InputError(
    'UNSUPPORTED_FORMAT',
    `${name}: use .osm.pbf, .osm, Overpass .json, a GeoJSON road layer or a zipped Shapefile`,
  );
}

/** Traces the zone from chosen files; the result and its report. */
export async function traceFiles(
  files: { name: string; file: Blob }[],
  spec: RouteSpec,
  previous: ZoneFeature,
  options: {
    date: string;
    crs?: CrsName;
    nameField?: string;
    signal?: AbortSignal;
    onProgress?: (p: ScanProgress & { file: string }) => void;
    /** Stored records' places: the report lists those whose answer the new line changes. */
    points?: ReportPoint[];
  },
): Promise<{ result: TraceResult; report: TraceReport; extract: RoadExtract }> {
  const extracts: RoadExtract[] = [];
  for (const { name, file } of files) {
    try {
      extracts.push(
        await readRoadFile(file, name, spec, {
          ...options,
          onProgress: (p) => options.onProgress?.({ ...p, file: name }),
        }),
      );
    } catch (error) {
      throw namingFile(error, name, name);
    }
  }
  const extract = mergeExtracts(extracts);
  const result = traceZoneFromRoads(spec, extract, previous, { date: options.date });
  return { result, report: traceReport(result, spec, extract, previous, options.points ?? []), extract };
}

async function* streamOf(file: Blob): AsyncGenerator<Uint8Array> {
  const reader = file.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}
