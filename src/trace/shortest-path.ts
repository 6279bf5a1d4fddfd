/**
 * Shortest paths along one road's graph (road-graph.ts) between two snapped points: Dijkstra (1959) with a
 * binary heap, from the start snap's two edge ends to the target snap's.
 */
import type { GraphEdge, GraphNode, PathPoint, RoadGraph, Snap } from './road-graph.ts';

/** Shortest path along the graph between two snaps, skipping `banned` edges; null when not connected. */
export function shortestPath(
  graph: RoadGraph,
  from: Snap,
  to: Snap,
  banned: ReadonlySet<number> = new Set(),
): { points: PathPoint[]; length: number } | null {
  const start = { x: from.x, y: from.y, node: -1, edge: from.edge };
  const end = { x: to.x, y: to.y, node: -1, edge: -1 };
  const fe = graph.edges[from.edge] as GraphEdge;
  const te = graph.edges[to.edge] as GraphEdge;
  if (from.edge === to.edge) return { points: [start, end], length: Math.abs(to.t - from.t) * fe.length };
  const n = graph.nodes.length;
  const cost = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const via = new Int32Array(n).fill(-2); // edge arrived by; -1: straight from the start snap
  const heap = new MinHeap();
  const seed = (node: number, c: number) => {
    if (c < (cost[node] as number)) {
      cost[node] = c;
      via[node] = -1;
      heap.push(node, c);
    }
  };
  seed(fe.a, from.t * fe.length);
  seed(fe.b, (1 - from.t) * fe.length);
  while (heap.size > 0) {
    const [node, c] = heap.pop();
    if (c > (cost[node] as number)) continue;
    for (const e of graph.adjacency[node] ?? []) {
      if (banned.has(e)) continue;
      const edge = graph.edges[e] as GraphEdge;
      const next = edge.a === node ? edge.b : edge.a;
      const nc = c + edge.length;
      if (nc < (cost[next] as number)) {
        cost[next] = nc;
        via[next] = e;
        heap.push(next, nc);
      }
    }
  }
  const viaA = (cost[te.a] as number) + to.t * te.length;
  const viaB = (cost[te.b] as number) + (1 - to.t) * te.length;
  const length = Math.min(viaA, viaB);
  if (!Number.isFinite(length)) return null;
  const nodesBack: { node: number; edge: number }[] = [];
  let node = viaA <= viaB ? te.a : te.b;
  let arriving = to.edge;
  for (;;) {
    nodesBack.push({ node, edge: arriving });
    const e = via[node] as number;
    if (e === -1) break;
    const edge = graph.edges[e] as GraphEdge;
    arriving = e;
    node = edge.a === node ? edge.b : edge.a;
  }
  nodesBack.reverse();
  const points: PathPoint[] = [start];
  for (const p of nodesBack) {
    const g = graph.nodes[p.node] as GraphNode;
    points.push({ x: g.x, y: g.y, node: p.node, edge: p.edge });
  }
  points.push(end);
  return { points, length };
}

/** A binary min-heap of (node, cost). */
class MinHeap {
  private items: number[] = [];
  private costs: number[] = [];
  get size(): number {
    return this.items.length;
  }
  push(item: number, cost: number): void {
    this.items.push(item);
    this.costs.push(cost);
    let i = this.items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((this.costs[parent] as number) <= cost) break;
      this.swap(i, parent);
      i = parent;
    }
  }
  pop(): [number, number] {
    const top: [number, number] = [this.items[0] as number, this.costs[0] as number];
    const lastItem = this.items.pop() as number;
    const lastCost = this.costs.pop() as number;
    if (this.items.length > 0) {
      this.items[0] = lastItem;
      this.costs[0] = lastCost;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.items.length && (this.costs[l] as number) < (this.costs[m] as number)) m = l;
        if (r < this.items.length && (this.costs[r] as number) < (this.costs[m] as number)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }
  private swap(i: number, j: number): void {
    [this.items[i], this.items[j]] = [this.items[j] as number, this.items[i] as number];
    [this.costs[i], this.costs[j]] = [this.costs[j] as number, this.costs[i] as number];
  }
}
