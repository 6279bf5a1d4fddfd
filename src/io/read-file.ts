/**
 * Files chosen in the browser (or handed to a worker) as text: streamed, with the encoding sniffed like the
 * CLI's files (UTF-8, else GB18030), and track files read by their extension. The browser's counterpart of
 * src/cli/node-files.ts.
 */
import { FileFormatError, InputError } from '../errors.ts';
import type { Crs } from '../geo/convert-crs.ts';
import { readCsvRows } from './csv-rows.ts';
import { decodeChunks } from './decode-text.ts';
import { jsonErrorLine } from './json-error-line.ts';
import { type TrackRead, tracksFromCsv, tracksFromGeoJson, tracksFromXml } from './read-tracks.ts';

/** GPX, KML and GeoJSON are parsed whole; larger files are refused with their size (CSV streams). */
export const WHOLE_FILE_LIMIT_BYTES = 256 * 1024 * 1024;

/** A track file's format by its extension. */
export function trackFormatOf(name: string): 'csv' | 'geojson' | 'gpx' | 'kml' {
  const ext = /\.[^./\\]+$/.exec(name)?.[0].toLowerCase() ?? '';
  if (ext === '.csv' || ext === '.txt') return 'csv';
  if (ext === '.geojson' || ext === '.json') return 'geojson';
  if (ext === '.gpx') return 'gpx';
  if (ext === '.kml') return 'kml';
  throw new InputError(
    'UNSUPPORTED_FORMAT',
    `${name}: unsupported file type "${ext || '(none)'}" (use .csv, .geojson, .gpx or .kml)`,
  );
}

/** A Blob's text in chunks, decoded as UTF-8 or GB18030. */
export async function* blobTextChunks(blob: Blob): AsyncGenerator<string> {
  const reader = blob.stream().getReader();
  async function* bytes(): AsyncGenerator<Uint8Array> {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  }
  yield* decodeChunks(bytes());
}

/** A Blob's whole text (refused above the limit, naming the size). */
export async function blobText(blob: Blob, name: string): Promise<string> {
  if (blob.size > WHOLE_FILE_LIMIT_BYTES)
    throw new InputError(
      'MALFORMED_FILE',
      `${name} is ${(blob.size / 2 ** 20).toFixed(0)} MiB; GPX, KML and GeoJSON files are limited to ${WHOLE_FILE_LIMIT_BYTES / 2 ** 20} MiB (CSV has no limit)`,
    );
  let text = '';
  for await (const chunk of blobTextChunks(blob)) text += chunk;
  return text;
}

/** Parses JSON, naming the line of a syntax error. */
export function parseJsonText(text: string, label: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const line = jsonErrorLine(text) ?? undefined;
    throw new FileFormatError(
      `${label} is not valid JSON${line ? ` (line ${line})` : ''}: ${(error as Error).message}`,
      { line },
    );
  }
}

/** The tracks of one chosen file. Throws InputError / FileFormatError naming the file and the line. */
export async function readTrackFile(blob: Blob, name: string, crs: Crs = 'WGS84'): Promise<TrackRead> {
  const format = trackFormatOf(name);
  if (format === 'csv') return tracksFromCsv(readCsvRows(blobTextChunks(blob)), crs);
  const text = await blobText(blob, name);
  if (format === 'geojson') return tracksFromGeoJson(parseJsonText(text, name), crs);
  return tracksFromXml(text, format, crs);
}
