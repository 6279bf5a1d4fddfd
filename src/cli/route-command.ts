/** `coalzone route FILE…`: one answer per track (CSV or JSON Lines), with every entry and exit. */
import type { Writable } from 'node:stream';
import { CoalzoneError } from '../errors.ts';
import { analyseRoute, type RouteAnswer } from '../geo/analyse-route.ts';
import type { Crs } from '../geo/convert-crs.ts';
import { readCsvRows } from '../io/csv-rows.ts';
import { csvLine } from '../io/csv-write.ts';
import { formatBeijingTime } from '../io/parse-time.ts';
import { type NamedTrack, type TrackRead, tracksFromCsv, tracksFromGeoJson, tracksFromXml } from '../io/read-tracks.ts';
import type { LoadedZone } from '../zones/catalogue.ts';
import { round } from './check-command.ts';
import { formatOf, parseJson, readWhole, textStream } from './node-files.ts';
import { reportRefusal } from './report.ts';

/** Options of the route command. */
export interface RouteOptions {
  crs: Crs;
  format: 'csv' | 'json';
  accuracyM: number;
}

/** Reads the tracks of one file. */
export async function readTracks(path: string, crs: Crs): Promise<TrackRead> {
  const format = path === '-' ? 'csv' : formatOf(path);
  if (format === 'csv') return tracksFromCsv(readCsvRows(textStream(path)), crs);
  if (format === 'geojson') return tracksFromGeoJson(parseJson(readWhole(path), path), crs);
  return tracksFromXml(readWhole(path), format, crs);
}

/** Runs the route analysis over files; resolves to the number of tracks that enter any zone. */
export async function runRoute(
  paths: readonly string[],
  zones: LoadedZone[],
  options: RouteOptions,
  out: Writable,
  err: Writable,
): Promise<{ tracks: number; inside: number; near: number; outside: number }> {
  const counts = { tracks: 0, inside: 0, near: 0, outside: 0 };
  if (options.format === 'csv')
    out.write(
      csvLine([
        'file',
        'track',
        'zone',
        'status',
        'enters',
        'entries',
        'exits',
        'length_m',
        'length_inside_m',
        'duration_inside_s',
        'crossings',
      ]),
    );
  let refused = 0;
  for (const path of paths) {
    const read = await readTracks(path, options.crs).catch((error: unknown) => {
      // With several files, say which one could not be read.
      if (error instanceof CoalzoneError && paths.length > 1 && !error.message.includes(path))
        throw new CoalzoneError(error.code, `${path}: ${error.message}`, { ...error.detail });
      throw error;
    });
    for (const refusal of read.refusals)
      reportRefusal(err, ++refused, {
        ...refusal,
        reason: { ...refusal.reason, message: `${path}: ${refusal.reason.message}` },
      });
    for (const track of read.tracks) {
      counts.tracks++;
      const answers = zones.map((z) => analyseRoute(z.index, track, { accuracyM: options.accuracyM }));
      const valid = answers.filter((a): a is RouteAnswer => a.ok);
      const best = valid.find((a) => a.status === 'inside') ?? valid.find((a) => a.status === 'near') ?? valid[0];
      if (!best) {
        const reason = answers.find((a) => !a.ok);
        err.write(`skipped ${path} ${track.name}: ${reason && !reason.ok ? reason.reason.message : 'no zone'}\n`);
        continue;
      }
      counts[best.status]++;
      out.write(
        options.format === 'csv' ? csvLine(row(path, track, best)) : `${JSON.stringify(record(path, track, best))}\n`,
      );
    }
  }
  err.write(`轨迹 ${counts.tracks} 条：进入 ${counts.inside}，临界 ${counts.near}，未进入 ${counts.outside}\n`);
  err.write(
    `tracks ${counts.tracks}: enter ${counts.inside}, near the line ${counts.near}, stay outside ${counts.outside}\n`,
  );
  return counts;
}

function describeCrossings(a: RouteAnswer): string {
  return a.crossings
    .map(
      (c) =>
        `${c.kind === 'entry' ? '进入' : '离开'} ${c.side?.id ?? '?'} ${round(c.point[0], 6)},${round(c.point[1], 6)}${c.time !== null ? ` ${formatBeijingTime(c.time)}` : ''}`,
    )
    .join('; ');
}

function row(path: string, track: NamedTrack, a: RouteAnswer): unknown[] {
  return [
    path,
    track.name,
    a.zoneId,
    a.status,
    a.enters,
    a.crossings.filter((c) => c.kind === 'entry').length,
    a.crossings.filter((c) => c.kind === 'exit').length,
    round(a.lengthM, 1),
    round(a.lengthInsideM, 1),
    a.durationInsideS === null ? '' : round(a.durationInsideS, 1),
    describeCrossings(a),
  ];
}

function record(path: string, track: NamedTrack, a: RouteAnswer) {
  return {
    file: path,
    track: track.name,
    zone: a.zoneId,
    zoneVersion: a.zoneVersion,
    status: a.status,
    enters: a.enters,
    startsInside: a.startsInside,
    endsInside: a.endsInside,
    lengthM: round(a.lengthM, 1),
    lengthInsideM: round(a.lengthInsideM, 1),
    durationS: a.durationS,
    durationInsideS: a.durationInsideS === null ? null : round(a.durationInsideS, 1),
    crossings: a.crossings.map((c) => ({
      kind: c.kind,
      lng: round(c.point[0], 7),
      lat: round(c.point[1], 7),
      time: c.time === null ? null : formatBeijingTime(c.time),
      side: c.side?.id ?? null,
      clause: c.side?.clause ?? null,
      edgeUncertaintyM: c.edgeUncertaintyM,
    })),
  };
}
