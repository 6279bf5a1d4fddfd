/**
 * Follows one road between two points on it: the shortest path along its own lines, every vertex cited
 * (line and node). A dual carriageway (the path runs on one-way lines and a second path on the other
 * lines runs alongside) is followed along the centre between the two, and says so.
 */
import type { VertexBasis } from '../geo/zone.ts';
import { nearestOnSegment } from './local-plane.ts';
import type { GraphEdge, PathPoint, RoadGraph, Snap } from './road-graph.ts';
import { snapToGraph } from './road-graph.ts';
import { shortestPath } from './shortest-path.ts';

/** One traced point, with its provenance and that of the edge leaving it. */
export interface TracedPoint {
  lng: number;
  lat: number;
  name: string;
  basis: VertexBasis;
  source: string;
  /** How far the real line may lie from the edge to the next point (metres). */
  uncertaintyM: number;
  edgeBasis: VertexBasis;
  /** The edge leaving it is placed by a landmark rule: its uncertainty grows with its length. */
  landmarkEdge?: boolean;
}

/** Half the width of a road by its OSM class (metres): where its centreline may be off its kerbs. */
const HALF_WIDTH_M: Record<string, number> = {
  motorway: 15,
  trunk: 12,
  primary: 10,
  secondary: 8,
  tertiary: 7,
  unclassified: 5,
  residential: 5,
  service: 3,
};
const DEFAULT_HALF_WIDTH_M = 8;
/** Carriageways further apart than this are two roads, not one. */
const DUAL_MAX_M = 80;

/** The road's course from `from` to `to`, or why there is none. */
export type Course =
  | { ok: true; points: TracedPoint[]; lengthM: number; dual: boolean; bridgedGaps: number }
  | { ok: false; gap: { fromPiece: number; toPiece: number } };

/** Follows the road of `graph` from one snap to another. `label` names the road in provenance. */
export function followRoad(graph: RoadGraph, from: Snap, to: Snap, label: string): Course {
  const path = shortestPath(graph, from, to);
  if (!path) return { ok: false, gap: { fromPiece: pieceOfSnap(graph, from), toPiece: pieceOfSnap(graph, to) } };
  const bridgedGaps = path.points.filter((p) => p.edge >= 0 && (graph.edges[p.edge] as GraphEdge).line < 0).length;
  const twin = dualTwin(graph, path.points, path.length, from, to);
  const points = twin
    ? centreLine(graph, path.points, twin, label)
    : path.points.map((p, i) => cite(graph, p, label, path.points[i - 1]?.edge ?? -1));
  return { ok: true, points: dedupe(points), lengthM: path.length, dual: twin !== null, bridgedGaps };
}

function pieceOfSnap(graph: RoadGraph, snap: Snap): number {
  return graph.piece[(graph.edges[snap.edge] as GraphEdge).a] as number;
}

/** Uncertainty of an edge on a line: half its width plus the source's precision. */
export function lineUncertainty(graph: RoadGraph, edge: number): number {
  const e = graph.edges[edge] as GraphEdge | undefined;
  if (!e) return DEFAULT_HALF_WIDTH_M;
  if (e.line < 0) return DEFAULT_HALF_WIDTH_M + e.length;
  const line = graph.lines[e.line];
  return (HALF_WIDTH_M[line?.highway ?? ''] ?? DEFAULT_HALF_WIDTH_M) + (line?.precisionM ?? 0);
}

function cite(graph: RoadGraph, p: PathPoint, label: string, previousEdge: number): TracedPoint {
  const [lng, lat] = graph.plane.toLngLat(p.x, p.y);
  const edge = graph.edges[p.edge] as GraphEdge | undefined;
  const lineEdge = edge && edge.line >= 0 ? edge : (graph.edges[previousEdge] as GraphEdge | undefined);
  const line = lineEdge && lineEdge.line >= 0 ? graph.lines[lineEdge.line] : undefined;
  const uncertaintyM = lineUncertainty(graph, p.edge);
  if (p.node >= 0) {
    const node = graph.nodes[p.node];
    const nodeId = node?.id.startsWith('n') ? `node ${node.id.slice(1)}` : 'vertex';
    return {
      lng: node?.lng ?? lng,
      lat: node?.lat ?? lat,
      name: label,
      basis: 'sourced',
      source: `${line?.ref ?? 'road'} ${nodeId}, copied`,
      uncertaintyM,
      edgeBasis: edge && edge.line < 0 ? 'derived' : 'sourced',
    };
  }
  return {
    lng: round(lng),
    lat: round(lat),
    name: label,
    basis: 'derived',
    source: `point on ${line?.ref ?? 'the road'} nearest to the neighbouring road or landmark`,
    uncertaintyM,
    edgeBasis: 'sourced',
  };
}

/** A second path on other one-way lines that runs alongside the first, or null. */
function dualTwin(graph: RoadGraph, points: PathPoint[], length: number, from: Snap, to: Snap): PathPoint[] | null {
  let oneway = 0;
  // The edges the path runs along (a snap that sits on a node does not run along its edge).
  const used = new Set<number>();
  for (let i = 0; i + 1 < points.length; i++) {
    const p = points[i] as PathPoint;
    const q = points[i + 1] as PathPoint;
    if (p.edge < 0 || Math.hypot(p.x - q.x, p.y - q.y) < 0.01) continue;
    used.add(p.edge);
    const e = graph.edges[p.edge] as GraphEdge;
    if (e.line >= 0 && graph.lines[e.line]?.oneway) oneway += Math.hypot(p.x - q.x, p.y - q.y);
  }
  if (oneway < 0.5 * length || length === 0) return null;
  const s = snapToGraph(graph, from.x, from.y, DUAL_MAX_M, used);
  const t = snapToGraph(graph, to.x, to.y, DUAL_MAX_M, used);
  if (!s || !t) return null;
  const twin = shortestPath(graph, s, t, used);
  if (!twin || Math.abs(twin.length - length) > 0.25 * length) return null;
  let near = 0;
  for (const p of points) if (distanceToPath(p.x, p.y, twin.points).distance <= DUAL_MAX_M) near++;
  return near >= 0.9 * points.length ? twin.points : null;
}

function distanceToPath(x: number, y: number, path: PathPoint[]): { distance: number; x: number; y: number } {
  let best = { distance: Number.POSITIVE_INFINITY, x, y };
  for (let i = 1; i < path.length; i++) {
    const a = path[i - 1] as PathPoint;
    const b = path[i] as PathPoint;
    const n = nearestOnSegment(x, y, a.x, a.y, b.x, b.y);
    if (n.distance < best.distance) best = { distance: n.distance, x: n.x, y: n.y };
  }
  return best;
}

function centreLine(graph: RoadGraph, points: PathPoint[], twin: PathPoint[], label: string): TracedPoint[] {
  return points.map((p, i) => {
    const other = distanceToPath(p.x, p.y, twin);
    const [lng, lat] = graph.plane.toLngLat((p.x + other.x) / 2, (p.y + other.y) / 2);
    const here = cite(graph, p, label, points[i - 1]?.edge ?? -1);
    return {
      lng: round(lng),
      lat: round(lat),
      name: `${label}（双向分离路中线 / centre of the dual carriageway）`,
      basis: 'derived',
      source: `midpoint of ${here.source.replace(/, copied$/, '')} and the nearest point of the other carriageway (${other.distance.toFixed(0)} m apart)`,
      uncertaintyM: here.uncertaintyM + other.distance / 2,
      edgeBasis: 'derived',
    };
  });
}

function dedupe(points: TracedPoint[]): TracedPoint[] {
  const out: TracedPoint[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (last && samePosition(last, p)) {
      // Keep the copied source vertex over a snap that landed on it.
      if (p.basis === 'sourced' && last.basis !== 'sourced') out[out.length - 1] = { ...p, name: last.name };
      continue;
    }
    out.push(p);
  }
  return out;
}

/** Two positions closer than 1e-7° (~1 cm) are one. */
export function samePosition(a: { lng: number; lat: number }, b: { lng: number; lat: number }): boolean {
  return Math.abs(a.lng - b.lng) < 1e-7 && Math.abs(a.lat - b.lat) < 1e-7;
}

function round(n: number): number {
  return Math.round(n * 1e7) / 1e7;
}
