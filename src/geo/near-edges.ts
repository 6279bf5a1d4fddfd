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
import type { ZoneIndex } from './zone-index.ts';

// A module-level copy: some loaders (tsx, vitest) turn imported bindings into getter calls.
const NODE_ = NODE;

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
  const need = (levels + 1) * NODE_ + 1;
  if (stackNode.length >= need) return;
  stackNode = new Int32Array(need * 2);
  stackLevel = new Uint8Array(need * 2);
  stackDist = new Float64Array(need * 2);
}

/** Finds the nearest edge and, unless `withMargin` is false, the smallest-margin edge to (x, y) = (lng, lat). */
export function nearEdges(index: ZoneIndex, x: number, y: number, withMargin = true): NearEdges {
  const scale = metresPerDegreeWithSlope(y);
  const { kx, ky } = scale;
  const { boxes, maxU, levelStart, levels } = index.tree;
  const unc = index.edgeUncertainty;
  const n = index.edgeCount;
  ensureStacks(levels);
  let bestD = Infinity;
  let bestE = -1;
  let bestT = 0;
  // Without the margin search, no node can beat −Infinity: only distance prunes.
  let bestM = withMargin ? Infinity : -Infinity;
  let bestME = -1;
  let top = 0;
  stackNode[0] = boxes.length / 4 - 1;
  stackLevel[0] = levels - 1;
  stackDist[0] = 0;
  top = 1;
  while (top > 0) {
    top--;
    const k = stackNode[top] as number;
    const d = stackDist[top] as number;
    if (d > bestD && d - (maxU[k] as number) > bestM) continue;
    const level = stackLevel[top] as number;
    if (level === 0) {
      for (let e = k * NODE_, end = Math.min(n, e + NODE_); e < end; e++) {
        const de = planarEdgeDistance(index, e, x, y, kx, ky);
        if (de < bestD || (de === bestD && e < bestE)) {
          bestD = de;
          bestE = e;
          bestT = lastEdgeT;
        }
        if (withMargin) {
          const m = de - (unc[e] as number);
          if (m < bestM || (m === bestM && e < bestME)) {
            bestM = m;
            bestME = e;
          }
        }
      }
      continue;
    }
    // Push the children so that the most promising is on top (insertion into the stack's tail).
    const first = (levelStart[level - 1] as number) + (k - (levelStart[level] as number)) * NODE_;
    const last = Math.min(levelStart[level] as number, first + NODE_);
    const base = top;
    for (let c = first; c < last; c++) {
      const b = 4 * c;
      const dx = Math.max((boxes[b] as number) - x, 0, x - (boxes[b + 2] as number)) * kx;
      const dy = Math.max((boxes[b + 1] as number) - y, 0, y - (boxes[b + 3] as number)) * ky;
      // A box is never farther than its edges; shave a nanometre off for rounding, so no tie is pruned.
      const dc = Math.sqrt(dx * dx + dy * dy) * (1 - 1e-12) - 1e-9;
      if (dc > bestD && dc - (maxU[c] as number) > bestM) continue;
      const key = withMargin ? dc - (maxU[c] as number) : dc;
      let at = top++;
      while (at > base) {
        const prev = stackNode[at - 1] as number;
        const prevKey = withMargin ? (stackDist[at - 1] as number) - (maxU[prev] as number) : stackDist[at - 1];
        if ((prevKey as number) >= key) break;
        stackNode[at] = prev;
        stackDist[at] = stackDist[at - 1] as number;
        stackLevel[at] = level - 1;
        at--;
      }
      stackNode[at] = c;
      stackDist[at] = dc;
      stackLevel[at] = level - 1;
    }
  }
  return {
    edge: bestE,
    distanceM: bestD,
    t: bestT,
    marginEdge: withMargin ? bestME : -1,
    marginM: withMargin ? bestM : Infinity,
    scale,
  };
}

/** True when some edge has distance − uncertainty ≤ limit (m) at (x, y): "near" for a caller whose
 *  accuracy is `limit`. Stops at the first such edge. */
export function marginWithin(index: ZoneIndex, x: number, y: number, limit: number): boolean {
  const { kx, ky } = metresPerDegreeWithSlope(y);
  const { boxes, maxU, levelStart, levels } = index.tree;
  const unc = index.edgeUncertainty;
  const n = index.edgeCount;
  ensureStacks(levels);
  let top = 1;
  stackNode[0] = boxes.length / 4 - 1;
  stackLevel[0] = levels - 1;
  while (top > 0) {
    top--;
    const k = stackNode[top] as number;
    const level = stackLevel[top] as number;
    if (level === 0) {
      for (let e = k * NODE_, end = Math.min(n, e + NODE_); e < end; e++)
        if (planarEdgeDistance(index, e, x, y, kx, ky) - (unc[e] as number) <= limit) return true;
      continue;
    }
    const first = (levelStart[level - 1] as number) + (k - (levelStart[level] as number)) * NODE_;
    const last = Math.min(levelStart[level] as number, first + NODE_);
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
