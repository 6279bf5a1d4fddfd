/**
 * Batch route checks off the UI thread: a Web Worker holds the zone index and analyses tracks sent to it as
 * flat Float64Arrays (transferred, not copied). `summariseTrack` is the worker's pure core, shared with
 * tests; `createRouteChecker` is the page's side.
 */
import { analyseRoute } from '../geo/analyse-route.ts';
import type { ZoneIndex } from '../geo/zone-index.ts';

/** What the page gets back for one track. */
export interface TrackSummary {
  id: number;
  ok: boolean;
  status: 'inside' | 'outside' | 'near' | 'invalid';
  entries: number;
  exits: number;
  lengthInsideM: number;
  reason?: string;
}

/** Analyses one flat track [lng0, lat0, lng1, lat1, …]. */
export function summariseTrack(index: ZoneIndex, id: number, flat: Float64Array): TrackSummary {
  const coordinates: number[][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) coordinates.push([flat[i] as number, flat[i + 1] as number]);
  const answer = analyseRoute(index, { coordinates });
  if (!answer.ok)
    return { id, ok: false, status: 'invalid', entries: 0, exits: 0, lengthInsideM: 0, reason: answer.reason.message };
  return {
    id,
    ok: true,
    status: answer.status,
    entries: answer.crossings.filter((c) => c.kind === 'entry').length,
    exits: answer.crossings.filter((c) => c.kind === 'exit').length,
    lengthInsideM: answer.lengthInsideM,
  };
}

/** Messages to the worker. */
export type RouteWorkerRequest =
  | { type: 'zone'; zone: unknown }
  | { type: 'tracks'; batch: number; ids: number[]; tracks: Float64Array[] };

/** Messages from the worker. */
export type RouteWorkerResponse =
  | { type: 'ready' }
  | { type: 'results'; batch: number; results: TrackSummary[] }
  | { type: 'error'; message: string };

/** The page's handle on a route worker. */
export interface RouteChecker {
  check: (tracks: Float64Array[], onProgress?: (done: number, total: number) => void) => Promise<TrackSummary[]>;
  close: () => void;
}

/** Starts a worker for a zone (a zone Feature as stored in data/zones). */
export async function createRouteChecker(zone: unknown, batchSize = 25): Promise<RouteChecker> {
  const worker = new Worker(new URL('./route-worker.ts', import.meta.url), { type: 'module' });
  await new Promise<void>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<RouteWorkerResponse>) =>
      event.data.type === 'ready'
        ? resolve()
        : reject(new Error(event.data.type === 'error' ? event.data.message : 'unexpected message'));
    worker.postMessage({ type: 'zone', zone } satisfies RouteWorkerRequest);
  });
  return {
    close: () => worker.terminate(),
    check: (tracks, onProgress) =>
      new Promise((resolve, reject) => {
        const results: TrackSummary[] = new Array(tracks.length);
        let done = 0;
        worker.onmessage = (event: MessageEvent<RouteWorkerResponse>) => {
          const message = event.data;
          if (message.type === 'error') return reject(new Error(message.message));
          if (message.type !== 'results') return;
          for (const r of message.results) results[r.id] = r;
          done += message.results.length;
          onProgress?.(done, tracks.length);
          if (done === tracks.length) resolve(results);
        };
        if (tracks.length === 0) resolve([]);
        for (let start = 0, batch = 0; start < tracks.length; start += batchSize, batch++) {
          const slice = tracks.slice(start, start + batchSize);
          const ids = slice.map((_, k) => start + k);
          worker.postMessage(
            { type: 'tracks', batch, ids, tracks: slice } satisfies RouteWorkerRequest,
            slice.map((t) => t.buffer),
          );
        }
      }),
  };
}
