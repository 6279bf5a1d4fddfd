/**
 * "Is this point inside?" The honest answer has three values: inside, outside, or near — closer to the traced
 * line than the line's own uncertainty plus the caller's GPS accuracy, so that only a look on site (or a call
 * to 生态环境局) can tell. Points exactly on the line count as inside.
 */
import type { Reason } from '../errors.ts';
import { boundaryDistance } from './boundary-distance.ts';
import { OUTSIDE } from './cell-states.ts';
import { CHINA_EXTENT, inExtent } from './datong-extent.ts';
import { metresPerDegree } from './ellipsoid.ts';
import { locatePoint, ON_BOUNDARY } from './locate-point.ts';
import { marginSubCell } from './margin-sub-cells.ts';
import { marginWithin } from './near-edges.ts';
import type { SideProvenance } from './zone.ts';
import type { ZoneIndex } from './zone-index.ts';

/** inside / outside: beyond the uncertainty on that side; near: within it. */
export type PointStatus = 'inside' | 'outside' | 'near';

/** The answer for one point against one zone. */
export interface PointAnswer {
  ok: true;
  status: PointStatus;
  /** What the traced line alone says (before uncertainty). */
  traced: 'inside' | 'outside';
  onBoundary: boolean;
  /** Metres to the traced boundary: positive inside, negative outside, 0 on it. */
  signedDistanceM: number;
  /** Nearest point of the traced boundary [lng, lat]. */
  nearestPoint: [number, number];
  /** The side the nearest edge belongs to, with its clause (null for bare geometry). */
  nearestSide: SideProvenance | null;
  /** Trace uncertainty (m) of the edge that decided the answer. */
  edgeUncertaintyM: number;
  accuracyM: number;
  /** accuracyM + edgeUncertaintyM: how far the real line may be from the traced one, for this point. */
  uncertaintyM: number;
  zoneId: string;
  zoneVersion: string;
  zoneStatus: string;
}

/** A point that could not be classified, with a reason code the UI translates. */
export interface InvalidPoint {
  ok: false;
  reason: Reason;
}

/** Options: the caller's position accuracy in metres (GPS accuracy, or the precision of typed input). */
export interface ClassifyOptions {
  accuracyM?: number;
}

/** A value from a file as a message shows it: never through its own toString (a file can make that throw). */
function shown(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined)
    return String(value);
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 40));
  return Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : typeof value;
}

/** Checks a lng/lat pair a user gave; null when fine. */
export function pointReason(lng: unknown, lat: unknown): Reason | null {
  if (typeof lng !== 'number' || typeof lat !== 'number' || !Number.isFinite(lng) || !Number.isFinite(lat))
    return {
      code: 'NOT_A_NUMBER',
      message: `coordinates must be numbers, got ${shown(lng)}, ${shown(lat)}`,
    };
  const inChina = inExtent(lng, lat, CHINA_EXTENT);
  if (!inChina && inExtent(lat, lng, CHINA_EXTENT))
    return { code: 'SWAPPED_LNG_LAT', message: `${lng}, ${lat} looks like latitude, longitude: swap them` };
  if (lat < -90 || lat > 90 || lng < -180 || lng > 180)
    return { code: 'OUT_OF_RANGE', message: `longitude ${lng} / latitude ${lat} is outside the valid range` };
  if (!inChina) return { code: 'OUTSIDE_CHINA', message: `${lng}, ${lat} is not in China` };
  return null;
}

/** Classifies one point against one zone. Bad input gives { ok: false, reason }, never a throw. */
export function classifyPoint(
  index: ZoneIndex,
  lng: number,
  lat: number,
  options: ClassifyOptions = {},
): PointAnswer | InvalidPoint {
  const reason = pointReason(lng, lat);
  if (reason) return { ok: false, reason };
  const accuracyM = options.accuracyM ?? 0;
  const bad = accuracyReason(accuracyM);
  if (bad) return { ok: false, reason: bad };
  return answerFor(index, lng, lat, accuracyM);
}

/** Checks an accuracy (m) a caller gave; null when fine. */
function accuracyReason(accuracyM: number): Reason | null {
  if (!(accuracyM >= 0) || !Number.isFinite(accuracyM))
    return { code: 'BAD_ACCURACY', message: `accuracy must be ≥ 0 m, got ${accuracyM}` };
  return null;
}

/** The answer for a point and an accuracy already checked. */
function answerFor(index: ZoneIndex, lng: number, lat: number, accuracyM: number): PointAnswer {
  const location = locatePoint(index, lng, lat);
  const inside = location !== OUTSIDE;
  // Where the cell's margin bounds rule out "near", skip the scan of every edge (for a near point the scan
  // also finds the edge whose uncertainty decides it).
  const decided = marginDecision(index, lng, lat, accuracyM);
  const found = boundaryDistance(index, lng, lat, decided !== CLEAR);
  const onBoundary = location === ON_BOUNDARY;
  const distanceM = onBoundary ? 0 : found.distanceM;
  const near = onBoundary || decided === NEAR || (decided === UNDECIDED && found.search.marginM - accuracyM <= 0);
  const decidingEdge = near && found.search.marginEdge >= 0 ? found.search.marginEdge : found.edge;
  const edgeUncertaintyM = index.edgeUncertainty[decidingEdge] as number;
  const side = index.edgeSide[found.edge] as number;
  return {
    ok: true,
    status: near ? 'near' : inside ? 'inside' : 'outside',
    traced: inside ? 'inside' : 'outside',
    onBoundary,
    signedDistanceM: inside ? distanceM : -distanceM,
    nearestPoint: found.nearest,
    nearestSide: index.sides[side] ?? null,
    edgeUncertaintyM,
    accuracyM,
    uncertaintyM: accuracyM + edgeUncertaintyM,
    zoneId: index.id,
    zoneVersion: index.version,
    zoneStatus: index.status,
  };
}

/** The answer against several zones at once: each zone's answer, and the combined status
 *  (inside if any zone says inside; else near if any says near; else outside). */
export function classifyPointInZones(
  indexes: readonly ZoneIndex[],
  lng: number,
  lat: number,
  options: ClassifyOptions = {},
): { ok: true; status: PointStatus; zones: PointAnswer[] } | InvalidPoint {
  // The point and the accuracy are checked once, not once a zone (and, as before, not without zones).
  const reason = indexes.length > 0 ? (pointReason(lng, lat) ?? accuracyReason(options.accuracyM ?? 0)) : null;
  if (reason) return { ok: false, reason };
  const zones: PointAnswer[] = [];
  let inside = false;
  let near = false;
  for (const index of indexes) {
    const answer = answerFor(index, lng, lat, options.accuracyM ?? 0);
    inside ||= answer.status === 'inside';
    near ||= answer.status === 'near';
    zones.push(answer);
  }
  return { ok: true, status: inside ? 'inside' : near ? 'near' : 'outside', zones };
}

/** The status alone: same answer as classifyPoint, but the cell's margin bounds settle "near / not near"
 *  without measuring edges wherever they can. Input must be valid (see pointReason). */
export function classifyStatus(index: ZoneIndex, lng: number, lat: number, accuracyM = 0): PointStatus {
  const location = locatePoint(index, lng, lat);
  if (location === ON_BOUNDARY) return 'near';
  const margin = marginDecision(index, lng, lat, accuracyM);
  if (margin === NEAR || (margin === UNDECIDED && marginWithin(index, lng, lat, accuracyM))) return 'near';
  return location === OUTSIDE ? 'outside' : 'inside';
}

const CLEAR = 0;
const NEAR = 1;
const UNDECIDED = 2;

/** What the point's cell says about "near": CLEAR, NEAR, or UNDECIDED (measure the edges). */
export function marginDecision(index: ZoneIndex, lng: number, lat: number, accuracyM: number): 0 | 1 | 2 {
  if (!(lng >= index.west && lng <= index.east && lat >= index.south && lat <= index.north)) {
    // Beyond the grid: clear when even the grid's edge is farther than the widest band.
    // Within the grid's latitudes kxMin is already the smallest scale; beyond them, take the point's own.
    const kx = lat >= index.south && lat <= index.north ? index.kxMin : Math.min(index.kxMin, metresPerDegree(lat).kx);
    const dx = Math.max(index.west - lng, 0, lng - index.east) * kx;
    const dy = Math.max(index.south - lat, 0, lat - index.north) * index.ky * 0.999;
    return Math.hypot(dx, dy) > index.maxUncertaintyM + accuracyM ? CLEAR : UNDECIDED;
  }
  const i = Math.min(index.nx - 1, Math.floor((lng - index.west) / index.cellW));
  const j = Math.min(index.ny - 1, Math.floor((lat - index.south) / index.cellH));
  const c = j * index.nx + i;
  if ((index.cellMarginLowM[c] as number) > accuracyM) return CLEAR;
  if ((index.cellMarginHighM[c] as number) <= accuracyM) return NEAR;
  // The cell leaves it open: its sub-cell may not (margin-sub-cells.ts).
  const k = marginSubCell(index, c, i, j, lng, lat);
  if (k < 0) return UNDECIDED;
  if ((index.subMarginLowM[k] as number) > accuracyM) return CLEAR;
  if ((index.subMarginHighM[k] as number) <= accuracyM) return NEAR;
  return UNDECIDED;
}
