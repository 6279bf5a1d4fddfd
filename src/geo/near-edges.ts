/**
 * The boundary edges that matter for a point: the nearest edge (for the distance and the side) and the edge
 * with the smallest margin — distance minus that edge's trace uncertainty — which decides "near".
 *
 * Branch and bound over the edge tree (edge-tree.ts): nodes are visited nearest box first, and a node is
 * skipped once its box is farther than the nearest edge found so far and its box distance minus the largest
 * uncertainty below it exceeds the smallest margin found so far. Ties go to the lower edge number, so the
 * answer is the one a scan of every edge in order would give. Distances are planar, in metres at the query
 * latitude: good for ranking; callers refine the winner with distanceMetresFrom.
 */
import { lastEdgeT, planarEdgeDistance } from './edge-distance.ts';
import { NODE } from './edge-tree.ts';
import { metresPerDegreeWithSlope, type Scale } from './ellipsoid.ts';
import { seedEdge } from './nearest-seeds.ts';
import { OBB, stretchSquared } from './oriented-boxes.ts';
import { BLOCK, START_LEVEL } from './start-nodes.ts';
import type { ZoneIndex } from './zone-index.ts';

/** What a search found. Edges are indexes into the ZoneIndex arrays. */
export interface NearEdges {
  edge: number;
  /** Planar distance (m) to `edge`. */
  distanceM: number;
  /** Position along `edge` (0 at a, 1 at b) of the nearest point. */
  t: number;
  /** The smallest-margin edge; -1 when not searched (withMargin false). */
  marginEdge: number;
  /** Smallest distance − uncertainty over all edges (m); Infinity when not searched. */
  marginM: number;
  /** The ellipsoid scale at the query point (reused to measure the final distance). */
  scale: Scale;
}

/** Traversal stacks (node, level, box distance), grown to the deepest tree seen; searches never nest. */
let stackNode = new Int32Array(256);
let stackLevel = new Uint8Array(256);
let stackDist = new Float64Array(256);

function ensureStacks(levels: number, extra = 0): void {
  const need = (levels + 1) * NODE + 1 + extra;
  if (stackNode.length >= need) return;
  stackNode = new Int32Array(need * 2);
  stackLevel = new Uint8Array(need * 2);
  stackDist = new Float64Array(need * 2);
}

/** Finds the nearest edge and, unless `withMargin` is false, the smallest-margin edge to (x, y) = (lng, lat). */
export function nearEdges(index: ZoneIndex, x: number, y: number, withMargin = true): NearEdges {
  const scale = metresPerDegreeWithSlope(y);
  return withMargin ? nearestAndMargin(index, x, y, scale) : nearestOnly(index, x, y, scale);
}

/** Shaves rounding off a lower bound, so that a box tied with the best edge so far is still opened. */
const SHAVE = 1 - 1e-12;

/** The nearest edge alone, on squared distances: no square root until the answer (the division and the root
 *  are most of an edge's cost). It starts from the cell's seed edge (nearest-seeds.ts), so the best is
 *  near-final from the first box on, and from the block's start nodes (start-nodes.ts) instead of the root;
 *  nodes are pruned by their oriented boxes (oriented-boxes.ts), without branches. The order edges are met
 *  in does not change the answer: ties go to the lower edge however they are met. */
function nearestOnly(index: ZoneIndex, x: number, y: number, scale: Scale): NearEdges {
  const { kx, ky } = scale;
  const { levelStart, levels, oriented } = index.tree;
  const seg = index.segments;
  const n = index.edgeCount;
  const obb = oriented.box;
  const { kx0, ky0 } = oriented;
  // Gaps below are doubled ((a + |a|) = 2·max(a, 0)): a quarter of the stretch undoes that.
  const stretch2 = stretchSquared(oriented, kx, ky) * SHAVE * 0.25;
  const starts = index.startNodes;
  ensureStacks(levels, starts.longest);
  const nodes = stackNode;
  const dists = stackDist;
  const lvls = stackLevel;
  let best2 = Infinity;
  let bestE = -1;
  let bestT = 0;
  let top = 0;
  const inGrid = x >= index.west && x <= index.east && y >= index.south && y <= index.north;
  {
    // Off the grid, the seed of the grid's cell nearest the point: a first guess as good (any edge is valid).
    const i = Math.max(0, Math.min(index.nx - 1, Math.floor((x - index.west) / index.cellW)));
    const j = Math.max(0, Math.min(index.ny - 1, Math.floor((y - index.south) / index.cellH)));
    const e = index.cellSeed[j * index.nx + i] as number;
    if (e >= 0) {
      best2 = edgeDistance2(seg, e, x, y, kx, ky);
      bestE = e;
      bestT = edgeT;
    }
    // The block's start nodes hold the nearest edge of points inside the block only.
    if (inGrid && starts.bx > 0) {
      const block = ((j / BLOCK) | 0) * starts.bx + ((i / BLOCK) | 0);
      for (let q = starts.start[block] as number, end = starts.start[block + 1] as number; q < end; q++) {
        const c = starts.nodes[q] as number;
        const d2 = orientedGap2(obb, OBB * c, x, y, kx0, ky0) * stretch2;
        if (d2 > best2) continue;
        nodes[top] = c;
        dists[top] = d2;
        lvls[top] = START_LEVEL;
        top++;
      }
    }
  }
  // Off the grid or without lists: from the root. (With lists, none left means the seed is the answer.)
  const fromRoot = top === 0 && !(inGrid && starts.bx > 0);
  if (fromRoot) {
    nodes[0] = levelStart[levels - 1] as number;
    lvls[0] = levels - 1;
    dists[0] = 0;
    top = 1;
  }
  while (top > 0) {
    top--;
    if ((dists[top] as number) > best2) continue;
    const k = nodes[top] as number;
    const level = lvls[top] as number;
    if (level === 0) {
      const end = Math.min(k * NODE + NODE, n);
      for (let e = k * NODE; e < end; e++) {
        const d2 = edgeDistance2(seg, e, x, y, kx, ky);
        const t = edgeT;
        // Squares that differ in the last bits may have equal roots: decide those as a scan of the roots in
        // edge order would (lower edge first), so that a shared vertex keeps the same edge and side.
        if (d2 <= best2 * (1 + 1e-14) && (d2 < best2 * (1 - 1e-14) || tieBreak(d2, best2, e, bestE))) {
          best2 = d2;
          bestE = e;
          bestT = t;
        }
      }
      continue;
    }
    const first = (levelStart[level - 1] as number) + (k - (levelStart[level] as number)) * NODE;
    const last = Math.min(first + NODE, levelStart[level] as number);
    const base = top;
    for (let c = first; c < last; c++) {
      const d2 = orientedGap2(obb, OBB * c, x, y, kx0, ky0) * stretch2;
      if (d2 > best2) continue;
      // From the root (off the grid, where the first guess is poorer) nearest box on top, so the first leaf
      // reached is likely the answer; from a block's nodes the seed is near-final and order matters little.
      let at = top++;
      if (fromRoot)
        while (at > base && (dists[at - 1] as number) < d2) {
          nodes[at] = nodes[at - 1] as number;
          dists[at] = dists[at - 1] as number;
          at--;
        }
      nodes[at] = c;
      dists[at] = d2;
    }
    for (let at = base; at < top; at++) lvls[at] = level - 1;
  }
  return { edge: bestE, distanceM: Math.sqrt(best2), t: bestT, marginEdge: -1, marginM: Infinity, scale };
}

/** The parameter (0 at a, 1 at b) of the nearest point found by the last edgeDistance2. */
let edgeT = 0;

/** Squared planar distance (m²) from (x, y) to edge e of the interleaved endpoints `seg`; its parameter in
 *  edgeT. One function for the seed and every edge, so an edge gives the same bits however it is met. The
 *  parameter is clamped to [0, 1] without branches ((|u| − |u − 1| + 1) / 2); zero-length edges are dropped
 *  when the index is built, and the 1e-300 only keeps a degenerate one at its end point instead of NaN. */
function edgeDistance2(seg: Float64Array, e: number, x: number, y: number, kx: number, ky: number): number {
  const x0 = seg[4 * e] as number;
  const y0 = seg[4 * e + 1] as number;
  const px = (x0 - x) * kx;
  const py = (y0 - y) * ky;
  const dx = ((seg[4 * e + 2] as number) - x0) * kx;
  const dy = ((seg[4 * e + 3] as number) - y0) * ky;
  const u = -(px * dx + py * dy) / (dx * dx + dy * dy + 1e-300);
  const t = (Math.abs(u) - Math.abs(u - 1) + 1) * 0.5;
  edgeT = t;
  const qx = px + t * dx;
  const qy = py + t * dy;
  return qx * qx + qy * qy;
}

/** (2 × the gap)² between (x, y) and the oriented box at obb[o …] in the fixed metric: max(0, a) is taken
 *  as (a + |a|) / 2 without the halving, and without branches (a random point goes either way at random). */
function orientedGap2(obb: Float64Array, o: number, x: number, y: number, kx0: number, ky0: number): number {
  const mx = (x - (obb[o] as number)) * kx0;
  const my = (y - (obb[o + 1] as number)) * ky0;
  const ux = obb[o + 2] as number;
  const uy = obb[o + 3] as number;
  const along = Math.abs(mx * ux + my * uy) - (obb[o + 4] as number);
  const across = Math.abs(my * ux - mx * uy) - (obb[o + 5] as number);
  const ga = along + Math.abs(along);
  const gc = across + Math.abs(across);
  return ga * ga + gc * gc;
}

/** Near-equal squared distances: does edge e (d2) take over from edge best (best2)? */
function tieBreak(d2: number, best2: number, e: number, best: number): boolean {
  const d = Math.sqrt(d2);
  const b = Math.sqrt(best2);
  return d < b || (d === b && e < best);
}

/** The nearest edge and the smallest-margin edge in one traversal. */
function nearestAndMargin(index: ZoneIndex, x: number, y: number, scale: Scale): NearEdges {
  const { kx, ky } = scale;
  const { boxes, maxU, levelStart, levels } = index.tree;
  const unc = index.edgeUncertainty;
  const n = index.edgeCount;
  ensureStacks(levels);
  let bestD = Infinity;
  let bestE = -1;
  let bestT = 0;
  let bestM = Infinity;
  let bestME = -1;
  // Start from the cell's seed edge, as nearestOnly does.
  const seed = seedEdge(index, x, y);
  if (seed >= 0) {
    bestD = planarEdgeDistance(index, seed, x, y, kx, ky);
    bestE = seed;
    bestT = lastEdgeT;
    bestM = bestD - (unc[seed] as number);
    bestME = seed;
  }
  stackNode[0] = boxes.length / 4 - 1;
  stackLevel[0] = levels - 1;
  stackDist[0] = 0;
  let top = 1;
  while (top > 0) {
    top--;
    const k = stackNode[top] as number;
    const d = stackDist[top] as number;
    if (d > bestD && d - (maxU[k] as number) > bestM) continue;
    const level = stackLevel[top] as number;
    if (level === 0) {
      for (let e = k * NODE, end = Math.min(n, e + NODE); e < end; e++) {
        const de = planarEdgeDistance(index, e, x, y, kx, ky);
        if (de < bestD || (de === bestD && e < bestE)) {
          bestD = de;
          bestE = e;
          bestT = lastEdgeT;
        }
        const m = de - (unc[e] as number);
        if (m < bestM || (m === bestM && e < bestME)) {
          bestM = m;
          bestME = e;
        }
      }
      continue;
    }
    // Children nearest (by distance − largest uncertainty below) on top.
    const first = (levelStart[level - 1] as number) + (k - (levelStart[level] as number)) * NODE;
    const last = Math.min(levelStart[level] as number, first + NODE);
    const base = top;
    for (let c = first; c < last; c++) {
      const b = 4 * c;
      const dx = Math.max((boxes[b] as number) - x, 0, x - (boxes[b + 2] as number)) * kx;
      const dy = Math.max((boxes[b + 1] as number) - y, 0, y - (boxes[b + 3] as number)) * ky;
      // A box is never farther than its edges; shave a nanometre off for rounding, so no tie is pruned.
      const dc = Math.sqrt(dx * dx + dy * dy) * SHAVE - 1e-9;
      const key = dc - (maxU[c] as number);
      if (dc > bestD && key > bestM) continue;
      let at = top++;
      while (at > base) {
        const prev = stackNode[at - 1] as number;
        if ((stackDist[at - 1] as number) - (maxU[prev] as number) >= key) break;
        stackNode[at] = prev;
        stackDist[at] = stackDist[at - 1] as number;
        at--;
      }
      stackNode[at] = c;
      stackDist[at] = dc;
    }
    for (let at = base; at < top; at++) stackLevel[at] = level - 1;
  }
  return { edge: bestE, distanceM: bestD, t: bestT, marginEdge: bestME, marginM: bestM, scale };
}

/** True when some edge has distance − uncertainty ≤ limit (m) at (x, y): "near" for a caller whose
 *  accuracy is `limit`. Stops at the first such edge. */
export function marginWithin(index: ZoneIndex, x: number, y: number, limit: number): boolean {
  const { kx, ky } = metresPerDegreeWithSlope(y);
  const { boxes, maxU, levelStart, levels } = index.tree;
  const unc = index.edgeUncertainty;
  const n = index.edgeCount;
  // The cell's seed edge is the likeliest to settle it at once.
  const seed = seedEdge(index, x, y);
  if (seed >= 0 && planarEdgeDistance(index, seed, x, y, kx, ky) - (unc[seed] as number) <= limit) return true;
  ensureStacks(levels);
  let top = 1;
  stackNode[0] = boxes.length / 4 - 1;
  stackLevel[0] = levels - 1;
  while (top > 0) {
    top--;
    const k = stackNode[top] as number;
    const level = stackLevel[top] as number;
    if (level === 0) {
      for (let e = k * NODE, end = Math.min(n, e + NODE); e < end; e++)
        if (planarEdgeDistance(index, e, x, y, kx, ky) - (unc[e] as number) <= limit) return true;
      continue;
    }
    const first = (levelStart[level - 1] as number) + (k - (levelStart[level] as number)) * NODE;
    const last = Math.min(levelStart[level] as number, first + NODE);
    for (let c = last - 1; c >= first; c--) {
      const b = 4 * c;
      const dx = Math.max((boxes[b] as number) - x, 0, x - (boxes[b + 2] as number)) * kx;
      const dy = Math.max((boxes[b + 1] as number) - y, 0, y - (boxes[b + 3] as number)) * ky;
      if (Math.sqrt(dx * dx + dy * dy) * (1 - 1e-12) - 1e-9 - (maxU[c] as number) > limit) continue;
      stackNode[top] = c;
      stackLevel[top] = level - 1;
      top++;
    }
  }
  return false;
}

/** The smallest distance − uncertainty (m) over all edges at (x, y), by branch and bound (nodes whose box
 *  distance minus their largest uncertainty cannot beat the best so far are skipped). */
export function smallestMargin(index: ZoneIndex, x: number, y: number): number {
  const { kx, ky } = metresPerDegreeWithSlope(y);
  const { boxes, maxU, levelStart, levels } = index.tree;
  const unc = index.edgeUncertainty;
  const n = index.edgeCount;
  const seed = seedEdge(index, x, y);
  let best = seed >= 0 ? planarEdgeDistance(index, seed, x, y, kx, ky) - (unc[seed] as number) : Infinity;
  ensureStacks(levels);
  let top = 1;
  stackNode[0] = boxes.length / 4 - 1;
  stackLevel[0] = levels - 1;
  stackDist[0] = -Infinity;
  while (top > 0) {
    top--;
    if ((stackDist[top] as number) >= best) continue;
    const k = stackNode[top] as number;
    const level = stackLevel[top] as number;
    if (level === 0) {
      for (let e = k * NODE, end = Math.min(n, e + NODE); e < end; e++) {
        const m = planarEdgeDistance(index, e, x, y, kx, ky) - (unc[e] as number);
        if (m < best) best = m;
      }
      continue;
    }
    const first = (levelStart[level - 1] as number) + (k - (levelStart[level] as number)) * NODE;
    const last = Math.min(levelStart[level] as number, first + NODE);
    for (let c = first; c < last; c++) {
      const b = 4 * c;
      const dx = Math.max((boxes[b] as number) - x, 0, x - (boxes[b + 2] as number)) * kx;
      const dy = Math.max((boxes[b + 1] as number) - y, 0, y - (boxes[b + 3] as number)) * ky;
      const key = Math.sqrt(dx * dx + dy * dy) * SHAVE - 1e-9 - (maxU[c] as number);
      if (key >= best) continue;
      stackNode[top] = c;
      stackLevel[top] = level - 1;
      stackDist[top] = key;
      top++;
    }
  }
  return best;
}
