/**
 * Where each road of the ring starts and ends: at its junction with the next road (one place only), at its
 * point nearest a landmark (checked against the notice's rule and the landmark's reach), or, next to a side
 * that keeps its previous trace, at its point nearest the kept corner. Every failure is a refusal.
 */
import { type Refusal, refusal } from './describe-refusal.ts';
import { closestApproach, findJunctions } from './find-junction.ts';
import type { LocalPlane } from './local-plane.ts';
import { distanceToLandmark, keepsRule, type PlacedLandmark, rulePoint, ruleWords } from './place-landmark.ts';
import { distanceToOldRing, type PreviousRing } from './previous-ring.ts';
import { buildRoadGraph, type RoadGraph, type Snap, snapToGraph } from './road-graph.ts';
import type { RouteSpec, RouteStep } from './route-spec.ts';
import type { SideTrace } from './trace-ring.ts';

/** A step of the ring, resolved: its road graph or landmark. */
export interface Flat {
  side: number;
  step: RouteStep;
  label: string;
  graph?: RoadGraph;
  landmark?: PlacedLandmark;
}

/** Where a road starts or ends, and the junction it is named for there. */
export type End = { snap: Snap; name: string; gapM: number } | null;

/** True when the step's side is still being traced. */
export function alive(f: Flat, sides: SideTrace[]): boolean {
  return (sides[f.side] as SideTrace).traced;
}

/** Where road step i starts (dir −1) or ends (dir +1). */
export function endOf(
  spec: RouteSpec,
  flat: Flat[],
  i: number,
  dir: -1 | 1,
  sides: SideTrace[],
  previous: PreviousRing,
  plane: LocalPlane,
  problems: Refusal[],
): End {
  const n = flat.length;
  const f = flat[i] as Flat;
  const graph = f.graph as RoadGraph;
  const other = flat[(i + dir + n) % n] as Flat;
  const sideId = (sides[f.side] as SideTrace).id;
  if (!alive(other, sides)) {
    // The neighbour keeps the previous trace: start or end at this road's point nearest its kept corner.
    const corner = dir < 0 ? previous.cornerBefore(sideId) : previous.cornerAfter(sideId);
    if (!corner) return null;
    const [x, y] = plane.toXY(corner.lng, corner.lat);
    const snap = snapToGraph(graph, x, y);
    const reach = Math.max(corner.uncertaintyM, 500);
    if (!snap || snap.distance > reach) {
      problems.push(
        refusal('CORNER_TOO_FAR', [sideId], { road: f.label, distanceM: snap?.distance ?? Number.NaN, reachM: reach }),
      );
      return null;
    }
    return { snap, name: '', gapM: 0 };
  }
  if ('road' in other.step) {
    const otherGraph = other.graph as RoadGraph;
    const sameCorridor = otherGraph === graph;
    const a = sameCorridor ? ownGraph(spec, f, plane) : graph;
    const b = sameCorridor ? ownGraph(spec, other, plane) : otherGraph;
    const places = findJunctions(a, b, spec.maxGapM);
    const involved = [...new Set([sideId, (sides[other.side] as SideTrace).id])];
    const names = dir < 0 ? `${other.label} × ${f.label}` : `${f.label} × ${other.label}`;
    if (places.length === 0) {
      const near = closestApproach(a, b);
      problems.push(
        refusal('ROADS_DO_NOT_MEET', involved, {
          roads: names,
          distanceM: near?.distance ?? Number.NaN,
          at: near ? plane.toLngLat(near.onFirst.x, near.onFirst.y) : null,
          maxGapM: spec.maxGapM,
        }),
      );
      return null;
    }
    let place = places[0];
    if (places.length > 1) {
      const plausible = places.filter(
        (p) =>
          distanceToOldRing(previous, plane, sideId, [plane.toLngLat(p.x, p.y)]) <= previous.maxUncertainty(sideId),
      );
      if (plausible.length !== 1) {
        problems.push(
          refusal('ROADS_MEET_SEVERAL_TIMES', involved, {
            roads: names,
            at: places.map((p) => plane.toLngLat(p.x, p.y)),
          }),
        );
        return null;
      }
      place = plausible[0];
      (sides[f.side] as SideTrace).notes.push(
        `${names}: 相交 ${places.length} 处，只有一处在原描绘线的误差范围内 / meet at ${places.length} places; only one lies within the previous trace's uncertainty`,
      );
    }
    const p = place as NonNullable<typeof place>;
    const snap = snapToGraph(graph, p.x, p.y) as Snap;
    return {
      snap,
      name: `${names}（路口 / junction${p.gapM > 0 ? `, ${p.gapM.toFixed(0)} m gap` : ''}）`,
      gapM: p.gapM,
    };
  }
  // A landmark next to this road.
  const l = other.landmark as PlacedLandmark;
  const rule = (other.step as { rule: Parameters<typeof keepsRule>[1] }).rule;
  const lspec = spec.landmarks[(other.step as { landmark: string }).landmark];
  const beyond = flat[(i + 2 * dir + 2 * n) % n] as Flat;
  const betweenRoads = 'road' in beyond.step && alive(beyond, sides);
  let snap: Snap | null = null;
  if (betweenRoads) {
    // Nearest point of this road to the landmark's outline.
    for (const [x, y] of l.vertices) {
      const s = snapToGraph(graph, x, y);
      if (s && (!snap || s.distance < snap.distance)) snap = s;
    }
  } else {
    const [x, y] = rulePoint(l, rule, lspec as NonNullable<typeof lspec>);
    snap = snapToGraph(graph, x, y);
  }
  const reach = lspec?.reachM ?? 500;
  const distance = snap ? distanceToLandmark(l, snap.x, snap.y) : Number.POSITIVE_INFINITY;
  if (!snap || distance > reach + (l.point ? (lspec?.pointRadiusM ?? 0) : 0)) {
    problems.push(
      refusal('LANDMARK_TOO_FAR', [sideId], {
        road: f.label,
        landmark: other.label,
        distanceM: distance,
        reachM: reach,
      }),
    );
    return null;
  }
  if (betweenRoads && !keepsRule(l, rule, snap.x, snap.y)) {
    problems.push(
      refusal('LANDMARK_RULE_NOT_MET', [sideId], { road: f.label, landmark: other.label, rule: ruleWords(rule) }),
    );
    return null;
  }
  return { snap, name: '', gapM: 0 };
}

/** The graph of a corridor road's own lines (to find where its name hands over to the next). */
function ownGraph(spec: RouteSpec, f: Flat, plane: LocalPlane): RoadGraph {
  const key = (f.step as { road: string }).road;
  const lines = (f.graph as RoadGraph).lines.filter((l) => l.keys.includes(key));
  return buildRoadGraph(lines.length > 0 ? lines : (f.graph as RoadGraph).lines, plane, spec.maxGapM);
}

/** The closest points of two pieces of a road (the gap a path could not cross). */
export function closestGap(graph: RoadGraph, a: number, b: number): { distance: number; x: number; y: number } {
  let best = { distance: Number.POSITIVE_INFINITY, x: 0, y: 0 };
  graph.nodes.forEach((p, i) => {
    if (graph.piece[i] !== a) return;
    graph.nodes.forEach((q, j) => {
      if (graph.piece[j] !== b) return;
      const d = Math.hypot(p.x - q.x, p.y - q.y);
      if (d < best.distance) best = { distance: d, x: (p.x + q.x) / 2, y: (p.y + q.y) / 2 };
    });
  });
  return best;
}
