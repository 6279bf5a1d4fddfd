/**
 * The tracer: the route spec's steps, side by side, on the roads and landmarks of an extract. Each road is
 * followed between where it meets the step before and the step after (a junction, or its point nearest a
 * landmark); landmark rules place the line beside their outlines. Nothing is guessed: a road not found, two
 * roads that do not meet within maxGapM, a junction found at several places, a landmark too far or on the
 * wrong side is a refusal naming it, and that side keeps the previous trace (previous-ring.ts). A side next to
 * a kept one starts or ends at its road's point nearest the kept corner.
 */
import { type Refusal, refusal } from './describe-refusal.ts';
import { followRoad, type TracedPoint } from './follow-road.ts';
import type { LocalPlane } from './local-plane.ts';
import { findLandmark, type PlacedLandmark, rulePoint, ruleWords } from './place-landmark.ts';
import { distanceToOldRing, type PreviousRing } from './previous-ring.ts';
import { alive, closestGap, endOf, type Flat } from './road-ends.ts';
import type { RoadExtract } from './road-extract.ts';
import { buildRoadGraph, type RoadGraph } from './road-graph.ts';
import type { RouteSpec, RouteStep } from './route-spec.ts';

/** The words 以北 / 村东 say which side, not how far: an edge placed by a landmark rule is this uncertain,
 *  plus LANDMARK_EDGE_SHARE of its length (a straight line between a road and a village is a guess of how
 *  the line runs there, and the longer it is the more it may be off). */
export const LANDMARK_EDGE_M = 150;
export const LANDMARK_EDGE_SHARE = 0.1;

/** A traced point on the ring, with the side of the edge leaving it. */
export interface RingPoint extends TracedPoint {
  side: string;
}

/** What became of one side. */
export interface SideTrace {
  id: string;
  traced: boolean;
  refusals: Refusal[];
  notes: string[];
  roads: { key: string; names: string[]; lengthM: number; dual: boolean; bridgedGaps: number }[];
  points: RingPoint[];
}

/** Traces every side it can; the others are marked for the previous trace. */
export function traceSides(
  spec: RouteSpec,
  extract: RoadExtract,
  previous: PreviousRing,
  plane: LocalPlane,
): SideTrace[] {
  const sides: SideTrace[] = spec.sides.map((s) => ({
    id: s.id,
    traced: true,
    refusals: [],
    notes: [],
    roads: [],
    points: [],
  }));
  const graphs = new Map<string, RoadGraph>();
  const flat: Flat[] = [];
  spec.sides.forEach((side, s) => {
    for (const step of side.steps) flat.push(resolveStep(spec, extract, previous, plane, graphs, step, s, sides));
  });
  for (const side of sides) if (side.refusals.length > 0) side.traced = false;
  // A refusal at a corner stops both sides, and then their neighbours start from a kept corner: repeat
  // until nothing changes (at most once per side).
  for (let round = 0; round <= sides.length; round++) {
    let changed = false;
    for (const side of sides) {
      side.points = [];
      side.roads = [];
    }
    for (let i = 0; i < flat.length; i++) {
      const f = flat[i] as Flat;
      const side = sides[f.side] as SideTrace;
      if (!side.traced) continue;
      const problems = placeStep(spec, flat, i, sides, previous, plane);
      if (problems.length > 0) {
        for (const p of problems)
          for (const s of p.sides) {
            const hit = sides.find((x) => x.id === s);
            if (hit?.traced) {
              hit.traced = false;
              changed = true;
            }
            if (hit && !hit.refusals.some((r) => r.message.en === p.message.en)) hit.refusals.push(p);
          }
      }
    }
    if (!changed) break;
  }
  return sides;
}

function resolveStep(
  spec: RouteSpec,
  extract: RoadExtract,
  previous: PreviousRing,
  plane: LocalPlane,
  graphs: Map<string, RoadGraph>,
  step: RouteStep,
  s: number,
  sides: SideTrace[],
): Flat {
  const side = sides[s] as SideTrace;
  if ('road' in step) {
    const road = spec.roads[step.road];
    const label = road?.names[0] ?? step.road;
    const group = road?.corridor
      ? Object.keys(spec.roads).filter((k) => spec.roads[k]?.corridor === road.corridor)
      : [step.road];
    const cacheKey = group.join('+');
    let graph = graphs.get(cacheKey);
    if (!graph) {
      const lines = extract.lines.filter((l) => l.keys.some((k) => group.includes(k)));
      graph = lines.length > 0 ? buildRoadGraph(lines, plane, spec.maxGapM) : undefined;
      if (graph) graphs.set(cacheKey, graph);
    }
    const own = extract.lines.filter((l) => l.keys.includes(step.road));
    if (own.length === 0) {
      const candidates = extract.candidates
        .filter((c) => c.keys.includes(step.road))
        .map((c) => ({ name: c.name, ref: c.ref, distanceM: distanceToOldRing(previous, plane, side.id, c.coords) }))
        .sort((a, b) => a.distanceM - b.distanceM)
        .slice(0, 5);
      side.refusals.push(refusal('ROAD_NOT_FOUND', [side.id], { road: label, names: road?.names ?? [], candidates }));
    }
    return { side: s, step, label, graph };
  }
  const spec_ = spec.landmarks[step.landmark];
  const label = spec_?.names[0] ?? step.landmark;
  const found = findLandmark(extract, step.landmark, plane);
  if (!found.ok) {
    side.refusals.push(
      refusal(found.code, [side.id], {
        landmark: label,
        places: found.code === 'LANDMARK_AMBIGUOUS' ? found.places : [],
      }),
    );
    return { side: s, step, label };
  }
  return { side: s, step, label, landmark: found.landmark };
}

/** Places step i: a road's course, a landmark's point; returns refusals (empty when placed). */
function placeStep(
  spec: RouteSpec,
  flat: Flat[],
  i: number,
  sides: SideTrace[],
  previous: PreviousRing,
  plane: LocalPlane,
): Refusal[] {
  const f = flat[i] as Flat;
  const side = sides[f.side] as SideTrace;
  const n = flat.length;
  const before = flat[(i - 1 + n) % n] as Flat;
  const after = flat[(i + 1) % n] as Flat;
  if ('landmark' in f.step) {
    const l = f.landmark as PlacedLandmark;
    const betweenRoads = 'road' in before.step && 'road' in after.step && alive(before, sides) && alive(after, sides);
    if (betweenRoads) return [];
    const lspec = spec.landmarks[f.step.landmark];
    const [x, y] = rulePoint(l, f.step.rule, lspec as NonNullable<typeof lspec>);
    const [lng, lat] = plane.toLngLat(x, y);
    side.points.push({
      lng: round(lng),
      lat: round(lat),
      name: `${f.label}（${ruleWords(f.step.rule)}）`,
      basis: 'derived',
      source: `${ruleWords(f.step.rule)} ${l.refs.join(', ')}${l.point ? ` (a point: taken as ${lspec?.pointRadiusM} m wide)` : ''}`,
      uncertaintyM: LANDMARK_EDGE_M + (l.point ? (lspec?.pointRadiusM ?? 0) : 0),
      edgeBasis: 'derived',
      landmarkEdge: true,
      side: side.id,
    });
    return [];
  }
  const graph = f.graph as RoadGraph;
  const problems: Refusal[] = [];
  const entry = endOf(spec, flat, i, -1, sides, previous, plane, problems);
  const exit = endOf(spec, flat, i, +1, sides, previous, plane, problems);
  if (!entry || !exit) return problems;
  const course = followRoad(graph, entry.snap, exit.snap, f.label);
  if (!course.ok) {
    const far = closestGap(graph, course.gap.fromPiece, course.gap.toPiece);
    return [
      refusal('ROAD_GAP', [side.id], {
        road: f.label,
        gapM: far.distance,
        at: plane.toLngLat(far.x, far.y),
        maxGapM: spec.maxGapM,
      }),
    ];
  }
  const key = (f.step as { road: string }).road;
  side.roads.push({
    key,
    names: [...new Set(graph.lines.filter((l) => l.keys.includes(key)).map((l) => l.name))],
    lengthM: course.lengthM,
    dual: course.dual,
    bridgedGaps: course.bridgedGaps,
  });
  if (course.dual)
    side.notes.push(`${f.label}: 双向分离路，取两幅中线 / dual carriageway, traced along the centre between them`);
  if (course.bridgedGaps > 0)
    side.notes.push(`${f.label}: ${course.bridgedGaps} mapping gap(s) ≤ ${spec.maxGapM} m bridged`);
  const points = course.points.map((p) => ({ ...p, side: side.id }));
  // The junction point is the last point of this course and the first of the next: named for both there.
  if (entry.name && points[0])
    points[0] = { ...points[0], name: entry.name, basis: 'derived', source: `${points[0].source}; ${entry.name}` };
  side.points.push(...points);
  const last = side.points[side.points.length - 1];
  if (last && exit.gapM > 0) last.uncertaintyM += exit.gapM;
  if (last && 'landmark' in after.step) {
    last.uncertaintyM = LANDMARK_EDGE_M + (graph.lines[0]?.precisionM ?? 0);
    last.edgeBasis = 'derived';
    last.landmarkEdge = true;
  }
  return [];
}

function round(n: number): number {
  return Math.round(n * 1e7) / 1e7;
}
