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

function ensureStacks(levels: number): void {
  const need = (levels + 1) * NODE + 1;
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
 *  are most of an edge's cost). Children are pushed nearest box on top (an insertion into the few just
 *  pushed), so the first leaf reached is usually the right one and most other boxes are pruned unopened. */
function nearestOnly(index: ZoneIndex, x: number, y: number, scale: Scale): NearEdges {
  const { kx, ky } = scale;
  const { boxes, levelStart, levels } = index.tree;
  const { ax, ay, bx, by } = index;
  const n = index.edgeCount;
  ensureStacks(levels);
  const nodes = stackNode;
  const dists = stackDist;
  const lvls = stackLevel;
  let best2 = Infinity;
  let bestE = -1;
  let bestT = 0;
  // Start from the cell's seed edge (nearest-seeds.ts): a near-final best from the first box on. The order
  // edges are met in does not change the answer (ties go to the lower edge however they are met).
  {
    const e = seedEdge(index, x, y);
    if (e >= 0) {
      const px = ((ax[e] as number) - x) * kx;
      const py = ((ay[e] as number) - y) * ky;
      const dx = ((bx[e] as number) - (ax[e] as number)) * kx;
      const dy = ((by[e] as number) - (ay[e] as number)) * ky;
      const len2 = dx * dx + dy * dy;
      let t = len2 > 0 ? -(px * dx + py * dy) / len2 : 0;
      t = t < 0 ? 0 : Math.min(t, 1);
      const qx = px + t * dx;
      const qy = py + t * dy;
      best2 = qx * qx + qy * qy;
      bestE = e;
      bestT = t;
    }
  }
  nodes[0] = boxes.length / 4 - 1;
  lvls[0] = levels - 1;
  dists[0] = 0;
  let top = 1;
  while (top > 0) {
    top--;
    if ((dists[top] as number) > best2) continue;
    const k = nodes[top] as number;
    const level = lvls[top] as number;
    if (level === 0) {
      const end = Math.min(k * NODE + NODE, n);
      for (let e = k * NODE; e < end; e++) {
        const x0 = ax[e] as number;
        const y0 = ay[e] as number;
        const x1 = bx[e] as number;
        const y1 = by[e] as number;
        // The edge's own box first: a bound without a division.
        const gx = (x < x0 && x < x1 ? Math.min(x0, x1) - x : x > x0 && x > x1 ? x - Math.max(x0, x1) : 0) * kx;
        const gy = (y < y0 && y < y1 ? Math.min(y0, y1) - y : y > y0 && y > y1 ? y - Math.max(y0, y1) : 0) * ky;
        if ((gx * gx + gy * gy) * SHAVE > best2) continue;
        const px = (x0 - x) * kx;
        const py = (y0 - y) * ky;
        const dx = (x1 - x0) * kx;
        const dy = (y1 - y0) * ky;
        const len2 = dx * dx + dy * dy;
        let t = len2 > 0 ? -(px * dx + py * dy) / len2 : 0;
        t = t < 0 ? 0 : Math.min(t, 1);
        const qx = px + t * dx;
        const qy = py + t * dy;
        const d2 = qx * qx + qy * qy;
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
    const stop = levelStart[level] as number;
    const last = Math.min(first + NODE, stop);
    const base = top;
    for (let c = first; c < last; c++) {
      const b = 4 * c;
      const x0 = boxes[b] as number;
      const x1 = boxes[b + 2] as number;
      const y0 = boxes[b + 1] as number;
      const y1 = boxes[b + 3] as number;
      const gx = (x < x0 ? x0 - x : x > x1 ? x - x1 : 0) * kx;
      const gy = (y < y0 ? y0 - y : y > y1 ? y - y1 : 0) * ky;
      const d2 = (gx * gx + gy * gy) * SHAVE;
      if (d2 > best2) continue;
      let at = top++;
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
