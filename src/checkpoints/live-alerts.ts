/**
 * Live mode: follow the phone's GPS fixes and alert on entering and leaving the zone, without an alert storm
 * when driving along the line. A Schmitt trigger on a smoothed signal: the signed distance to the traced
 * line (positive inside) is averaged over the last `windowSeconds` of fixes, and the state flips only when
 * that average is beyond ±max(margin, mean accuracy / 2) and at least `minFixes` fixes are in the window.
 * GPS jitter across the line averages out; a real crossing moves the average steadily through the band.
 * Pure: the caller feeds fixes and keeps the returned state (plain data).
 */
import { boundaryDistance } from '../geo/boundary-distance.ts';
import { locatePoint } from '../geo/locate-point.ts';
import { OUTSIDE, type ZoneIndex } from '../geo/zone-index.ts';

/** One GPS fix (WGS-84, ms since epoch). */
export interface Fix {
  lng: number;
  lat: number;
  accuracyM: number;
  time: number;
}

/** The follower's state. */
export interface LiveState {
  state: 'unknown' | 'inside' | 'outside';
  /** Recent fixes: time, signed distance (m), accuracy (m). */
  window: { time: number; signedM: number; accuracyM: number }[];
}

/** An alert to show (and speak). */
export interface LiveAlert {
  kind: 'entered' | 'left';
  at: number;
  lng: number;
  lat: number;
  /** How uncertain the traced line is where it was crossed. */
  edgeUncertaintyM: number;
}

/** Settings. */
export interface LiveOptions {
  marginM?: number;
  windowSeconds?: number;
  minFixes?: number;
}

/** The state before the first fix. */
export const START: LiveState = { state: 'unknown', window: [] };

/** Feeds one fix. */
export function followFix(
  index: ZoneIndex,
  current: LiveState,
  fix: Fix,
  options: LiveOptions = {},
): { state: LiveState; alert: LiveAlert | null; distanceM: number; edgeUncertaintyM: number } {
  const windowMs = (options.windowSeconds ?? 15) * 1000;
  const found = boundaryDistance(index, fix.lng, fix.lat, false);
  const signedM = locatePoint(index, fix.lng, fix.lat) === OUTSIDE ? -found.distanceM : found.distanceM;
  const edgeUncertaintyM = index.edgeUncertainty[found.edge] as number;
  const window = [
    ...current.window.filter((w) => fix.time - w.time < windowMs),
    { time: fix.time, signedM, accuracyM: fix.accuracyM },
  ];
  const mean = window.reduce((s, w) => s + w.signedM, 0) / window.length;
  const meanAccuracy = window.reduce((s, w) => s + w.accuracyM, 0) / window.length;
  const margin = Math.max(options.marginM ?? 30, meanAccuracy / 2);
  let next = current.state;
  if (window.length >= (options.minFixes ?? 3)) {
    if (mean > margin) next = 'inside';
    else if (mean < -margin) next = 'outside';
  }
  const alert: LiveAlert | null =
    next !== current.state && current.state !== 'unknown'
      ? {
          kind: next === 'inside' ? 'entered' : 'left',
          at: fix.time,
          lng: fix.lng,
          lat: fix.lat,
          edgeUncertaintyM,
        }
      : null;
  // The fix's distance to the traced line and that edge's uncertainty go back for the caller to show.
  return { state: { state: next, window }, alert, distanceM: found.distanceM, edgeUncertaintyM };
}
