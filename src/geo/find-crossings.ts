/**
 * Where a zone's boundary touches or crosses itself: any two edges that are not neighbours on one ring and
 * share a point — within a ring, or between rings. Edges are bucketed on a uniform grid (cells about one
 * mean edge long) and only edges sharing a cell are compared, so a valid zone of n edges takes ~O(n); the
 * search stops after `limit` findings, so a degenerate file (1,001 copies of one ring: millions of
 * crossings) costs no more than a few. Replaces Turf's `kinks`, which compares every pair and returns every crossing
 * (> 120 s and 4.5 GB on such a file). Unlike `kinks`, collinear overlaps count: two rings that share an
 * edge are a defect too.
 *
 * A uniform grid is still quadratic when many long edges share cells (a comb of 20,000 long edges took
 * 14 s, of 40,000 48 s), so the work is capped: cell entries and pairs compared are counted against a budget linear
 * in n, and a search that runs out says so (`exhausted`) instead of running for minutes. No real boundary
 * comes near the budget.
 */
import type { Position } from 'geojson';

/** One place where the boundary meets itself. */
export interface Crossing {
  at: [number, number];
  /** The two edges: polygon, ring and the index of the edge's first vertex. */
  edges: [{ polygon: number; ring: number; edge: number }, { polygon: number; ring: number; edge: number }];
}

/** What a search found and how far it got. */
export interface CrossingSearch {
  crossings: Crossing[];
  /** The search stopped at `limit` findings (there may be more). */
  capped: boolean;
  /** The work budget ran out before every pair of edges sharing a cell was compared: the answer is partial. */
  exhausted: boolean;
  /** Work done: grid cell entries made plus edge pairs compared (what the budget counts). */
  work: number;
}

/** The default work budget for `edges` edges: linear; real boundaries use under 10 a edge. */
export function crossingBudget(edges: number): number {
  return 4_000_000 + 64 * edges;
}

/** Finds up to `limit` crossings, doing at most `budget` units of work (cell entries + pairs compared). */
export function findCrossings(
  polygons: readonly (readonly (readonly Position[])[])[],
  limit = 100,
  budget?: number,
): CrossingSearch {
  const ax: number[] = [];
  const ay: number[] = [];
  const bx: number[] = [];
  const by: number[] = [];
  const where: { polygon: number; ring: number; edge: number; ringEdges: number; ringId: number }[] = [];
  let ringId = 0;
  polygons.forEach((rings, polygon) => {
    rings.forEach((ring, r) => {
      const ringEdges = ring.length - 1;
      for (let i = 0; i < ringEdges; i++) {
        const a = ring[i] as Position;
        const b = ring[i + 1] as Position;
        ax.push(a[0] as number);
        ay.push(a[1] as number);
        bx.push(b[0] as number);
        by.push(b[1] as number);
        where.push({ polygon, ring: r, edge: i, ringEdges, ringId });
      }
      ringId++;
    });
  });
  const n = ax.length;
  const crossings: Crossing[] = [];
  const allowed = budget ?? crossingBudget(n);
  let work = 0;
  if (n < 2) return { crossings, capped: false, exhausted: false, work };
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (let e = 0; e < n; e++) {
    west = Math.min(west, ax[e] as number, bx[e] as number);
    east = Math.max(east, ax[e] as number, bx[e] as number);
    south = Math.min(south, ay[e] as number, by[e] as number);
    north = Math.max(north, ay[e] as number, by[e] as number);
  }
  // Square cells about one mean edge long: a boundary then puts a few edges in each cell it passes, so the
  // work is ~O(n) whatever its shape in the bbox (cells of bbox/√n hold √n edges each along a smooth ring:
  // O(n^1.5)). Only cells an edge passes are stored; at most 2^20 a side keeps the keys exact.
  let length = 0;
  for (let e = 0; e < n; e++)
    length += Math.max(
      Math.abs((bx[e] as number) - (ax[e] as number)),
      Math.abs((by[e] as number) - (ay[e] as number)),
    );
  const extent = Math.max(east - west, north - south);
  const cell = Math.max(length / n, extent / 2 ** 20) || 1;
  const columns = Math.floor((east - west) / cell) + 1;
  const cellOf = (v: number, lo: number, last: number) => Math.min(last, Math.max(0, Math.floor((v - lo) / cell)));
  const lastColumn = columns - 1;
  const lastRow = Math.floor((north - south) / cell);
  const span = (e: number) => ({
    i0: cellOf(Math.min(ax[e] as number, bx[e] as number), west, lastColumn),
    i1: cellOf(Math.max(ax[e] as number, bx[e] as number), west, lastColumn),
    j0: cellOf(Math.min(ay[e] as number, by[e] as number), south, lastRow),
    j1: cellOf(Math.max(ay[e] as number, by[e] as number), south, lastRow),
  });
  // Count the cell entries first, so a file of long crowded edges is not bucketed into gigabytes.
  for (let e = 0; e < n; e++) {
    const { i0, i1, j0, j1 } = span(e);
    work += (i1 - i0 + 1) * (j1 - j0 + 1);
    if (work > allowed) return { crossings, capped: false, exhausted: true, work };
  }
  const buckets = new Map<number, number[]>();
  for (let e = 0; e < n; e++) {
    const { i0, i1, j0, j1 } = span(e);
    for (let j = j0; j <= j1; j++)
      for (let i = i0; i <= i1; i++) {
        const key = j * columns + i;
        const list = buckets.get(key);
        if (list) list.push(e);
        else buckets.set(key, [e]);
      }
  }
  const seen = new Set<number>();
  for (const list of buckets.values())
    for (let p = 0; p < list.length; p++)
      for (let q = p + 1; q < list.length; q++) {
        if (++work > allowed) return { crossings, capped: false, exhausted: true, work };
        const e = list[p] as number;
        const f = list[q] as number;
        if (neighbours(where[e] as (typeof where)[number], where[f] as (typeof where)[number])) continue;
        const at = meet(
          ax[e] as number,
          ay[e] as number,
          bx[e] as number,
          by[e] as number,
          ax[f] as number,
          ay[f] as number,
          bx[f] as number,
          by[f] as number,
        );
        if (!at) continue;
        const pair = Math.min(e, f) * n + Math.max(e, f);
        if (seen.has(pair)) continue;
        seen.add(pair);
        const we = where[e] as (typeof where)[number];
        const wf = where[f] as (typeof where)[number];
        crossings.push({
          at,
          edges: [
            { polygon: we.polygon, ring: we.ring, edge: we.edge },
            { polygon: wf.polygon, ring: wf.ring, edge: wf.edge },
          ],
        });
        if (crossings.length >= limit) return { crossings, capped: true, exhausted: false, work };
      }
  return { crossings, capped: false, exhausted: false, work };
}

/** Edges next to each other on one ring share their common vertex by design. */
function neighbours(
  a: { edge: number; ringEdges: number; ringId: number },
  b: { edge: number; ringEdges: number; ringId: number },
): boolean {
  if (a.ringId !== b.ringId) return false;
  const d = Math.abs(a.edge - b.edge);
  return d === 1 || d === a.ringEdges - 1;
}

/** A point the two segments share (touching, crossing or overlapping), or null. */
function meet(
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  x3: number,
  y3: number,
  x4: number,
  y4: number,
): [number, number] | null {
  const d1 = orient(x3, y3, x4, y4, x1, y1);
  const d2 = orient(x3, y3, x4, y4, x2, y2);
  const d3 = orient(x1, y1, x2, y2, x3, y3);
  const d4 = orient(x1, y1, x2, y2, x4, y4);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) {
    const t = d1 / (d1 - d2);
    return [x1 + t * (x2 - x1), y1 + t * (y2 - y1)];
  }
  if (d1 === 0 && onSegment(x3, y3, x4, y4, x1, y1)) return [x1, y1];
  if (d2 === 0 && onSegment(x3, y3, x4, y4, x2, y2)) return [x2, y2];
  if (d3 === 0 && onSegment(x1, y1, x2, y2, x3, y3)) return [x3, y3];
  if (d4 === 0 && onSegment(x1, y1, x2, y2, x4, y4)) return [x4, y4];
  return null;
}

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

function onSegment(ax: number, ay: number, bx: number, by: number, px: number, py: number): boolean {
  return Math.min(ax, bx) <= px && px <= Math.max(ax, bx) && Math.min(ay, by) <= py && py <= Math.max(ay, by);
}
