/**
 * Where two roads meet: every place their segments touch or come within maxGapM (a junction mapped without
 * a shared node, or a small mapping gap), grouped into places 150 m apart. One place is a junction; none or
 * several are reported by the tracer (never guessed), with the closest approach when they do not meet.
 */
import { segmentGap } from './local-plane.ts';
import { edgesNear, type GraphEdge, type GraphNode, type RoadGraph, type Snap, snapToGraph } from './road-graph.ts';

/** Candidate points closer than this belong to one junction (a dual-carriageway crossing has four). */
const PLACE_M = 150;
/** A pair of roads that run together for kilometres yields many points: this many are enough to place them. */
const MAX_POINTS = 4_000;

/** One place where two roads meet. */
export interface JunctionPlace {
  x: number;
  y: number;
  /** The gap between the roads there (0 where they share a node or cross). */
  gapM: number;
  /** How far the place's points spread (roads that run together have a long place). */
  extentM: number;
  onFirst: Snap;
  onSecond: Snap;
}

/** The places where roads a and b meet (both graphs in one plane). */
export function findJunctions(a: RoadGraph, b: RoadGraph, maxGapM: number): JunctionPlace[] {
  const points: { x: number; y: number; gap: number }[] = [];
  for (const edge of a.edges) {
    if (edge.line < 0 || points.length >= MAX_POINTS) continue;
    const p = a.nodes[edge.a] as GraphNode;
    const q = a.nodes[edge.b] as GraphNode;
    const mx = (p.x + q.x) / 2;
    const my = (p.y + q.y) / 2;
    for (const e of edgesNear(b, mx, my, edge.length / 2 + maxGapM)) {
      const other = b.edges[e] as GraphEdge;
      if (other.line < 0) continue;
      const r = b.nodes[other.a] as GraphNode;
      const s = b.nodes[other.b] as GraphNode;
      const gap = segmentGap([p.x, p.y], [q.x, q.y], [r.x, r.y], [s.x, s.y]);
      if (gap.distance <= maxGapM)
        points.push({
          x: (gap.onFirst[0] + gap.onSecond[0]) / 2,
          y: (gap.onFirst[1] + gap.onSecond[1]) / 2,
          gap: gap.distance,
        });
    }
  }
  return clusterPlaces(points).map((cluster) => {
    const best = cluster.reduce((m, p) => (p.gap < m.gap ? p : m));
    let extent = 0;
    for (const p of cluster) extent = Math.max(extent, Math.hypot(p.x - best.x, p.y - best.y));
    return {
      x: best.x,
      y: best.y,
      gapM: best.gap,
      extentM: extent,
      onFirst: snapToGraph(a, best.x, best.y) as Snap,
      onSecond: snapToGraph(b, best.x, best.y) as Snap,
    };
  });
}

/** Single-linkage clusters of points within PLACE_M. */
function clusterPlaces<T extends { x: number; y: number }>(points: T[]): T[][] {
  const clusters: T[][] = [];
  const done = new Uint8Array(points.length);
  for (let i = 0; i < points.length; i++) {
    if (done[i]) continue;
    done[i] = 1;
    const cluster = [points[i] as T];
    for (let k = 0; k < cluster.length; k++) {
      const c = cluster[k] as T;
      for (let j = 0; j < points.length; j++) {
        if (done[j]) continue;
        const p = points[j] as T;
        if (Math.hypot(p.x - c.x, p.y - c.y) <= PLACE_M) {
          done[j] = 1;
          cluster.push(p);
        }
      }
    }
    clusters.push(cluster);
  }
  return clusters;
}

/** The closest approach of two roads that do not meet: distance and the point on each. */
export function closestApproach(
  a: RoadGraph,
  b: RoadGraph,
): { distance: number; onFirst: Snap; onSecond: Snap } | null {
  let best: { distance: number; onFirst: Snap; onSecond: Snap } | null = null;
  for (const node of b.nodes) {
    const snap = snapToGraph(a, node.x, node.y);
    if (snap && (!best || snap.distance < best.distance))
      best = { distance: snap.distance, onFirst: snap, onSecond: snapToGraph(b, node.x, node.y) as Snap };
  }
  return best;
}
