/**
 * A bounding-volume hierarchy over a zone's edges, for "which edge is nearest" and "which edges come close to
 * this box" wherever the grid alone cannot say (far from the line, beyond the grid, long segments).
 *
 * Edges are taken in ring order, which for a traced boundary is already spatially coherent, so the tree is
 * packed bottom-up without sorting: each leaf holds NODE consecutive edges, each parent NODE consecutive
 * children (the layout flatbush uses, https://github.com/mourner/flatbush, without its Hilbert sort). Build is
 * O(n). Each node also keeps the largest trace uncertainty below it, so a search for the smallest
 * distance − uncertainty ("near", decision 0007) prunes as well as a nearest-edge search.
 */
import { buildOrientedBoxes, type OrientedBoxes } from './oriented-boxes.ts';

/** Children per node (and edges per leaf). */
export const NODE = 8;

/** The packed tree: node boxes in lng/lat, the largest uncertainty below each node, level offsets. */
export interface EdgeTree {
  /** minX, minY, maxX, maxY per node. Leaves first, root last. */
  boxes: Float64Array;
  /** Largest edge uncertainty (m) below each node. */
  maxU: Float64Array;
  /** levelStart[l] is the first node of level l (0 = leaves); levelStart[levels] = node count. */
  levelStart: Uint32Array;
  levels: number;
  /** Each node's box along its edges' own axis: the tighter bound for nearest-edge searches
   *  (oriented-boxes.ts). */
  oriented: OrientedBoxes;
}

/** Builds the tree over edges 0..n−1 given as endpoint arrays (read, never modified). */
export function buildEdgeTree(
  ax: Float64Array,
  ay: Float64Array,
  bx: Float64Array,
  by: Float64Array,
  uncertainty: Float64Array,
): EdgeTree {
  const n = ax.length;
  const starts: number[] = [0];
  let count = Math.ceil(n / NODE);
  let total = 0;
  for (;;) {
    total += count;
    starts.push(total);
    if (count === 1) break;
    count = Math.ceil(count / NODE);
  }
  const boxes = new Float64Array(total * 4);
  const maxU = new Float64Array(total);
  const leaves = Math.ceil(n / NODE);
  for (let k = 0; k < leaves; k++) {
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    let u = 0;
    for (let e = k * NODE, end = Math.min(n, e + NODE); e < end; e++) {
      const a = ax[e] as number;
      const b = bx[e] as number;
      const c = ay[e] as number;
      const d = by[e] as number;
      x0 = Math.min(x0, a, b);
      x1 = Math.max(x1, a, b);
      y0 = Math.min(y0, c, d);
      y1 = Math.max(y1, c, d);
      u = Math.max(u, uncertainty[e] as number);
    }
    boxes[4 * k] = x0;
    boxes[4 * k + 1] = y0;
    boxes[4 * k + 2] = x1;
    boxes[4 * k + 3] = y1;
    maxU[k] = u;
  }
  for (let l = 1; l < starts.length - 1; l++) {
    const from = starts[l - 1] as number;
    const below = (starts[l] as number) - from;
    for (let k = starts[l] as number, p = 0; k < (starts[l + 1] as number); k++, p++) {
      let x0 = Infinity;
      let y0 = Infinity;
      let x1 = -Infinity;
      let y1 = -Infinity;
      let u = 0;
      for (let c = from + p * NODE, end = from + Math.min(below, (p + 1) * NODE); c < end; c++) {
        x0 = Math.min(x0, boxes[4 * c] as number);
        y0 = Math.min(y0, boxes[4 * c + 1] as number);
        x1 = Math.max(x1, boxes[4 * c + 2] as number);
        y1 = Math.max(y1, boxes[4 * c + 3] as number);
        u = Math.max(u, maxU[c] as number);
      }
      boxes[4 * k] = x0;
      boxes[4 * k + 1] = y0;
      boxes[4 * k + 2] = x1;
      boxes[4 * k + 3] = y1;
      maxU[k] = u;
    }
  }
  const levelStart = Uint32Array.from(starts);
  const root = boxes.length - 4;
  const midLat = ((boxes[root + 1] as number) + (boxes[root + 3] as number)) / 2;
  const oriented = buildOrientedBoxes(ax, ay, bx, by, levelStart, NODE, midLat);
  return { boxes, maxU, levelStart, levels: starts.length - 1, oriented };
}

/** Level of node k (0 for leaves). */
export function levelOf(tree: EdgeTree, k: number): number {
  let l = 0;
  while (k >= (tree.levelStart[l + 1] as number)) l++;
  return l;
}

/** Planar distance (m) from (x, y) to node k's box, lng scaled by kx and lat by ky. */
export function boxDistance(tree: EdgeTree, k: number, x: number, y: number, kx: number, ky: number): number {
  const b = tree.boxes;
  const dx = Math.max((b[4 * k] as number) - x, 0, x - (b[4 * k + 2] as number)) * kx;
  const dy = Math.max((b[4 * k + 1] as number) - y, 0, y - (b[4 * k + 3] as number)) * ky;
  return dx === 0 ? dy : dy === 0 ? dx : Math.sqrt(dx * dx + dy * dy);
}

/** Calls visit(e) for every edge whose leaf box meets [minX, maxX] × [minY, maxY], until visit returns true.
 *  Returns true when a visit did. */
export function someEdgeInBox(
  tree: EdgeTree,
  edgeCount: number,
  minX: number,
  minY: number,
  maxX: number,
  maxY: number,
  visit: (e: number) => boolean,
): boolean {
  const { boxes, levelStart } = tree;
  const stack = scratchStack(tree, boxScratch);
  let top = 0;
  stack[top++] = boxes.length / 4 - 1;
  while (top > 0) {
    const k = stack[--top] as number;
    if (
      (boxes[4 * k] as number) > maxX ||
      (boxes[4 * k + 1] as number) > maxY ||
      (boxes[4 * k + 2] as number) < minX ||
      (boxes[4 * k + 3] as number) < minY
    )
      continue;
    if (k < (levelStart[1] as number)) {
      for (let e = k * NODE, end = Math.min(edgeCount, e + NODE); e < end; e++) if (visit(e)) return true;
      continue;
    }
    const l = levelOf(tree, k);
    const first = (levelStart[l - 1] as number) + (k - (levelStart[l] as number)) * NODE;
    const last = Math.min(levelStart[l] as number, first + NODE);
    for (let c = last - 1; c >= first; c--) stack[top++] = c;
  }
  return false;
}

/** A reusable stack deep enough for a depth-first traversal (NODE entries per level). Each search keeps
 *  its own holder, so a visit callback may run a different search. */
export function scratchStack(tree: EdgeTree, holder: { stack: Int32Array }): Int32Array {
  const need = (tree.levels + 1) * NODE + 1;
  if (holder.stack.length < need) holder.stack = new Int32Array(need * 2);
  return holder.stack;
}

const boxScratch = { stack: new Int32Array(128) };
