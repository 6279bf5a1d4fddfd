/// <reference lib="webworker" />
/** The route worker: builds the zone index once, then analyses batches of tracks or files (route-batch.ts). */

import type { ZoneFeature } from '../geo/zone.ts';
import { buildZoneIndex, type ZoneIndex } from '../geo/zone-index.ts';
import { type RouteWorkerRequest, type RouteWorkerResponse, summariseFile, summariseTrack } from './route-batch.ts';

let index: ZoneIndex | null = null;
const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: RouteWorkerResponse, transfer: Transferable[] = []) => scope.postMessage(message, transfer);

// Requests are handled one after another, so batches answer in order even while a file is being read.
let queue: Promise<void> = Promise.resolve();
self.onmessage = (event: MessageEvent<RouteWorkerRequest>) => {
  queue = queue.then(() => handle(event.data));
};

async function handle(message: RouteWorkerRequest): Promise<void> {
  const request = message.type === 'zone' ? null : message.request;
  try {
    if (message.type === 'zone') {
      index = buildZoneIndex(message.zone as ZoneFeature);
      post({ type: 'ready' });
      return;
    }
    if (!index) throw new Error('no zone loaded');
    const zone = index;
    if (message.type === 'tracks') {
      post({
        type: 'tracks',
        request: message.request,
        results: message.tracks.map((t, k) =>
          summariseTrack(zone, message.ids[k] as number, t, message.times[k] ?? null),
        ),
      });
      return;
    }
    const results = [];
    for (const [k, file] of message.files.entries())
      results.push(await summariseFile(zone, message.ids[k] as number, file, file.name, message.crs, message.geometry));
    post(
      { type: 'files', request: message.request, results },
      results.flatMap((r) => r.tracks.flatMap((t) => (t.flat ? [t.flat.buffer] : []))),
    );
  } catch (error) {
    post({ type: 'error', request, message: (error as Error).message });
  }
}
