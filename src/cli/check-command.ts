/**
 * `coalzone check FILE`: one answer per point (CSV or JSON Lines on stdout), refused rows with their line on
 * stderr, and a summary. CSV streams (bounded memory at any size); GeoJSON is read whole.
 */
import type { Writable } from 'node:stream';
import { CoalzoneError } from '../errors.ts';
import { classifyPointInZones, type PointAnswer } from '../geo/classify-point.ts';
import type { Crs } from '../geo/convert-crs.ts';
import { readCsvRows } from '../io/csv-rows.ts';
import { csvLine } from '../io/csv-write.ts';
import { type PointInput, type PointRefusal, pointsFromCsv, pointsFromGeoJson } from '../io/read-points.ts';
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
  const points: AsyncIterable<PointInput | PointRefusal> | Iterable<PointInput | PointRefusal> =
    format === 'csv'
      ? pointsFromCsv(readCsvRows(textStream(path)), {
          crs: options.crs,
          lngColumn: options.lngColumn,
          latColumn: options.latColumn,
        })
      : pointsFromGeoJson(parseJson(readWhole(path), path), { crs: options.crs });
  const indexes = zones.map((z) => z.index);
  const output = new OutputBuffer(out);
  const summary: Summary = { total: 0, inside: 0, outside: 0, near: 0, refused: 0 };
  if (options.format === 'csv') await output.write(csvLine(HEADER));
  for await (const point of points) {
    summary.total++;
    if (!point.ok) {
      summary.refused++;
      reportRefusal(err, summary.refused, point);
      continue;
    }
    const result = classifyPointInZones(indexes, point.lng, point.lat, { accuracyM: options.accuracyM });
    if (!result.ok) {
      summary.refused++;
      reportRefusal(err, summary.refused, { ok: false, line: point.line, reason: result.reason });
      continue;
    }
    summary[result.status]++;
    const answer = result.zones.find((z) => z.status === result.status) as PointAnswer;
    await output.write(
      options.format === 'csv' ? csvLine(row(point, answer)) : `${JSON.stringify(record(point, answer))}\n`,
    );
  }
  await output.flush();
  for (const line of summaryLines(summary, zones)) err.write(`${line}\n`);
  return summary;
}

function row(point: PointInput, a: PointAnswer): unknown[] {
  return [
    point.line,
    point.id,
    round(point.lng, 7),
    round(point.lat, 7),
    a.status,
    a.traced,
    round(a.signedDistanceM, 2),
    a.nearestSide?.id ?? '',
    a.uncertaintyM,
    a.zoneId,
    a.zoneVersion,
  ];
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
