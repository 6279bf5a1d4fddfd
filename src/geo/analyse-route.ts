/**
 * Route analysis for a track (GPS log or drawn route), with or without timestamps: does it enter the zone,
 * where and when does it cross the line (each entry and exit with the side and clause crossed), how far and
 * how long is it inside, and does it only graze an uncertain edge ("near").
 *
 * Each segment is cut at its intersections with the boundary edges found through the grid; the state of
 * each piece is read at its midpoint, so touching the line at a vertex is not a crossing.
 */
import type { Reason } from '../errors.ts';
import { BOUNDARY, INSIDE, OUTSIDE } from './cell-states.ts';
import { marginDecision, type PointStatus, pointReason } from './classify-point.ts';
import { distanceMetres, metresPerDegree, SHORT_LIMIT_M } from './ellipsoid.ts';
import { locatePoint, ON_BOUNDARY } from './locate-point.ts';
import { marginWithin, nearEdges } from './near-edges.ts';
import { boxGapM, type Cut, cellOf, segmentCuts, segmentNearLine } from './track-segment.ts';
import type { SideProvenance } from './zone.ts';
import type { ZoneIndex } from './zone-index.ts';

/** A track: positions [lng, lat] and optional times (ms since epoch; null where unknown). */
export interface Track {
  coordinates: readonly (readonly number[])[];
  times?: readonly (number | null)[];
}

/** One crossing of the traced line. */
export interface Crossing {
  kind: 'entry' | 'exit';
  point: [number, number];
  /** ms since epoch, interpolated between the segment's times; null without times. */
  time: number | null;
  /** Index of the track segment (from vertex i to i + 1). */
  segment: number;
  side: SideProvenance | null;
  edgeUncertaintyM: number;
}

/** The answer for one track against one zone. */
export interface RouteAnswer {
  ok: true;
  /** inside: some part is inside beyond the uncertainty; near: it comes within the uncertainty of the
   *  line (or crosses it only shallowly); outside: it stays clear. */
  status: PointStatus;
  /** The traced line alone: does any part of the track lie inside? */
  enters: boolean;
  startsInside: boolean;
  endsInside: boolean;
  crossings: Crossing[];
  lengthM: number;
  lengthInsideM: number;
  /** Seconds inside; null when the track has no usable times. */
  durationInsideS: number | null;
  durationS: number | null;
  zoneId: string;
  zoneVersion: string;
}

/** Analyses a track against one zone. Bad input gives { ok: false, reason } naming the point. */
export function analyseRoute(
  index: ZoneIndex,
  track: Track,
  options: { accuracyM?: number } = {},
): RouteAnswer | { ok: false; reason: Reason } {
  const coords = track.coordinates;
  if (!Array.isArray(coords) || coords.length === 0)
    return { ok: false, reason: { code: 'EMPTY_TRACK', message: 'the track has no points' } };
  const n = coords.length;
  const { xs, ys, cell, state } = scratchFor(n);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    const p = coords[i];
    const x = p?.[0];
    const y = p?.[1];
    // Cheap check first; pointReason says what is wrong only when something is.
    if (!(typeof x === 'number' && typeof y === 'number' && x >= 73.5 && x <= 135.1 && y >= 18 && y <= 53.6)) {
      const reason = pointReason(x, y);
      if (reason) return { ok: false, reason: { ...reason, message: `point ${i + 1}: ${reason.message}` } };
    }
    xs[i] = x as number;
    ys[i] = y as number;
    if ((x as number) < minX) minX = x as number;
    if ((x as number) > maxX) maxX = x as number;
    if ((y as number) < minY) minY = y as number;
    if ((y as number) > maxY) maxY = y as number;
  }
  const accuracyM = options.accuracyM ?? 0;
  const times = usableTimes(track);
  const threshold = index.maxUncertaintyM + accuracyM;
  // A track whose bbox stays farther from the zone's edges than the widest band (another county's zone):
  // nothing to cut, nothing near, only its length and duration to add up.
  if (boxGapM(index, minX, minY, maxX, maxY) > threshold) return passesBy(index, xs, ys, n, times);
  const { cellState } = index;
  let deepInside = false;
  let near = false;
  for (let i = 0; i < n; i++) {
    const x = xs[i] as number;
    const y = ys[i] as number;
    const c = cellOf(index, x, y);
    cell[i] = c;
    state[i] = c >= 0 && cellState[c] !== BOUNDARY ? (cellState[c] as number) : locatePoint(index, x, y);
    // Once the track is known to be near, only an inside vertex clear of the band can change the answer.
    if (deepInside || (near && state[i] !== INSIDE)) continue;
    // The cell's margin bounds settle most vertices; only undecided cells measure the edges.
    const decided = marginDecision(index, x, y, accuracyM);
    if (decided === 1 || (decided === 2 && marginWithin(index, x, y, accuracyM))) near = true;
    else deepInside = state[i] === INSIDE;
  }
  const crossings: Crossing[] = [];
  const scale = { lat: Number.NaN, kx: 0, ky: 0 };
  let lengthM = 0;
  let lengthInsideM = 0;
  let durationInsideS = 0;
  // The running state is carried across segments, so touching the line at a vertex is not a crossing.
  let current = state[0] !== OUTSIDE;
  for (let s = 0; s + 1 < n; s++) {
    const x0 = xs[s] as number;
    const y0 = ys[s] as number;
    const x1 = xs[s + 1] as number;
    const y1 = ys[s + 1] as number;
    const segmentM = segmentMetres(scale, x0, y0, x1, y1);
    const t0 = times ? (times[s] as number) : null;
    const t1 = times ? (times[s + 1] as number) : null;
    const segmentS = t0 !== null && t1 !== null ? (t1 - t0) / 1000 : 0;
    lengthM += segmentM;
    // Fast path: both ends in one cell that no edge passes through — nothing to cut; and where the cell is
    // clear of every uncertainty band (or the answer is already settled), nothing to graze either.
    const c = cell[s] as number;
    if (c >= 0 && c === cell[s + 1] && cellState[c] !== BOUNDARY) {
      if (!near && !deepInside && (index.cellMarginLowM[c] as number) <= accuracyM)
        near = segmentNearLine(index, x0, y0, x1, y1, segmentM, threshold, accuracyM);
      if (current) {
        lengthInsideM += segmentM;
        durationInsideS += segmentS;
      }
      continue;
    }
    const cuts = segmentCuts(index, x0, y0, x1, y1);
    if (cuts.length > 0) near = true;
    else if (!near && !deepInside && segmentNearLine(index, x0, y0, x1, y1, segmentM, threshold, accuracyM))
      near = true;
    const readMidpoints =
      cuts.length > 0 || state[s] === ON_BOUNDARY || state[s + 1] === ON_BOUNDARY || state[s] !== state[s + 1];
    let previous = 0;
    let previousCut: Cut | null = null;
    for (let k = 0; k <= cuts.length; k++) {
      const t = k < cuts.length ? (cuts[k] as Cut).t : 1;
      if (t - previous > 1e-12) {
        const mid = (previous + t) / 2;
        const pieceInside = readMidpoints
          ? locatePoint(index, x0 + mid * (x1 - x0), y0 + mid * (y1 - y0)) !== OUTSIDE
          : state[s] !== OUTSIDE;
        if (pieceInside !== current) {
          crossings.push({
            kind: pieceInside ? 'entry' : 'exit',
            point: [x0 + previous * (x1 - x0), y0 + previous * (y1 - y0)],
            time: t0 !== null && t1 !== null ? t0 + previous * (t1 - t0) : null,
            segment: s,
            side: previousCut ? (index.sides[index.edgeSide[previousCut.edge] as number] ?? null) : null,
            edgeUncertaintyM: previousCut ? (index.edgeUncertainty[previousCut.edge] as number) : 0,
          });
          current = pieceInside;
        }
        if (pieceInside) {
          lengthInsideM += segmentM * (t - previous);
          durationInsideS += segmentS * (t - previous);
        }
      }
      previous = t;
      previousCut = k < cuts.length ? (cuts[k] as Cut) : null;
    }
  }
  let anyInside = false;
  for (let i = 0; i < n && !anyInside; i++) anyInside = state[i] !== OUTSIDE;
  const enters = anyInside || crossings.some((c) => c.kind === 'entry');
  if (enters && !deepInside) near = true;
  const first = times?.[0] ?? null;
  const last = times?.[n - 1] ?? null;
  return {
    ok: true,
    status: deepInside ? 'inside' : near ? 'near' : 'outside',
    enters,
    startsInside: state[0] !== OUTSIDE,
    endsInside: state[n - 1] !== OUTSIDE,
    crossings: attachMissingSides(index, crossings),
    lengthM,
    lengthInsideM,
    durationInsideS: times ? durationInsideS : null,
    durationS: first !== null && last !== null ? (last - first) / 1000 : null,
    zoneId: index.id,
    zoneVersion: index.version,
  };
}

/** The answer for a track that stays clear of the zone. */
function passesBy(
  index: ZoneIndex,
  xs: Float64Array,
  ys: Float64Array,
  n: number,
  times: readonly number[] | null,
): RouteAnswer {
  const scale = { lat: Number.NaN, kx: 0, ky: 0 };
  let lengthM = 0;
  for (let s = 0; s + 1 < n; s++)
    lengthM += segmentMetres(scale, xs[s] as number, ys[s] as number, xs[s + 1] as number, ys[s + 1] as number);
  return {
    ok: true,
    status: 'outside',
    enters: false,
    startsInside: false,
    endsInside: false,
    crossings: [],
    lengthM,
    lengthInsideM: 0,
    durationInsideS: times ? 0 : null,
    durationS: times ? ((times[n - 1] as number) - (times[0] as number)) / 1000 : null,
    zoneId: index.id,
    zoneVersion: index.version,
  };
}

/** Per-call working arrays, kept between calls (analyseRoute never re-enters itself): a 2,000-point
 *  track would otherwise allocate 42 KB of typed arrays every time. */
const scratch = { xs: new Float64Array(0), ys: new Float64Array(0), cell: new Int32Array(0), state: new Uint8Array(0) };

function scratchFor(n: number): typeof scratch {
  if (scratch.xs.length < n) {
    const size = Math.max(n, scratch.xs.length * 2, 1024);
    scratch.xs = new Float64Array(size);
    scratch.ys = new Float64Array(size);
    scratch.cell = new Int32Array(size);
    scratch.state = new Uint8Array(size);
  }
  return scratch;
}

/** Segment length in metres, with the ellipsoid scale cached per 0.0005° of latitude (relative error under
 *  1e-5, a centimetre a kilometre); segments over 5 km go to distanceMetres (geodesic). */
function segmentMetres(scale: { lat: number; kx: number; ky: number }, x0: number, y0: number, x1: number, y1: number) {
  const midLat = (y0 + y1) / 2;
  if (!(Math.abs(midLat - scale.lat) <= 0.0005)) {
    const k = metresPerDegree(midLat);
    scale.lat = midLat;
    scale.kx = k.kx;
    scale.ky = k.ky;
  }
  const dx = (x1 - x0) * scale.kx;
  const dy = (y1 - y0) * scale.ky;
  const flat = Math.sqrt(dx * dx + dy * dy);
  return flat <= SHORT_LIMIT_M ? flat : distanceMetres(x0, y0, x1, y1);
}

/** Times usable for durations: all present and never decreasing. Otherwise none. */
function usableTimes(track: Track): readonly number[] | null {
  const times = track.times;
  if (!times || times.length !== track.coordinates.length) return null;
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (typeof t !== 'number' || !Number.isFinite(t)) return null;
    if (i > 0 && t < (times[i - 1] as number)) return null;
  }
  return times as readonly number[];
}

/** A crossing that starts on the line has no edge of its own: give it the nearest edge's side. */
function attachMissingSides(index: ZoneIndex, crossings: Crossing[]): Crossing[] {
  for (const c of crossings) {
    if (c.side !== null || index.sides.length === 0) continue;
    const near = nearEdges(index, c.point[0], c.point[1]);
    c.side = index.sides[index.edgeSide[near.edge] as number] ?? null;
    c.edgeUncertaintyM = index.edgeUncertainty[near.edge] as number;
  }
  return crossings;
}
