/**
 * Tracks from files: GPX and KML (through @tmcw/togeojson on an @xmldom/xmldom document), GeoJSON
 * LineString / MultiLineString (times from properties.coordinateProperties.times, as togeojson writes them,
 * or properties.times), and CSV (lng/lat/time columns; one track per value of a track or 车牌 column).
 * Malformed XML is refused with its line; unusable points are reported with their line and left out.
 */
import { gpx, kml } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import { FileFormatError } from '../errors.ts';
import type { Track } from '../geo/analyse-route.ts';
import { pointReason } from '../geo/classify-point.ts';
import { type Crs, toWgs84 } from '../geo/convert-crs.ts';
import type { CsvRow } from './csv-rows.ts';
import { type Columns, findColumns } from './find-columns.ts';
import { parseTime } from './parse-time.ts';
import { fastGpxTracks, isXmlChar } from './read-gpx-fast.ts';
import { featuresOf, labelOf, type PointRefusal } from './read-points.ts';

/** A track with a name (file, trk name, plate …). Coordinates are WGS-84. */
export interface NamedTrack extends Track {
  name: string;
  coordinates: number[][];
  times: (number | null)[];
}

/** What a file gave: its tracks, and the points that were left out. */
export interface TrackRead {
  tracks: NamedTrack[];
  refusals: PointRefusal[];
}

/** Parses GPX or KML text. Throws FileFormatError (with line) when the XML is malformed. A plain GPX is read
 *  by the one-pass reader (read-gpx-fast.ts) unless `fast` is false; everything else through a DOM. */
export function tracksFromXml(text: string, format: 'gpx' | 'kml', crs: Crs = 'WGS84', fast = true): TrackRead {
  const plain = fast && format === 'gpx' ? fastGpxTracks(text) : null;
  if (plain) return tracksFromGeoJson({ type: 'FeatureCollection', features: plain }, crs);
  refuseBadCharacterReferences(text, format);
  let document: ReturnType<DOMParser['parseFromString']>;
  try {
    document = new DOMParser({ onError: () => undefined }).parseFromString(text, 'text/xml');
  } catch (error) {
    // xmldom reports line 0 for a document with no element at all: lines are 1-based, so leave it out.
    const reported = (error as { locator?: { lineNumber?: number } }).locator?.lineNumber;
    const line = typeof reported === 'number' && reported >= 1 ? reported : undefined;
    throw new FileFormatError(
      `not valid ${format.toUpperCase()}: ${(error as Error).message}${line ? ` (line ${line})` : ''}`,
      { line },
    );
  }
  const root = document.documentElement?.nodeName.toLowerCase() ?? '';
  if (format === 'gpx' && root !== 'gpx') throw new FileFormatError(`not a GPX file: the root element is <${root}>`);
  if (format === 'kml' && root !== 'kml') throw new FileFormatError(`not a KML file: the root element is <${root}>`);
  const collection = format === 'gpx' ? gpx(document as never) : kml(document as never);
  return tracksFromGeoJson(collection, crs);
}

/** Throws FileFormatError (with line) at the first character reference that is no XML 1.0 character
 *  (&#x110000;, &#0;, a surrogate): xmldom would turn it into U+FFFD and read on. One pass; lines are counted
 *  only up to the reference found. */
function refuseBadCharacterReferences(text: string, format: 'gpx' | 'kml'): void {
  const reference = /&#(?:x([0-9a-fA-F]+)|(\d+));/g;
  for (let m = reference.exec(text); m !== null; m = reference.exec(text)) {
    const code = m[1] !== undefined ? Number.parseInt(m[1], 16) : Number(m[2]);
    if (isXmlChar(code)) continue;
    let line = 1;
    for (let i = text.indexOf('\n'); i !== -1 && i < m.index; i = text.indexOf('\n', i + 1)) line++;
    throw new FileFormatError(
      `not valid ${format.toUpperCase()}: "${m[0]}" is not an XML character (line ${line}) / 不是合法的 XML 字符（第 ${line} 行）`,
      { line },
    );
  }
}

/** Tracks from a parsed GeoJSON document. */
export function tracksFromGeoJson(document: unknown, crs: Crs = 'WGS84'): TrackRead {
  const out: TrackRead = { tracks: [], refusals: [] };
  featuresOf(document).forEach((raw, k) => {
    const f = raw as {
      geometry?: { type?: string; coordinates?: unknown };
      properties?: Record<string, unknown> | null;
    };
    if (!f || typeof f !== 'object') {
      out.refusals.push({
        ok: false,
        line: k + 1,
        reason: {
          code: 'NOT_A_FEATURE',
          message: `feature ${k + 1} is ${f === null ? 'null' : typeof f}, not a GeoJSON Feature`,
        },
      });
      return;
    }
    const props = f.properties && typeof f.properties === 'object' ? f.properties : {};
    const g = f.geometry && typeof f.geometry === 'object' ? f.geometry : undefined;
    const name = labelOf(props.name ?? props.id, `track ${k + 1}`);
    const times = ((props.coordinateProperties as { times?: unknown } | undefined)?.times ?? props.times) as unknown;
    if (g?.type === 'LineString') addLine(out, name, k + 1, g.coordinates, times, crs);
    else if (g?.type === 'MultiLineString' && Array.isArray(g.coordinates)) {
      for (const [part, line] of g.coordinates.entries()) {
        const partTimes = Array.isArray(times) ? times[part] : undefined;
        addLine(out, `${name} (${part + 1})`, k + 1, line, partTimes, crs);
      }
    }
  });
  if (out.tracks.length === 0 && out.refusals.length === 0)
    throw new FileFormatError('the file holds no track (LineString, GPX <trk>/<rte> or KML LineString)');
  return out;
}

function addLine(out: TrackRead, name: string, feature: number, coordinates: unknown, times: unknown, crs: Crs): void {
  if (!Array.isArray(coordinates)) {
    out.refusals.push({
      ok: false,
      line: feature,
      reason: { code: 'BAD_POSITION', message: `feature ${feature}: no coordinates` },
    });
    return;
  }
  const track: NamedTrack = { name, coordinates: [], times: [] };
  coordinates.forEach((p: unknown, i: number) => {
    const pos = p as number[];
    const reason = pointReason(pos?.[0], pos?.[1]);
    if (reason) {
      out.refusals.push({
        ok: false,
        line: feature,
        reason: { ...reason, message: `feature ${feature} point ${i + 1}: ${reason.message}` },
      });
      return;
    }
    track.coordinates.push(
      crs === 'WGS84' ? [pos[0] as number, pos[1] as number] : toWgs84([pos[0] as number, pos[1] as number], crs),
    );
    const t = Array.isArray(times) ? times[i] : undefined;
    track.times.push(typeof t === 'string' ? parseTime(t) : typeof t === 'number' ? t : null);
  });
  if (track.coordinates.length > 0) out.tracks.push(track);
}

/** Tracks from CSV rows (first row is the header). Rows are grouped by the track column, in file order. */
export async function tracksFromCsv(rows: AsyncIterable<CsvRow>, crs: Crs = 'WGS84'): Promise<TrackRead> {
  let columns: Columns | null = null;
  const byName = new Map<string, NamedTrack>();
  const refusals: PointRefusal[] = [];
  for await (const row of rows) {
    if (columns === null) {
      columns = findColumns(row.fields);
      if (columns.lng < 0 || columns.lat < 0)
        throw new FileFormatError('a track CSV needs separate longitude and latitude columns', { line: 1 });
      continue;
    }
    if (row.fields.every((f) => f.trim() === '')) continue;
    const lng = Number((row.fields[columns.lng] ?? '').trim() || Number.NaN);
    const lat = Number((row.fields[columns.lat] ?? '').trim() || Number.NaN);
    const reason = pointReason(lng, lat);
    if (reason) {
      refusals.push({
        ok: false,
        line: row.line,
        reason: { ...reason, message: `line ${row.line}: ${reason.message}` },
      });
      continue;
    }
    const timeText = columns.time >= 0 ? (row.fields[columns.time] ?? '') : '';
    const time = timeText.trim() === '' ? null : parseTime(timeText);
    if (timeText.trim() !== '' && time === null) {
      refusals.push({
        ok: false,
        line: row.line,
        reason: { code: 'BAD_TIME', message: `line ${row.line}: "${timeText}" is not a time` },
      });
      continue;
    }
    const name = columns.track >= 0 ? (row.fields[columns.track] ?? '').trim() || 'track' : 'track';
    let track = byName.get(name);
    if (!track) {
      track = { name, coordinates: [], times: [] };
      byName.set(name, track);
    }
    track.coordinates.push(crs === 'WGS84' ? [lng, lat] : toWgs84([lng, lat], crs));
    track.times.push(time);
  }
  if (columns === null) throw new FileFormatError('the CSV is empty');
  return { tracks: [...byName.values()], refusals };
}
