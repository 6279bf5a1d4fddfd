/**
 * Where a nearest-edge search starts: per block of BLOCK × BLOCK cells, the tree nodes of level START_LEVEL
 * (NODE² edges each) that can hold the nearest edge of some point of the block. A search from the root
 * tests the children of every node on its way down (the root's, then eight at each of the next levels);
 * starting from the block's few nodes skips the top of the tree, which a point's neighbours all share.
 *
 * Proof that nothing is missed: for a point p of cell c, the nearest edge is no farther than c's seed edge
 * (nearest-seeds.ts), so no farther than U = max over the block's cells of (distance from the cell's centre
 * to its seed) + the cell's half-diagonal, all in the grid's largest metric (kxMax, kyMax), which no query's
 * own metric exceeds. A node whose box is farther than U from the block's box, in the grid's smallest
 * metric (kxMin, kyMin), which no query's metric falls below, holds no edge as near as p's nearest: it is
 * left out, and ties cannot be among what is left out (they are strictly farther).
 */
import { planarEdgeDistance } from './edge-distance.ts';
import { NODE } from './edge-tree.ts';
import type { ZoneIndex } from './zone-index.ts';

/** Cells per side of a block. */
export const BLOCK = 8;

/** The tree level the lists hold (1: nodes of NODE² edges). */
export const START_LEVEL = 1;

/** The start lists, CSR: block b lists nodes[start[b] .. start[b + 1]). Empty arrays: start from the root. */
export interface StartNodes {
  /** Blocks per row (0 when there are no lists). */
  bx: number;
  start: Uint32Array;
  nodes: Uint32Array;
  /** The longest list (stack room a search needs). */
  longest: number;
}

/** No lists: every search starts from the root (zones without seeds, trees too shallow to skip a level). */
export const NO_START_NODES: StartNodes = { bx: 0, start: new Uint32Array(0), nodes: new Uint32Array(0), longest: 0 };

/** Builds the start lists (after fillNearestSeeds). */
export function buildStartNodes(index: ZoneIndex): StartNodes {
  const { tree, nx, ny, cellSeed, west, south, cellW, cellH, kxMax, kyMax, kxMin, kyMin } = index;
  if (tree.levels <= START_LEVEL + 1 || (cellSeed[0] as number) < 0) return NO_START_NODES;
  const bx = Math.ceil(nx / BLOCK);
  const by = Math.ceil(ny / BLOCK);
  const start = new Uint32Array(bx * by + 1);
  let nodes = new Uint32Array(bx * by * 4);
  let count = 0;
  let longest = 0;
  const h = Math.hypot(cellW * kxMax, cellH * kyMax) / 2;
  const { boxes, levelStart } = tree;
  const root = levelStart[tree.levels - 1] as number;
  const stack = new Int32Array((tree.levels + 1) * NODE + 1);
  const stackLevel = new Uint8Array(stack.length);
  for (let j0 = 0, b = 0; j0 < ny; j0 += BLOCK)
    for (let i0 = 0; i0 < nx; i0 += BLOCK, b++) {
      const i1 = Math.min(nx, i0 + BLOCK);
      const j1 = Math.min(ny, j0 + BLOCK);
      let reach = 0;
      for (let j = j0; j < j1; j++)
        for (let i = i0; i < i1; i++) {
          const e = cellSeed[j * nx + i] as number;
          // A cell without a seed bounds nothing: the block lists every node (correct, only slower).
          if (e < 0) {
            reach = Infinity;
            continue;
          }
          const d = planarEdgeDistance(index, e, west + (i + 0.5) * cellW, south + (j + 0.5) * cellH, kxMax, kyMax);
          if (d > reach) reach = d;
        }
      // Slack for rounding: a relative 1e-3 and 5 cm.
      reach = (reach + h) * 1.001 + 0.05;
      const minX = west + i0 * cellW;
      const maxX = west + i1 * cellW;
      const minY = south + j0 * cellH;
      const maxY = south + j1 * cellH;
      let top = 0;
      stack[top] = root;
      stackLevel[top++] = tree.levels - 1;
      while (top > 0) {
        const k = stack[--top] as number;
        const level = stackLevel[top] as number;
        const q = 4 * k;
        const gx = Math.max((boxes[q] as number) - maxX, minX - (boxes[q + 2] as number), 0) * kxMin;
        const gy = Math.max((boxes[q + 1] as number) - maxY, minY - (boxes[q + 3] as number), 0) * kyMin;
        if (gx * gx + gy * gy > reach * reach) continue;
        if (level === START_LEVEL) {
          if (count === nodes.length) {
            const grown = new Uint32Array(count * 2);
            grown.set(nodes);
            nodes = grown;
          }
          nodes[count++] = k;
          continue;
        }
        const first = (levelStart[level - 1] as number) + (k - (levelStart[level] as number)) * NODE;
        const last = Math.min(levelStart[level] as number, first + NODE);
        for (let c = last - 1; c >= first; c--) {
          stack[top] = c;
          stackLevel[top++] = level - 1;
        }
      }
      start[b + 1] = count;
      if (count - (start[b] as number) > longest) longest = count - (start[b] as number);
    }
  return { bx, start, nodes: nodes.slice(0, count), longest };
}
