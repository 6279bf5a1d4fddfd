/**
 * Live mode: follow the phone's GPS fixes and alert on entering and leaving the zone, without an alert storm
 * when driving along the line. A Schmitt trigger on a smoothed signal: the signed distance to the traced
 * line (positive inside) is averaged over the fixes of the last `windowSeconds` — and never fewer than the
 * last `minFixes`, however far apart (fleet trackers report every 10–30 s; a phone every 1 s), as long as none
 * is older than `staleSeconds` — and the state flips only when that average is beyond ±max(margin, mean
 * accuracy / 2) with at least `minFixes` fixes in the window. GPS jitter across the line averages out; a real
 * crossing moves the average steadily through the band. Before this, the window was time only (15 s), so
 * fixes ≥ 7.5 s apart never filled it and a crossing truck raised no alert.
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
  /** Fixes older than this never count (a phone that lost GPS in a tunnel starts afresh). Default 120 s. */
  staleSeconds?: number;
}

/** The state before the first fix. */
export const START: LiveState = { state: 'unknown', window: [] };

/** Feeds one fix. */
export function followFix(
  index: ZoneIndex,
  current: LiveState,
  fix: Fix,
  options: LiveOptions = {},
): {
  state: LiveState;
  alert: LiveAlert | null;
  distanceM: number;
  /** This fix's own side of the traced line (the state is the smoothed one and may not have followed yet). */
  fixInside: boolean;
  edgeUncertaintyM: number;
} {
  const windowMs = (options.windowSeconds ?? 15) * 1000;
  const staleMs = (options.staleSeconds ?? 120) * 1000;
  const minFixes = options.minFixes ?? 3;
  const found = boundaryDistance(index, fix.lng, fix.lat, false);
  const signedM = locatePoint(index, fix.lng, fix.lat) === OUTSIDE ? -found.distanceM : found.distanceM;
  const edgeUncertaintyM = index.edgeUncertainty[found.edge] as number;
  const earlier = current.window.filter((w) => fix.time - w.time < staleMs && w.time <= fix.time);
  const keepFrom = Math.max(0, earlier.length - (minFixes - 1));
  const window = [
    ...earlier.filter((w, k) => k >= keepFrom || fix.time - w.time < windowMs),
    { time: fix.time, signedM, accuracyM: fix.accuracyM },
  ];
  const mean = window.reduce((s, w) => s + w.signedM, 0) / window.length;
  const meanAccuracy = window.reduce((s, w) => s + w.accuracyM, 0) / window.length;
  const margin = Math.max(options.marginM ?? 30, meanAccuracy / 2);
  let next = current.state;
  if (window.length >= minFixes) {
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
  return {
    state: { state: next, window },
    alert,
    distanceM: found.distanceM,
    fixInside: signedM > 0,
    edgeUncertaintyM,
  };
}
