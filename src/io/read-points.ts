/**
 * Points to check, from CSV rows (streamed) or a GeoJSON document. Each point is converted to WGS-84 from
 * the CRS the caller names; a row that cannot be used comes out as a refusal with its line and reason,
 * so one bad row never stops a run.
 */
import type { Reason } from '../errors.ts';
import { pointReason } from '../geo/classify-point.ts';
import { type Crs, toWgs84 } from '../geo/convert-crs.ts';
import { parseCoordinates } from '../geo/parse-coordinates.ts';
import type { CsvRow } from './csv-rows.ts';
import { type Columns, findColumns } from './find-columns.ts';

/** A usable point: WGS-84 lng/lat, plus what the source gave. */
export interface PointInput {
  ok: true;
  /** 1-based line (CSV) or feature number (GeoJSON). */
  line: number;
  id: string;
  lng: number;
  lat: number;
  source: [number, number];
}

/** A row or feature that could not be used. */
export interface PointRefusal {
  ok: false;
  line: number;
  reason: Reason;
}

/** Options for reading points. */
export interface PointReadOptions {
  crs?: Crs;
  lngColumn?: string;
  latColumn?: string;
}

/** Reads points from CSV rows; the first row is the header. */
export async function* pointsFromCsv(
  rows: AsyncIterable<CsvRow>,
  options: PointReadOptions = {},
): AsyncGenerator<PointInput | PointRefusal> {
  let columns: Columns | null = null;
  for await (const row of rows) {
    if (columns === null) {
      columns = findColumns(row.fields, { lng: options.lngColumn, lat: options.latColumn });
      continue;
    }
    if (isBlank(row.fields)) continue;
    yield pointFromRow(row, columns, options.crs ?? 'WGS84');
  }
}

/** The same points as pointsFromCsv, from batches of rows (readCsvBatches) in batches: one await per
 *  batch, for files of millions of rows. */
export async function* pointBatchesFromCsv(
  batches: AsyncIterable<CsvRow[]>,
  options: PointReadOptions = {},
): AsyncGenerator<(PointInput | PointRefusal)[]> {
  let columns: Columns | null = null;
  const crs = options.crs ?? 'WGS84';
  for await (const rows of batches) {
    const points: (PointInput | PointRefusal)[] = [];
    for (const row of rows) {
      if (columns === null) {
        columns = findColumns(row.fields, { lng: options.lngColumn, lat: options.latColumn });
        continue;
      }
      if (isBlank(row.fields)) continue;
      points.push(pointFromRow(row, columns, crs));
    }
    if (points.length > 0) yield points;
  }
}

/** A row of empty or blank cells only (skipped, as spreadsheets leave them at the end of a sheet). */
function isBlank(fields: string[]): boolean {
  for (const f of fields) if (f !== '' && f.trim() !== '') return false;
  return true;
}

function pointFromRow(row: CsvRow, columns: Columns, crs: Crs): PointInput | PointRefusal {
  const id = columns.id >= 0 ? (row.fields[columns.id] ?? '').trim() : '';
  let lng: number;
  let lat: number;
  if (columns.lng >= 0 && columns.lat >= 0) {
    const lngText = (row.fields[columns.lng] ?? '').trim();
    const latText = (row.fields[columns.lat] ?? '').trim();
    if (lngText === '' || latText === '')
      return refuse(row.line, 'MISSING_VALUE', `line ${row.line}: longitude or latitude is empty`);
    lng = Number(lngText);
    lat = Number(latText);
    if (!Number.isFinite(lng) || !Number.isFinite(lat)) {
      // Not plain decimals: maybe degrees-minutes-seconds in each column.
      const parsed = parseCoordinates(
        `${/[EW东西]/.test(lngText) ? '' : 'E'}${lngText} ${/[NS北南]/.test(latText) ? '' : 'N'}${latText}`,
      );
      if (!parsed.ok)
        return refuse(row.line, 'NOT_A_NUMBER', `line ${row.line}: "${lngText}", "${latText}" are not coordinates`);
      lng = parsed.lng;
      lat = parsed.lat;
    }
  } else {
    const parsed = parseCoordinates(row.fields[columns.pair] ?? '');
    if (!parsed.ok) return refuse(row.line, parsed.reason.code, `line ${row.line}: ${parsed.reason.message}`);
    lng = parsed.lng;
    lat = parsed.lat;
  }
  return checked(row.line, id, lng, lat, crs);
}

/** Reads Point and MultiPoint features of a parsed GeoJSON document (Feature, FeatureCollection or geometry). */
export function* pointsFromGeoJson(
  document: unknown,
  options: PointReadOptions = {},
): Generator<PointInput | PointRefusal> {
  const crs = options.crs ?? 'WGS84';
  const features = featuresOf(document);
  for (let k = 0; k < features.length; k++) {
    const f = features[k] as {
      geometry?: { type?: string; coordinates?: unknown };
      properties?: Record<string, unknown>;
    };
    const n = k + 1;
    if (!f || typeof f !== 'object') {
      yield refuse(n, 'NOT_A_FEATURE', `feature ${n} is ${f === null ? 'null' : typeof f}, not a GeoJSON Feature`);
      continue;
    }
    const props = f.properties && typeof f.properties === 'object' ? f.properties : {};
    const id = labelOf(props.id ?? props.name ?? props.名称, '');
    const g = f.geometry;
    if (!g || (g.type !== 'Point' && g.type !== 'MultiPoint')) {
      const what = !g ? 'no geometry' : typeof g !== 'object' ? `a ${typeof g} geometry` : labelOf(g.type, 'untyped');
      yield refuse(n, 'NOT_A_POINT', `feature ${n}: ${what} is not a Point`);
      continue;
    }
    const positions = (g.type === 'Point' ? [g.coordinates] : g.coordinates) as unknown[];
    if (!Array.isArray(positions)) {
      yield refuse(n, 'BAD_POSITION', `feature ${n}: coordinates are not an array`);
      continue;
    }
    for (const p of positions) {
      const pos = p as unknown[];
      yield checked(n, id, pos?.[0] as number, pos?.[1] as number, crs);
    }
  }
}

/** A property as a label: strings and numbers as they are, anything else (an object whose `toString` is not a
 *  function, an array, a boolean) as JSON, clipped — `String()` throws on `{"toString": 1}`. */
export function labelOf(value: unknown, fallback: string): string {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const json = JSON.stringify(value) ?? fallback;
  return json.length > 200 ? `${json.slice(0, 200)}…` : json;
}

/** The features of a GeoJSON document, or one pseudo-feature for a bare geometry. */
export function featuresOf(document: unknown): unknown[] {
  const d = document as { type?: string; features?: unknown[] };
  if (d?.type === 'FeatureCollection' && Array.isArray(d.features)) return d.features;
  if (d?.type === 'Feature') return [d];
  if (typeof d?.type === 'string') return [{ type: 'Feature', properties: {}, geometry: d }];
  return [];
}

function checked(line: number, id: string, lng: number, lat: number, crs: Crs): PointInput | PointRefusal {
  const reason = pointReason(lng, lat);
  if (reason) return refuse(line, reason.code, `line ${line}: ${reason.message}`);
  const [x, y] = crs === 'WGS84' ? [lng, lat] : toWgs84([lng, lat], crs);
  return { ok: true, line, id, lng: x, lat: y, source: [lng, lat] };
}

function refuse(line: number, code: string, message: string): PointRefusal {
  return { ok: false, line, reason: { code, message } };
}
