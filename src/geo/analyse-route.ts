/**
 * Route analysis for a track (GPS log or drawn route), with or without timestamps: does it enter the zone,
 * where and when does it cross the line (each entry and exit with the side and clause crossed), how far and
 * how long is it inside, and does it only graze an uncertain edge ("near").
 *
 * Each segment is cut at its intersections with the boundary edges found through the grid; the state of
 * each piece is read at its midpoint, so touching the line at a vertex is not a crossing.
 */
import type { Reason } from '../errors.ts';
import { type PointStatus, pointReason } from './classify-point.ts';
import { distanceMetres, metresPerDegree } from './ellipsoid.ts';
import { clearanceAt, locatePoint, ON_BOUNDARY } from './locate-point.ts';
import { nearEdges } from './near-edges.ts';
import type { SideProvenance } from './zone.ts';
import { BOUNDARY, INSIDE, nextStamp, OUTSIDE, type ZoneIndex } from './zone-index.ts';

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
  for (let i = 0; i < coords.length; i++) {
    const reason = pointReason(coords[i]?.[0], coords[i]?.[1]);
    if (reason) return { ok: false, reason: { ...reason, message: `point ${i + 1}: ${reason.message}` } };
  }
  const accuracyM = options.accuracyM ?? 0;
  const times = usableTimes(track);
  const threshold = index.maxUncertaintyM + accuracyM;
  const state = new Uint8Array(coords.length);
  for (let i = 0; i < coords.length; i++) {
    const p = coords[i] as readonly number[];
    state[i] = locatePoint(index, p[0] as number, p[1] as number);
  }
  let deepInside = false;
  let near = false;
  for (let i = 0; i < coords.length && !deepInside; i++) {
    const p = coords[i] as readonly number[];
    const x = p[0] as number;
    const y = p[1] as number;
    if (clearanceAt(index, x, y) > threshold) deepInside = state[i] === INSIDE;
    else if (nearEdges(index, x, y).marginM - accuracyM > 0) deepInside = state[i] === INSIDE;
    else near = true;
  }
  const crossings: Crossing[] = [];
  let lengthM = 0;
  let lengthInsideM = 0;
  let durationInsideS = 0;
  // The running state is carried across segments, so touching the line at a vertex is not a crossing.
  let current = state[0] !== OUTSIDE;
  for (let s = 0; s + 1 < coords.length; s++) {
    const a = coords[s] as readonly number[];
    const b = coords[s + 1] as readonly number[];
    const x0 = a[0] as number;
    const y0 = a[1] as number;
    const x1 = b[0] as number;
    const y1 = b[1] as number;
    const segmentM = distanceMetres(x0, y0, x1, y1);
    const t0 = times?.[s] ?? null;
    const t1 = times?.[s + 1] ?? null;
    const segmentS = t0 !== null && t1 !== null ? (t1 - t0) / 1000 : 0;
    lengthM += segmentM;
    const cuts = segmentCuts(index, x0, y0, x1, y1);
    if (!near && !deepInside && cuts.length === 0 && segmentNearLine(index, x0, y0, x1, y1, threshold, accuracyM))
      near = true;
    if (cuts.length > 0) near = true;
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
  const enters = state.some((v) => v !== OUTSIDE) || crossings.some((c) => c.kind === 'entry');
  if (enters && !deepInside) near = true;
  const first = times?.[0] ?? null;
  const last = times?.[coords.length - 1] ?? null;
  return {
    ok: true,
    status: deepInside ? 'inside' : near ? 'near' : 'outside',
    enters,
    startsInside: state[0] !== OUTSIDE,
    endsInside: state[coords.length - 1] !== OUTSIDE,
    crossings: attachMissingSides(index, crossings),
    lengthM,
    lengthInsideM,
    durationInsideS: times ? durationInsideS : null,
    durationS: first !== null && last !== null ? (last - first) / 1000 : null,
    zoneId: index.id,
    zoneVersion: index.version,
  };
}

interface Cut {
  t: number;
  edge: number;
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

/** Parameters t ∈ (0, 1] where the segment meets boundary edges, sorted, duplicates (shared vertices) merged. */
function segmentCuts(index: ZoneIndex, x0: number, y0: number, x1: number, y1: number): Cut[] {
  const { nx, ny, west, south, cellW, cellH, cellState, cellStart, cellEdges, stamp } = index;
  const i0 = Math.max(0, Math.floor((Math.min(x0, x1) - west) / cellW));
  const i1 = Math.min(nx - 1, Math.floor((Math.max(x0, x1) - west) / cellW));
  const j0 = Math.max(0, Math.floor((Math.min(y0, y1) - south) / cellH));
  const j1 = Math.min(ny - 1, Math.floor((Math.max(y0, y1) - south) / cellH));
  if (i0 > i1 || j0 > j1) return [];
  const q = nextStamp(index);
  const cuts: Cut[] = [];
  const dx = x1 - x0;
  const dy = y1 - y0;
  for (let j = j0; j <= j1; j++)
    for (let i = i0; i <= i1; i++) {
      const c = j * nx + i;
      if (cellState[c] !== BOUNDARY) continue;
      for (let k = cellStart[c] as number, end = cellStart[c + 1] as number; k < end; k++) {
        const e = cellEdges[k] as number;
        if (stamp[e] === q) continue;
        stamp[e] = q;
        const ex = (index.ax[e] as number) - x0;
        const ey = (index.ay[e] as number) - y0;
        const fx = (index.bx[e] as number) - (index.ax[e] as number);
        const fy = (index.by[e] as number) - (index.ay[e] as number);
        const denom = dx * fy - dy * fx;
        if (denom === 0) continue; // parallel: collinear overlaps are handled by the midpoint states
        const t = (ex * fy - ey * fx) / denom;
        const u = (ex * dy - ey * dx) / denom;
        if (t > 0 && t <= 1 && u >= 0 && u <= 1) cuts.push({ t, edge: e });
      }
    }
  cuts.sort((p, r) => p.t - r.t);
  return cuts.filter((c, k) => k === 0 || c.t - (cuts[k - 1] as Cut).t > 1e-12);
}

/** Does a segment with no crossing pass within an edge's uncertainty (+ accuracy) of the line? Exact:
 *  the closest approach of two non-crossing segments is at one of their four endpoints. */
function segmentNearLine(
  index: ZoneIndex,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  threshold: number,
  accuracyM: number,
): boolean {
  if (clearanceAt(index, x0, y0) > threshold + distanceMetres(x0, y0, x1, y1)) return false;
  const { kx, ky } = metresPerDegree((y0 + y1) / 2);
  const padX = threshold / kx;
  const padY = threshold / ky;
  const minX = Math.min(x0, x1) - padX;
  const maxX = Math.max(x0, x1) + padX;
  const minY = Math.min(y0, y1) - padY;
  const maxY = Math.max(y0, y1) + padY;
  for (let e = 0; e < index.edgeCount; e++) {
    const ax = index.ax[e] as number;
    const ay = index.ay[e] as number;
    const bx = index.bx[e] as number;
    const by = index.by[e] as number;
    if (Math.max(ax, bx) < minX || Math.min(ax, bx) > maxX || Math.max(ay, by) < minY || Math.min(ay, by) > maxY)
      continue;
    const d = Math.min(
      pointSegment(x0, y0, ax, ay, bx, by, kx, ky),
      pointSegment(x1, y1, ax, ay, bx, by, kx, ky),
      pointSegment(ax, ay, x0, y0, x1, y1, kx, ky),
      pointSegment(bx, by, x0, y0, x1, y1, kx, ky),
    );
    if (d - (index.edgeUncertainty[e] as number) - accuracyM <= 0) return true;
  }
  return false;
}

function pointSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number, kx: number, ky: number) {
  const ux = (ax - px) * kx;
  const uy = (ay - py) * ky;
  const vx = (bx - ax) * kx;
  const vy = (by - ay) * ky;
  const len2 = vx * vx + vy * vy;
  const t = len2 > 0 ? Math.min(1, Math.max(0, -(ux * vx + uy * vy) / len2)) : 0;
  return Math.hypot(ux + t * vx, uy + t * vy);
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
