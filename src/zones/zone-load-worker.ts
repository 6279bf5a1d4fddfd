/// <reference lib="webworker" />
/** Checks and indexes the accepted zone packages off the page (load-accepted.ts), one message a zone, the
 *  index's typed arrays transferred, then `done`. */
import { type AcceptedZone, indexBuffers, loadAccepted } from './load-accepted.ts';
import { trustedZoneKeys } from './trusted-keys.ts';

/** Messages the worker posts. */
export type ZoneLoadMessage = { type: 'zone'; result: AcceptedZone } | { type: 'done' } | { type: 'failed' };

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (event: MessageEvent<{ zoneIds: string[] }>) => {
  try {
    const trusted = trustedZoneKeys();
    for (const zoneId of event.data.zoneIds) {
      const result = await loadAccepted(zoneId, trusted);
      if (!result) continue;
      scope.postMessage(
        { type: 'zone', result } satisfies ZoneLoadMessage,
        result.ok ? indexBuffers(result.index) : [],
      );
    }
    scope.postMessage({ type: 'done' } satisfies ZoneLoadMessage);
  } catch {
    // No IndexedDB in this worker (or it failed): the page reads them itself.
    scope.postMessage({ type: 'failed' } satisfies ZoneLoadMessage);
  }
};
