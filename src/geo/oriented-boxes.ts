/**
 * An oriented box around each node of the edge tree: the bound the nearest-edge search prunes with.
 *
 * A leaf holds eight consecutive edges of a traced line — a nearly straight run ~90 m long. Its axis-aligned
 * box is tight when the run runs north–south or east–west, but on a diagonal run it is a square, up to ~30 m
 * closer to a distant point than any of its edges, so a point 3 km away could not rule out the ~20 leaves
 * along the line either side of its foot, and opened them. A box along the run's own axis (the principal
 * axis of its vertices, Gottschalk, Lin & Manocha, "OBBTree", 1996) is off only by the run's wobble, a
 * metre or two: the search opens the two or three leaves that matter.
 *
 * Boxes are in metres of one fixed metric (kx0, ky0: the scale at the middle latitude of the zone), so a
 * query at another latitude scales the bound by min(kx / kx0, ky / ky0), a lower bound on how much its own
 * metric stretches any vector: the bound stays a bound. No root and no division at query time.
 */
import { metresPerDegree } from './ellipsoid.ts';

/** Values per node in OrientedBoxes.box: centre (lng, lat), axis (unit, in the fixed metric), half extents
 *  (m) along the axis and across it. */
export const OBB = 6;

/** The oriented boxes of a tree's nodes, same order as its boxes. */
export interface OrientedBoxes {
  box: Float64Array;
  /** The fixed metric (metres per degree of lng and of lat) the boxes are measured in. */
  kx0: number;
  ky0: number;
}

/** Builds the oriented box of every node: node k of level l holds edges [first, end) (leaves of NODE edges,
 *  each level NODE children). O(n) a level. */
export function buildOrientedBoxes(
  ax: Float64Array,
  ay: Float64Array,
  bx: Float64Array,
  by: Float64Array,
  levelStart: Uint32Array,
  node: number,
  midLat: number,
): OrientedBoxes {
  const { kx: kx0, ky: ky0 } = metresPerDegree(midLat);
  const n = ax.length;
  const levels = levelStart.length - 1;
  const box = new Float64Array((levelStart[levels] as number) * OBB);
  let span = node;
  for (let l = 0; l < levels; l++, span *= node) {
    for (let k = levelStart[l] as number, p = 0; k < (levelStart[l + 1] as number); k++, p++) {
      const first = p * span;
      const end = Math.min(n, first + span);
      fitBox(ax, ay, bx, by, first, end, kx0, ky0, box, k * OBB);
    }
  }
  return { box, kx0, ky0 };
}

/** The box of edges [first, end) along the principal axis of their endpoints. */
function fitBox(
  ax: Float64Array,
  ay: Float64Array,
  bx: Float64Array,
  by: Float64Array,
  first: number,
  end: number,
  kx0: number,
  ky0: number,
  out: Float64Array,
  at: number,
): void {
  // Centre of the endpoints in degrees; moments in metres about it.
  let sx = 0;
  let sy = 0;
  for (let e = first; e < end; e++) {
    sx += (ax[e] as number) + (bx[e] as number);
    sy += (ay[e] as number) + (by[e] as number);
  }
  const count = 2 * (end - first);
  const cx0 = sx / count;
  const cy0 = sy / count;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let e = first; e < end; e++)
    for (let q = 0; q < 2; q++) {
      const dx = ((q === 0 ? ax[e] : bx[e]) as number) - cx0;
      const dy = ((q === 0 ? ay[e] : by[e]) as number) - cy0;
      const mx = dx * kx0;
      const my = dy * ky0;
      sxx += mx * mx;
      syy += my * my;
      sxy += mx * my;
    }
  const angle = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  const ux = Math.cos(angle);
  const uy = Math.sin(angle);
  let u0 = Infinity;
  let u1 = -Infinity;
  let v0 = Infinity;
  let v1 = -Infinity;
  for (let e = first; e < end; e++)
    for (let q = 0; q < 2; q++) {
      const mx = (((q === 0 ? ax[e] : bx[e]) as number) - cx0) * kx0;
      const my = (((q === 0 ? ay[e] : by[e]) as number) - cy0) * ky0;
      const u = mx * ux + my * uy;
      const v = my * ux - mx * uy;
      if (u < u0) u0 = u;
      if (u > u1) u1 = u;
      if (v < v0) v0 = v;
      if (v > v1) v1 = v;
    }
  // Centre of the box, back in degrees; half extents padded for rounding (1 µm and a relative 1e-9).
  const uc = (u0 + u1) / 2;
  const vc = (v0 + v1) / 2;
  out[at] = cx0 + (uc * ux - vc * uy) / kx0;
  out[at + 1] = cy0 + (uc * uy + vc * ux) / ky0;
  out[at + 2] = ux;
  out[at + 3] = uy;
  const hu = (u1 - u0) / 2;
  const hv = (v1 - v0) / 2;
  const pad = 1e-6 + 1e-9 * (Math.abs(uc) + Math.abs(vc) + hu + hv);
  out[at + 4] = hu + pad;
  out[at + 5] = hv + pad;
}

/** min(kx / kx0, ky / ky0), shaved for rounding: how much the query's metric (kx, ky) stretches any vector
 *  of the fixed one at least, squared (the search compares squared distances). */
export function stretchSquared(boxes: OrientedBoxes, kx: number, ky: number): number {
  const f = Math.min(kx / boxes.kx0, ky / boxes.ky0) * (1 - 1e-9);
  return f * f;
}
