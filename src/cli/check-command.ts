/**
 * `coalzone check FILE`: one answer per point (CSV or JSON Lines on stdout), refused rows with their line on
 * stderr, and a summary. CSV streams (bounded memory at any size); GeoJSON is read whole.
 */
import type { Writable } from 'node:stream';
import { CoalzoneError } from '../errors.ts';
import { classifyPointInZones, type PointAnswer } from '../geo/classify-point.ts';
import type { Crs } from '../geo/convert-crs.ts';
import { readCsvBatches } from '../io/csv-rows.ts';
import { csvCell, csvLine, decimalCell } from '../io/csv-write.ts';
import { type PointInput, type PointRefusal, pointBatchesFromCsv, pointsFromGeoJson } from '../io/read-points.ts';
import type { LoadedZone } from '../zones/catalogue.ts';
import { formatOf, OutputBuffer, parseJson, readWhole, textStream } from './node-files.ts';
import { reportRefusal, type Summary, summaryLines } from './report.ts';

/** Options of the check command. */
export interface CheckOptions {
  crs: Crs;
  format: 'csv' | 'json';
  accuracyM: number;
  lngColumn?: string;
  latColumn?: string;
}

const HEADER = [
  'line',
  'id',
  'lng_wgs84',
  'lat_wgs84',
  'status',
  'traced',
  'signed_distance_m',
  'side',
  'uncertainty_m',
  'zone',
  'zone_version',
] as const;

/** Runs the check; resolves to the summary. */
export async function runCheck(
  path: string,
  zones: LoadedZone[],
  options: CheckOptions,
  out: Writable,
  err: Writable,
): Promise<Summary> {
  const format = path === '-' ? 'csv' : formatOf(path);
  if (format === 'gpx' || format === 'kml')
    throw new CoalzoneError(
      'UNSUPPORTED_FORMAT',
      `${path}: GPX 与 KML 是轨迹文件，请用 "coalzone route ${path}" / GPX and KML hold tracks; use "coalzone route ${path}"`,
    );
  const batches: AsyncIterable<(PointInput | PointRefusal)[]> | Iterable<(PointInput | PointRefusal)[]> =
    format === 'csv'
      ? pointBatchesFromCsv(readCsvBatches(textStream(path)), {
          crs: options.crs,
          lngColumn: options.lngColumn,
          latColumn: options.latColumn,
        })
      : batchesOf(pointsFromGeoJson(parseJson(readWhole(path), path), { crs: options.crs }), 4096);
  const indexes = zones.map((z) => z.index);
  const output = new OutputBuffer(out);
  const summary: Summary = { total: 0, inside: 0, outside: 0, near: 0, refused: 0 };
  const cells = new CellCache();
  const classify = { accuracyM: options.accuracyM };
  if (options.format === 'csv') await output.write(csvLine(HEADER));
  // One batch (a chunk of the file) at a time: a synchronous loop over its points, one string for its
  // answers, one write that waits for the stream to drain — no await per row.
  for await (const points of batches) {
    let text = '';
    for (const point of points) {
      summary.total++;
      if (!point.ok) {
        summary.refused++;
        reportRefusal(err, summary.refused, point);
        continue;
      }
      const result = classifyPointInZones(indexes, point.lng, point.lat, classify);
      if (!result.ok) {
        summary.refused++;
        reportRefusal(err, summary.refused, { ok: false, line: point.line, reason: result.reason });
        continue;
      }
      summary[result.status]++;
      const answer = result.zones.find((z) => z.status === result.status) as PointAnswer;
      text += options.format === 'csv' ? csvRow(point, answer, cells) : `${JSON.stringify(record(point, answer))}\n`;
    }
    await output.write(text);
  }
  await output.flush();
  for (const line of summaryLines(summary, zones)) err.write(`${line}\n`);
  return summary;
}

/** Groups an iterable into arrays of up to `size`. */
function* batchesOf<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** Escaped cells of the values that repeat on every row (side, zone id and version), escaped once. */
class CellCache {
  private readonly cells = new Map<string, string>();
  cell(text: string): string {
    let cell = this.cells.get(text);
    if (cell === undefined) {
      cell = csvCell(text);
      if (this.cells.size < 1024) this.cells.set(text, cell);
    }
    return cell;
  }
}

/** One output line, the same cells as csvLine of the row's values (rounded numbers through decimalCell,
 *  which writes what csvCell would; the status words need no escaping), without an array per row. */
function csvRow(point: PointInput, a: PointAnswer, cells: CellCache): string {
  const id = point.id === '' ? '' : csvCell(point.id);
  const side = a.nearestSide ? cells.cell(a.nearestSide.id) : '';
  return `${point.line},${id},${decimalCell(point.lng, 7)},${decimalCell(point.lat, 7)},${a.status},${a.traced},${decimalCell(a.signedDistanceM, 2)},${side},${numberCell(a.uncertaintyM)},${cells.cell(a.zoneId)},${cells.cell(a.zoneVersion)}\r\n`;
}

/** A number as csvCell writes it. */
function numberCell(n: number): string {
  return Number.isFinite(n) ? String(n) : '';
}

function record(point: PointInput, a: PointAnswer) {
  return {
    line: point.line,
    id: point.id,
    lng: round(point.lng, 7),
    lat: round(point.lat, 7),
    status: a.status,
    traced: a.traced,
    signedDistanceM: round(a.signedDistanceM, 2),
    side: a.nearestSide?.id ?? null,
    clause: a.nearestSide?.clause ?? null,
    uncertaintyM: a.uncertaintyM,
    zone: a.zoneId,
    zoneVersion: a.zoneVersion,
    zoneStatus: a.zoneStatus,
  };
}

/** Rounds to `digits` decimals. */
export function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
