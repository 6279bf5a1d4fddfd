/**
 * The figures a reviewer checks before accepting a traced zone: per side traced or kept (and why), length;
 * the ring's length and area; the largest move from the previous version (both ways: the farthest new vertex
 * from the old line and the farthest old vertex from the new); the spec's length checks (the 开源街 corridor
 * ≈ 16 km); and which given points (exported records) change their answer.
 */
import { classifyStatus, type PointStatus } from '../geo/classify-point.ts';
import { distanceMetres, metresPerDegree } from '../geo/ellipsoid.ts';
import type { ZoneFeature } from '../geo/zone.ts';
import { buildZoneIndex } from '../geo/zone-index.ts';
import { gcjShiftHint } from './crs-shift-hint.ts';
import { findJunctions } from './find-junction.ts';
import { localPlane, nearestOnSegment } from './local-plane.ts';
import type { RoadExtract } from './road-extract.ts';
import { buildRoadGraph, snapToGraph } from './road-graph.ts';
import type { RouteSpec } from './route-spec.ts';
import { shortestPath } from './shortest-path.ts';
import type { TraceResult } from './trace-zone-from-roads.ts';

/** The report of one trace. */
export interface TraceReport {
  sides: {
    id: string;
    traced: boolean;
    lengthKm: number;
    refusals: { code: string; zh: string; en: string }[];
    notes: string[];
    roads: { key: string; names: string[]; lengthKm: number; dual: boolean }[];
  }[];
  lengthKm: number;
  areaKm2: number;
  previousAreaKm2: number;
  largestMove: { metres: number; at: [number, number]; from: 'new vertex' | 'previous vertex' } | null;
  checks: {
    id: string;
    description: string;
    lengthKm: number | null;
    expectedKm: number;
    ok: boolean | null;
    why?: string;
  }[];
  changed: { id: string; lng: number; lat: number; before: PointStatus; after: PointStatus }[];
  vertices: number;
  /** E.g. LOOKS_LIKE_GCJ02: the roads sit ~600 m off the sourced G109 the way GCJ-02 read as WGS-84 would. */
  warnings: { code: string; zh: string; en: string }[];
}

/** A point whose answer may change (an exported record). */
export interface ReportPoint {
  id: string;
  lng: number;
  lat: number;
}

/** Builds the report of a trace. */
export function traceReport(
  result: TraceResult,
  spec: RouteSpec,
  extract: RoadExtract,
  previousZone: ZoneFeature,
  points: ReportPoint[] = [],
): TraceReport {
  const newRing = result.zone ? (result.zone.geometry.coordinates[0] as number[][]) : [];
  const oldRing = (
    previousZone.geometry.type === 'Polygon'
      ? previousZone.geometry.coordinates[0]
      : previousZone.geometry.coordinates[0]?.[0]
  ) as number[][];
  const ring = result.zone ? (result.zone.properties.rings[0]?.vertices ?? []) : [];
  const sideLength = (id: string) => {
    let metres = 0;
    ring.forEach((v, i) => {
      if (v.edge.side !== id) return;
      const a = newRing[i] as number[];
      const b = newRing[i + 1] as number[];
      metres += distanceMetres(a[0] as number, a[1] as number, b[0] as number, b[1] as number);
    });
    return metres / 1000;
  };
  const before = buildZoneIndex(previousZone);
  const after = result.zone ? buildZoneIndex(result.zone) : null;
  const changed: TraceReport['changed'] = [];
  if (after)
    for (const p of points) {
      const a = classifyStatus(before, p.lng, p.lat);
      const b = classifyStatus(after, p.lng, p.lat);
      if (a !== b) changed.push({ id: p.id, lng: p.lng, lat: p.lat, before: a, after: b });
    }
  return {
    sides: result.sides.map((s) => ({
      id: s.id,
      traced: s.traced,
      lengthKm: result.zone ? sideLength(s.id) : 0,
      refusals: s.refusals.map((r) => ({ code: r.code, ...r.message })),
      notes: s.notes,
      roads: s.roads.map((r) => ({ key: r.key, names: r.names, lengthKm: r.lengthM / 1000, dual: r.dual })),
    })),
    lengthKm: result.zone ? ringLength(newRing) / 1000 : 0,
    areaKm2: result.zone ? ringArea(newRing) / 1e6 : 0,
    previousAreaKm2: ringArea(oldRing) / 1e6,
    largestMove: result.zone ? largestMove(oldRing, newRing) : null,
    checks: (spec.checks ?? []).map((c) => runCheck(c, spec, extract)),
    changed,
    vertices: Math.max(0, newRing.length - 1),
    warnings: [
      gcjShiftHint(
        extract.lines.map((l) => l.coords),
        previousZone,
      ),
    ].filter((w) => w !== null),
  };
}

function ringLength(ring: number[][]): number {
  let metres = 0;
  for (let i = 1; i < ring.length; i++) {
    const a = ring[i - 1] as number[];
    const b = ring[i] as number[];
    metres += distanceMetres(a[0] as number, a[1] as number, b[0] as number, b[1] as number);
  }
  return metres;
}

/** Area in m², in the plane tangent at the ring's mean latitude (scale from the ellipsoid; < 0.1 % off over
 *  a city). */
export function ringArea(ring: number[][]): number {
  const lat0 = ring.reduce((s, p) => s + (p[1] as number), 0) / Math.max(1, ring.length);
  const { kx, ky } = metresPerDegree(lat0);
  let sum = 0;
  for (let i = 1; i < ring.length; i++) {
    const a = ring[i - 1] as number[];
    const b = ring[i] as number[];
    sum += (a[0] as number) * kx * (b[1] as number) * ky - (b[0] as number) * kx * (a[1] as number) * ky;
  }
  return Math.abs(sum / 2);
}

/** The largest move between two rings, both ways (a new vertex far from the old line, or an old one far from
 *  the new). */
export function largestMove(oldRing: number[][], newRing: number[][]): TraceReport['largestMove'] {
  const [lng0, lat0] = oldRing[0] as [number, number];
  const plane = localPlane(lng0, lat0);
  const project = (ring: number[][]) => ring.map((p) => plane.toXY(p[0] as number, p[1] as number));
  const o = project(oldRing);
  const n = project(newRing);
  const farthest = (from: [number, number][], to: [number, number][]) => {
    let best = { metres: -1, index: 0 };
    from.forEach(([x, y], i) => {
      let d = Number.POSITIVE_INFINITY;
      for (let k = 1; k < to.length; k++) {
        const a = to[k - 1] as [number, number];
        const b = to[k] as [number, number];
        d = Math.min(d, nearestOnSegment(x, y, a[0], a[1], b[0], b[1]).distance);
      }
      if (d > best.metres) best = { metres: d, index: i };
    });
    return best;
  };
  const a = farthest(n, o);
  const b = farthest(o, n);
  return a.metres >= b.metres
    ? { metres: a.metres, at: newRing[a.index] as [number, number], from: 'new vertex' }
    : { metres: b.metres, at: oldRing[b.index] as [number, number], from: 'previous vertex' };
}

function runCheck(check: NonNullable<RouteSpec['checks']>[number], spec: RouteSpec, extract: RoadExtract) {
  const base = { id: check.id, description: check.description, expectedKm: check.expectedKm };
  const linesOf = (keys: string[]) => extract.lines.filter((l) => l.keys.some((k) => keys.includes(k)));
  const first = extract.lines[0]?.coords[0];
  if (!first) return { ...base, lengthKm: null, ok: null, why: 'no roads in the extract' };
  const plane = localPlane(first[0], first[1]);
  const graph = (keys: string[]) => {
    const lines = linesOf(keys);
    return lines.length > 0 ? buildRoadGraph(lines, plane, spec.maxGapM) : null;
  };
  const along = graph(check.along);
  const ends = [check.from, check.to].map(([a, b]) => {
    const ga = graph([a]);
    const gb = graph([b]);
    return ga && gb ? findJunctions(ga, gb, spec.maxGapM) : null;
  });
  const [from, to] = ends;
  if (!along || !from || !to)
    return { ...base, lengthKm: null, ok: null, why: 'a road of the check is not in the extract' };
  if (from.length !== 1 || to.length !== 1)
    return { ...base, lengthKm: null, ok: null, why: 'its end junctions are not found exactly once' };
  const a = snapToGraph(along, (from[0] as { x: number }).x, (from[0] as { y: number }).y);
  const b = snapToGraph(along, (to[0] as { x: number }).x, (to[0] as { y: number }).y);
  const path = a && b ? shortestPath(along, a, b) : null;
  if (!path) return { ...base, lengthKm: null, ok: null, why: 'the roads between its ends do not connect' };
  const lengthKm = path.length / 1000;
  return { ...base, lengthKm, ok: Math.abs(lengthKm - check.expectedKm) <= check.toleranceKm };
}
