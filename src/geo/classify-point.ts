/**
 * "Is this point inside?" The honest answer has three values: inside, outside, or near — closer to the traced
 * line than the line's own uncertainty plus the caller's GPS accuracy, so that only a look on site (or a call
 * to 生态环境局) can tell. Points exactly on the line count as inside.
 */
import type { Reason } from '../errors.ts';
import { boundaryDistance } from './boundary-distance.ts';
import { CHINA_EXTENT, inExtent } from './datong-extent.ts';
import { clearanceAt, locatePoint, ON_BOUNDARY } from './locate-point.ts';
import { nearEdges } from './near-edges.ts';
import type { SideProvenance } from './zone.ts';
import type { ZoneIndex } from './zone-index.ts';
import { OUTSIDE } from './zone-index.ts';

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

/** Checks a lng/lat pair a user gave; null when fine. */
export function pointReason(lng: unknown, lat: unknown): Reason | null {
  if (typeof lng !== 'number' || typeof lat !== 'number' || !Number.isFinite(lng) || !Number.isFinite(lat))
    return {
      code: 'NOT_A_NUMBER',
      message: `coordinates must be numbers, got ${String(lng)}, ${String(lat)}`,
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
  if (!(accuracyM >= 0) || !Number.isFinite(accuracyM))
    return {
      ok: false,
      reason: { code: 'BAD_ACCURACY', message: `accuracy must be ≥ 0 m, got ${accuracyM}` },
    };
  const location = locatePoint(index, lng, lat);
  const inside = location !== OUTSIDE;
  // Far from the line the cell clearance already rules out "near": skip the wider margin search.
  const clearOfLine = clearanceAt(index, lng, lat) > index.maxUncertaintyM + accuracyM;
  const found = boundaryDistance(index, lng, lat, !clearOfLine);
  const onBoundary = location === ON_BOUNDARY;
  const distanceM = onBoundary ? 0 : found.distanceM;
  const near = onBoundary || (!clearOfLine && found.search.marginM - accuracyM <= 0);
  const decidingEdge = near ? found.search.marginEdge : found.edge;
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
  const zones: PointAnswer[] = [];
  for (const index of indexes) {
    const answer = classifyPoint(index, lng, lat, options);
    if (!answer.ok) return answer;
    zones.push(answer);
  }
  const status = zones.some((z) => z.status === 'inside')
    ? 'inside'
    : zones.some((z) => z.status === 'near')
      ? 'near'
      : 'outside';
  return { ok: true, status, zones };
}

/** The status alone, for batches: skips the distance search wherever the cell's clearance already exceeds
 *  the largest trace uncertainty plus the accuracy. Same status as classifyPoint; input must be valid. */
export function classifyStatus(index: ZoneIndex, lng: number, lat: number, accuracyM = 0): PointStatus {
  const location = locatePoint(index, lng, lat);
  if (location === ON_BOUNDARY) return 'near';
  if (clearanceAt(index, lng, lat) > index.maxUncertaintyM + accuracyM)
    return location === OUTSIDE ? 'outside' : 'inside';
  if (nearEdges(index, lng, lat).marginM - accuracyM <= 0) return 'near';
  return location === OUTSIDE ? 'outside' : 'inside';
}
