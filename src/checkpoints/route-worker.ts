/// <reference lib="webworker" />
/** The route worker: builds the zone index once, then analyses batches of tracks (route-batch.ts). */

import type { ZoneFeature } from '../geo/zone.ts';
import { buildZoneIndex, type ZoneIndex } from '../geo/zone-index.ts';
import { type RouteWorkerRequest, type RouteWorkerResponse, summariseTrack } from './route-batch.ts';

let index: ZoneIndex | null = null;
const post = (message: RouteWorkerResponse) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(message);

self.onmessage = (event: MessageEvent<RouteWorkerRequest>) => {
  const message = event.data;
  try {
    if (message.type === 'zone') {
      index = buildZoneIndex(message.zone as ZoneFeature);
      post({ type: 'ready' });
      return;
    }
    if (!index) throw new Error('no zone loaded');
    const zone = index;
    post({
      type: 'results',
      batch: message.batch,
      results: message.tracks.map((t, k) => summariseTrack(zone, message.ids[k] as number, t)),
    });
  } catch (error) {
    post({ type: 'error', message: (error as Error).message });
  }
};
