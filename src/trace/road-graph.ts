/**
 * The graph of one named road (or corridor): its lines' nodes and segments in plane metres, a grid over the
 * segments for nearest-point queries, and shortest paths along it (Dijkstra with a binary heap). A dead end
 * within maxGapM of another piece of the same road is bridged (a mapping gap), and the bridge is reported;
 * pieces farther apart stay apart, so a path across them does not exist and the gap is reported instead.
 */
import { InputError } from '../errors.ts';
import { type LocalPlane, nearestOnSegment } from './local-plane.ts';
import type { ExtractLine } from './road-extract.ts';

/** A node of the graph. */
export interface GraphNode {
  id: string;
  x: number;
  y: number;
  lng: number;
  lat: number;
}

/** A segment (or a bridge over a gap) between two nodes. */
export interface GraphEdge {
  a: number;
  b: number;
  length: number;
  /** The line it belongs to, or -1 for a bridge. */
  line: number;
}

/** One road's graph. */
export interface RoadGraph {
  lines: ExtractLine[];
  nodes: GraphNode[];
  edges: GraphEdge[];
  adjacency: number[][];
  /** Connected piece of each node (after bridging). */
  piece: Int32Array;
  grid: Map<string, number[]>;
  plane: LocalPlane;
}

/** A point on an edge. */
export interface Snap {
  edge: number;
  t: number;
  x: number;
  y: number;
  distance: number;
}

/** A point of a path, with what it stands on. */
export interface PathPoint {
  x: number;
  y: number;
  /** Node index, or -1 for a point inside an edge (a snap). */
  node: number;
  /** The edge that leads to the next point (-1 at the end). */
  edge: number;
}

const CELL_M = 250;
/** No road segment between two nodes is this long (the longest in China's OSM are a few tens of km): one that
 *  is comes from broken coordinates, and is refused before it can fill the grid. */
const MAX_SEGMENT_M = 500_000;

/** Builds the graph of some lines. */
export function buildRoadGraph(lines: ExtractLine[], plane: LocalPlane, maxGapM: number): RoadGraph {
  const index = new Map<string, number>();
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const nodeOf = (id: string, lng: number, lat: number) => {
    let i = index.get(id);
    if (i === undefined) {
      const [x, y] = plane.toXY(lng, lat);
      i = nodes.push({ id, x, y, lng, lat }) - 1;
      index.set(id, i);
    }
    return i;
  };
  lines.forEach((line, l) => {
    let previous = -1;
    line.coords.forEach(([lng, lat], k) => {
      const n = nodeOf(line.nodes[k] as string, lng, lat);
      if (previous >= 0 && previous !== n)
        edges.push({ a: previous, b: n, length: distance(nodes, previous, n), line: l });
      previous = n;
    });
  });
  const graph: RoadGraph = {
    lines,
    nodes,
    edges,
    adjacency: [],
    piece: new Int32Array(nodes.length),
    grid: new Map(),
    plane,
  };
  for (let e = 0; e < edges.length; e++) addToGrid(graph, e);
  bridgeGaps(graph, maxGapM);
  graph.adjacency = nodes.map(() => []);
  edges.forEach((e, i) => {
    graph.adjacency[e.a]?.push(i);
    graph.adjacency[e.b]?.push(i);
  });
  labelPieces(graph);
  return graph;
}

function distance(nodes: GraphNode[], a: number, b: number): number {
  const p = nodes[a] as GraphNode;
  const q = nodes[b] as GraphNode;
  return Math.hypot(p.x - q.x, p.y - q.y);
}

function addToGrid(graph: RoadGraph, e: number): void {
  const edge = graph.edges[e] as GraphEdge;
  const a = graph.nodes[edge.a] as GraphNode;
  const b = graph.nodes[edge.b] as GraphNode;
  // Only the cells the segment passes through (column by column, the rows its span covers there): cells
  // follow its length, not its bounding box, so one long diagonal line cannot fill a province of cells.
  const [p, q] = a.x <= b.x ? [a, b] : [b, a];
  if (!(Math.hypot(q.x - p.x, q.y - p.y) <= MAX_SEGMENT_M))
    throw new InputError(
      'INVALID_COORDINATE',
      `a road segment from ${p.lng}, ${p.lat} (node ${p.id}) to ${q.lng}, ${q.lat} (node ${q.id}) is over ${MAX_SEGMENT_M / 1000} km long: broken coordinates, not road data`,
    );
  const x0 = Math.floor(p.x / CELL_M);
  const x1 = Math.floor(q.x / CELL_M);
  const slope = q.x === p.x ? 0 : (q.y - p.y) / (q.x - p.x);
  for (let cx = x0; cx <= x1; cx++) {
    const from = cx === x0 ? p.x : cx * CELL_M;
    const to = cx === x1 ? q.x : (cx + 1) * CELL_M;
    const ya = q.x === p.x ? p.y : p.y + slope * (from - p.x);
    const yb = q.x === p.x ? q.y : p.y + slope * (to - p.x);
    const y0 = Math.floor(Math.min(ya, yb) / CELL_M);
    const y1 = Math.floor(Math.max(ya, yb) / CELL_M);
    for (let cy = y0; cy <= y1; cy++) {
      const key = `${cx},${cy}`;
      const list = graph.grid.get(key);
      if (list) list.push(e);
      else graph.grid.set(key, [e]);
    }
  }
}

/** Edges whose cells lie within `radius` of (x, y). */
export function edgesNear(graph: RoadGraph, x: number, y: number, radius: number): number[] {
  const out = new Set<number>();
  const r = Math.ceil(radius / CELL_M);
  const cx = Math.floor(x / CELL_M);
  const cy = Math.floor(y / CELL_M);
  for (let dx = -r; dx <= r; dx++)
    for (let dy = -r; dy <= r; dy++) for (const e of graph.grid.get(`${cx + dx},${cy + dy}`) ?? []) out.add(e);
  return [...out];
}

/** The nearest point of the graph to (x, y): searched in growing rings of cells, then over all edges. */
export function snapToGraph(
  graph: RoadGraph,
  x: number,
  y: number,
  within = Number.POSITIVE_INFINITY,
  skip: ReadonlySet<number> = new Set(),
): Snap | null {
  let best: Snap | null = null;
  const consider = (list: Iterable<number>) => {
    for (const e of list) {
      const edge = graph.edges[e] as GraphEdge;
      if (edge.line < 0 || skip.has(e)) continue;
      const a = graph.nodes[edge.a] as GraphNode;
      const b = graph.nodes[edge.b] as GraphNode;
      const n = nearestOnSegment(x, y, a.x, a.y, b.x, b.y);
      if (!best || n.distance < best.distance) best = { edge: e, t: n.t, x: n.x, y: n.y, distance: n.distance };
    }
  };
  for (const radius of [CELL_M, 4 * CELL_M, 16 * CELL_M]) {
    consider(edgesNear(graph, x, y, radius));
    if (best && (best as Snap).distance <= radius) break;
  }
  if (!best) consider(graph.edges.keys());
  const found = best as Snap | null;
  return found && found.distance <= within ? found : null;
}

/** Dead ends within maxGapM of another piece are joined by a bridge edge (line -1). */
function bridgeGaps(graph: RoadGraph, maxGapM: number): void {
  const degree = new Int32Array(graph.nodes.length);
  for (const e of graph.edges) {
    degree[e.a] = (degree[e.a] as number) + 1;
    degree[e.b] = (degree[e.b] as number) + 1;
  }
  graph.adjacency = graph.nodes.map(() => []);
  graph.edges.forEach((e, i) => {
    graph.adjacency[e.a]?.push(i);
    graph.adjacency[e.b]?.push(i);
  });
  labelPieces(graph);
  const bridges: GraphEdge[] = [];
  graph.nodes.forEach((node, n) => {
    if (degree[n] !== 1) return;
    let best: { node: number; length: number } | null = null;
    for (const e of edgesNear(graph, node.x, node.y, maxGapM)) {
      const edge = graph.edges[e] as GraphEdge;
      if (graph.piece[edge.a] === graph.piece[n]) continue;
      for (const other of [edge.a, edge.b]) {
        const length = distance(graph.nodes, n, other);
        if (length <= maxGapM && (!best || length < best.length)) best = { node: other, length };
      }
    }
    if (best) bridges.push({ a: n, b: best.node, length: best.length, line: -1 });
  });
  graph.edges.push(...bridges);
}

function labelPieces(graph: RoadGraph): void {
  graph.piece.fill(-1);
  let label = 0;
  for (let start = 0; start < graph.nodes.length; start++) {
    if ((graph.piece[start] as number) >= 0) continue;
    const stack = [start];
    graph.piece[start] = label;
    while (stack.length > 0) {
      const n = stack.pop() as number;
      for (const e of graph.adjacency[n] ?? []) {
        const edge = graph.edges[e] as GraphEdge;
        const m = edge.a === n ? edge.b : edge.a;
        if ((graph.piece[m] as number) < 0) {
          graph.piece[m] = label;
          stack.push(m);
        }
      }
    }
    label++;
  }
}

/** The piece (connected part) a snap lies on. */
export function pieceOf(graph: RoadGraph, snap: Snap): number {
  return graph.piece[(graph.edges[snap.edge] as GraphEdge).a] as number;
}
