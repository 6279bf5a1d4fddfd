/**
 * Route checks off the UI thread: a Web Worker holds the zone index and analyses tracks — flat
 * Float64Arrays transferred to it (drawn routes, the benchmark), or whole files (GPX, KML, GeoJSON, CSV)
 * that it reads and parses itself, so a folder of GPX files never blocks the page. `summariseTrack` and
 * `summariseFile` are the worker's pure core, shared with tests; `createRouteChecker` is the page's side.
 */
import { analyseRoute } from '../geo/analyse-route.ts';
import type { Crs } from '../geo/convert-crs.ts';
import type { ZoneIndex } from '../geo/zone-index.ts';
import { readTrackFile } from '../io/read-file.ts';

/** One crossing of the traced line, as the page shows it. */
export interface CrossingSummary {
  kind: 'entry' | 'exit';
  lng: number;
  lat: number;
  /** ms since epoch; null when the track has no times. */
  time: number | null;
  side: string | null;
  edgeUncertaintyM: number;
}

/** What the page gets back for one track. */
export interface TrackSummary {
  id: number;
  name: string;
  ok: boolean;
  status: 'inside' | 'outside' | 'near' | 'invalid';
  points: number;
  entries: number;
  exits: number;
  crossings: CrossingSummary[];
  lengthM: number;
  lengthInsideM: number;
  durationInsideS: number | null;
  startTime: number | null;
  endTime: number | null;
  /** Where the track ends (WGS-84), or null for an empty track: compared with a permit's destination. */
  end: [number, number] | null;
  /** The track [lng0, lat0, …], only when geometry was asked for. */
  flat?: Float64Array;
  reason?: string;
}

/** What the page gets back for one file. */
export interface FileSummary {
  id: number;
  name: string;
  ok: boolean;
  /** Why the whole file was refused (with its line where known). */
  error?: string;
  tracks: TrackSummary[];
  /** Points left out, with their line (the first 20) and how many in all. */
  refusals: string[];
  refusedCount: number;
}

/** Analyses one flat track [lng0, lat0, lng1, lat1, …] with optional times (NaN where unknown). */
export function summariseTrack(
  index: ZoneIndex,
  id: number,
  flat: Float64Array,
  times: Float64Array | null = null,
  name = `#${id + 1}`,
): TrackSummary {
  const coordinates: number[][] = [];
  const timeList: (number | null)[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) {
    coordinates.push([flat[i] as number, flat[i + 1] as number]);
    const t = times?.[i / 2];
    timeList.push(t === undefined || Number.isNaN(t) ? null : t);
  }
  return summarise(index, id, name, coordinates, timeList);
}

/** Analyses one track given as positions and times (null where unknown). */
function summarise(
  index: ZoneIndex,
  id: number,
  name: string,
  coordinates: readonly (readonly number[])[],
  timeList: readonly (number | null)[],
): TrackSummary {
  const known = timeList.filter((t): t is number => t !== null);
  const base = {
    id,
    name,
    points: coordinates.length,
    startTime: known[0] ?? null,
    endTime: known.at(-1) ?? null,
    end: endOf(coordinates),
  };
  const answer = analyseRoute(index, { coordinates, times: timeList });
  if (!answer.ok)
    return {
      ...base,
      ok: false,
      status: 'invalid',
      entries: 0,
      exits: 0,
      crossings: [],
      lengthM: 0,
      lengthInsideM: 0,
      durationInsideS: null,
      reason: answer.reason.message,
    };
  return {
    ...base,
    ok: true,
    status: answer.status,
    entries: answer.crossings.filter((c) => c.kind === 'entry').length,
    exits: answer.crossings.filter((c) => c.kind === 'exit').length,
    crossings: answer.crossings.map((c) => ({
      kind: c.kind,
      lng: c.point[0],
      lat: c.point[1],
      time: c.time,
      side: c.side?.id ?? null,
      edgeUncertaintyM: c.edgeUncertaintyM,
    })),
    lengthM: answer.lengthM,
    lengthInsideM: answer.lengthInsideM,
    durationInsideS: answer.durationInsideS,
  };
}

function endOf(coordinates: readonly (readonly number[])[]): [number, number] | null {
  const last = coordinates.at(-1);
  return last && Number.isFinite(last[0]) && Number.isFinite(last[1]) ? [last[0] as number, last[1] as number] : null;
}

/** Reads and analyses one file; a file that cannot be read gives ok: false with the reason. */
export async function summariseFile(
  index: ZoneIndex,
  id: number,
  file: Blob,
  name: string,
  crs: Crs,
  geometry: boolean,
): Promise<FileSummary> {
  try {
    const read = await readTrackFile(file, name, crs);
    const tracks = read.tracks.map((track, k) => {
      const summary = summarise(index, k, track.name, track.coordinates, track.times);
      return geometry ? { ...summary, flat: new Float64Array(track.coordinates.flat()) } : summary;
    });
    return {
      id,
      name,
      ok: true,
      tracks,
      refusals: read.refusals.slice(0, 20).map((r) => r.reason.message),
      refusedCount: read.refusals.length,
    };
  } catch (error) {
    return { id, name, ok: false, error: (error as Error).message, tracks: [], refusals: [], refusedCount: 0 };
  }
}

/** Messages to the worker. */
export type RouteWorkerRequest =
  | { type: 'zone'; zone: unknown }
  | { type: 'tracks'; request: number; ids: number[]; tracks: Float64Array[]; times: (Float64Array | null)[] }
  | { type: 'files'; request: number; ids: number[]; files: File[]; crs: Crs; geometry: boolean };

/** Messages from the worker. */
export type RouteWorkerResponse =
  | { type: 'ready' }
  | { type: 'tracks'; request: number; results: TrackSummary[] }
  | { type: 'files'; request: number; results: FileSummary[] }
  | { type: 'error'; request: number | null; message: string };

/** Batches sent ahead of the results. */
const IN_FLIGHT = 3;

/** The page's handle on a route worker. */
export interface RouteChecker {
  /** Checks flat tracks (and optional times, NaN where unknown). */
  check: (
    tracks: Float64Array[],
    onProgress?: (done: number, total: number) => void,
    times?: (Float64Array | null)[],
  ) => Promise<TrackSummary[]>;
  /** Reads and checks files in the worker. With `geometry`, each track's coordinates come back too. */
  checkFiles: (
    files: File[],
    options: { crs?: Crs; geometry?: boolean },
    onProgress?: (done: number, total: number) => void,
  ) => Promise<FileSummary[]>;
  close: () => void;
}

/** Starts a worker for a zone (a zone Feature as stored in data/zones). Tracks go in batches of `batchSize`
 *  (files in batches of 8) so results and progress come back while the rest is being checked. */
export async function createRouteChecker(zone: unknown, batchSize = 25): Promise<RouteChecker> {
  const worker = new Worker(new URL('./route-worker.ts', import.meta.url), { type: 'module' });
  const pending = new Map<number, { take: (r: RouteWorkerResponse) => void; fail: (e: Error) => void }>();
  let nextRequest = 0;
  await new Promise<void>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<RouteWorkerResponse>) =>
      event.data.type === 'ready'
        ? resolve()
        : reject(new Error(event.data.type === 'error' ? event.data.message : 'unexpected message'));
    worker.onerror = (event) => reject(new Error(event.message || 'the route worker failed to start'));
    worker.postMessage({ type: 'zone', zone } satisfies RouteWorkerRequest);
  });
  worker.onmessage = (event: MessageEvent<RouteWorkerResponse>) => {
    const message = event.data;
    if (message.type === 'ready') return;
    const handler = message.request === null ? null : pending.get(message.request);
    if (message.type === 'error') {
      if (handler) handler.fail(new Error(message.message));
      else for (const h of pending.values()) h.fail(new Error(message.message));
      return;
    }
    handler?.take(message);
  };

  /** Sends items in batches; resolves with all results in input order. */
  function run<T extends { id: number }>(
    total: number,
    size: number,
    send: (request: number, start: number, end: number) => void,
    onProgress?: (done: number, total: number) => void,
  ): Promise<T[]> {
    return new Promise((resolve, reject) => {
      if (total === 0) return resolve([]);
      const request = nextRequest++;
      const results: T[] = new Array(total);
      let done = 0;
      let sent = 0;
      // A few batches in flight, the next sent as one comes back: the page never clones (or holds) the
      // whole input at once, and the worker never waits.
      const sendNext = () => {
        if (sent >= total) return;
        const end = Math.min(total, sent + size);
        send(request, sent, end);
        sent = end;
      };
      pending.set(request, {
        take: (message) => {
          const got = (message as unknown as { results: T[] }).results;
          for (const r of got) results[r.id] = r;
          done += got.length;
          sendNext();
          onProgress?.(done, total);
          if (done === total) {
            pending.delete(request);
            resolve(results);
          }
        },
        fail: (error) => {
          pending.delete(request);
          reject(error);
        },
      });
      for (let k = 0; k < IN_FLIGHT; k++) sendNext();
    });
  }

  return {
    close: () => {
      worker.terminate();
      for (const h of pending.values()) h.fail(new Error('the route checker was closed'));
    },
    check: (tracks, onProgress, times = []) =>
      run<TrackSummary>(
        tracks.length,
        batchSize,
        (request, start, end) => {
          const slice = tracks.slice(start, end);
          const timeSlice = slice.map((_, k) => times[start + k] ?? null);
          worker.postMessage(
            {
              type: 'tracks',
              request,
              ids: slice.map((_, k) => start + k),
              tracks: slice,
              times: timeSlice,
            } satisfies RouteWorkerRequest,
            [...slice.map((t) => t.buffer), ...timeSlice.flatMap((t) => (t ? [t.buffer] : []))],
          );
        },
        onProgress,
      ),
    checkFiles: (files, options, onProgress) =>
      run<FileSummary>(
        files.length,
        8,
        (request, start, end) =>
          worker.postMessage({
            type: 'files',
            request,
            ids: files.slice(start, end).map((_, k) => start + k),
            files: files.slice(start, end),
            crs: options.crs ?? 'WGS84',
            geometry: options.geometry ?? false,
          } satisfies RouteWorkerRequest),
        onProgress,
      ),
  };
}
