/**
 * What changes between two versions of a zone: the areas added and removed (exact polygon difference through
 * polyclip-ts, the clipper Turf 7 uses) with their km², the largest vertex move, and the given points (stored
 * records) whose answer flips — inside → outside, outside → inside, or to or from "near" (the uncertainty
 * band) — each classified by the same core that answers the app (classify-point.ts).
 */
import type { MultiPolygon } from 'geojson';
import { difference, type Geom } from 'polyclip-ts';
import { classifyStatus, type PointStatus } from '../geo/classify-point.ts';
import { polygonsOf, type ZoneFeature } from '../geo/zone.ts';
import { buildZoneIndex } from '../geo/zone-index.ts';
import { largestMove, ringArea } from '../trace/trace-report.ts';

export interface ZoneDiff {
  from: string;
  to: string;
  addedKm2: number;
  removedKm2: number;
  added: MultiPolygon;
  removed: MultiPolygon;
  largestMove: { metres: number; at: [number, number]; from: 'new vertex' | 'previous vertex' } | null;
  changed: { id: string; lng: number; lat: number; before: PointStatus; after: PointStatus }[];
}

/** The difference from `older` to `newer`, with the points whose answer changes. */
export function diffZones(
  older: ZoneFeature,
  newer: ZoneFeature,
  points: readonly { id: string; lng: number; lat: number }[] = [],
): ZoneDiff {
  const a = polygonsOf(older.geometry) as Geom;
  const b = polygonsOf(newer.geometry) as Geom;
  const added = difference(b, a) as number[][][][];
  const removed = difference(a, b) as number[][][][];
  const before = buildZoneIndex(older);
  const after = buildZoneIndex(newer);
  const changed: ZoneDiff['changed'] = [];
  for (const p of points) {
    const was = classifyStatus(before, p.lng, p.lat);
    const is = classifyStatus(after, p.lng, p.lat);
    if (was !== is) changed.push({ ...p, before: was, after: is });
  }
  const outer = (f: ZoneFeature) => polygonsOf(f.geometry)[0]?.[0] ?? [];
  return {
    from: older.properties.version,
    to: newer.properties.version,
    addedKm2: multiArea(added) / 1e6,
    removedKm2: multiArea(removed) / 1e6,
    added: { type: 'MultiPolygon', coordinates: added },
    removed: { type: 'MultiPolygon', coordinates: removed },
    largestMove: largestMove(outer(older), outer(newer)),
    changed,
  };
}

/** m² of a MultiPolygon: outer rings less their holes. */
function multiArea(polygons: number[][][][]): number {
  let sum = 0;
  for (const polygon of polygons) for (const [k, ring] of polygon.entries()) sum += (k === 0 ? 1 : -1) * ringArea(ring);
  return sum;
}
