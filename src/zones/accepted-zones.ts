/**
 * The page's side of reading the accepted zone packages at start (load-accepted.ts): in zone-load-worker.ts,
 * so the page keeps answering (with the built-in zone, named on the card) while a large zone is checked and
 * indexed; on the page itself when no worker starts or the worker cannot read IndexedDB.
 */
import { type AcceptedZone, loadAccepted } from './load-accepted.ts';
import { trustedZoneKeys } from './trusted-keys.ts';
import type { ZoneLoadMessage } from './zone-load-worker.ts';

/** The accepted package of each of `zoneIds` that has one, in that order. */
export async function acceptedZones(zoneIds: string[]): Promise<AcceptedZone[]> {
  const fromWorker = typeof Worker === 'function' ? await inWorker(zoneIds) : null;
  if (fromWorker) return fromWorker;
  const trusted = trustedZoneKeys();
  const out: AcceptedZone[] = [];
  for (const zoneId of zoneIds) {
    const result = await loadAccepted(zoneId, trusted);
    if (result) out.push(result);
  }
  return out;
}

/** The same through the worker; null when it could not do it. */
function inWorker(zoneIds: string[]): Promise<AcceptedZone[] | null> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(new URL('./zone-load-worker.ts', import.meta.url), { type: 'module' });
    } catch {
      resolve(null);
      return;
    }
    const results: AcceptedZone[] = [];
    const end = (value: AcceptedZone[] | null) => {
      worker.terminate();
      resolve(value);
    };
    worker.onmessage = (event: MessageEvent<ZoneLoadMessage>) => {
      const message = event.data;
      if (message.type === 'zone') results.push(message.result);
      else end(message.type === 'done' ? results : null);
    };
    worker.onerror = () => end(null);
    worker.postMessage({ zoneIds });
  });
}
