/**
 * The bounds the nearest-edge search prunes with (oriented-boxes.ts) and the nodes it starts from
 * (start-nodes.ts): each must hold for every edge and every point, or the search could miss the nearest
 * edge. Checked here directly, and through the answers, against a scan of every edge in order.
 */
import { describe, expect, it } from 'vitest';
import { nearEdges } from '../../src/geo/near-edges.ts';
import { OBB } from '../../src/geo/oriented-boxes.ts';
import { BLOCK, START_LEVEL } from '../../src/geo/start-nodes.ts';
import { buildGeometryIndex, type ZoneIndex } from '../../src/geo/zone-index.ts';
import { planar } from '../helpers/planar-distance.ts';
import { fourZones, random, starPolygon, streetPolygon } from '../helpers/random-zones.ts';

const street = buildGeometryIndex(streetPolygon(random(5000), 5000), 50);
const street20k = buildGeometryIndex(streetPolygon(random(20000), 20000), 50);
const holed = buildGeometryIndex(starPolygon(random(3), 700, 113.3, 40.09, 0.06, true), 20);
const small = buildGeometryIndex(starPolygon(random(4), 60), 20);
const counties = fourZones().map((p) => buildGeometryIndex(p, 50));
const all = [street, street20k, holed, small, ...counties];

/** The nearest edge as a scan of every edge in order finds it (lower edge on equal distances). */
function scanNearest(ix: ZoneIndex, x: number, y: number): { edge: number; distanceM: number } {
  let edge = -1;
  let distanceM = Infinity;
  for (let e = 0; e < ix.edgeCount; e++) {
    const d = planar(ix, e, x, y);
    if (d < distanceM) [edge, distanceM] = [e, d];
  }
  return { edge, distanceM };
}

/** Points in and around the grid, on vertices and on cell and block corners. */
function probes(ix: ZoneIndex, count: number, seed: number): [number, number][] {
  const rand = random(seed);
  const w = ix.east - ix.west;
  const h = ix.north - ix.south;
  return Array.from({ length: count }, (_, k) => {
    const v = Math.floor(rand() * ix.edgeCount);
    if (k % 4 === 0) return [ix.west - 0.5 * w + rand() * 2 * w, ix.south - 0.5 * h + rand() * 2 * h];
    if (k % 4 === 1) return [ix.ax[v] as number, ix.ay[v] as number];
    if (k % 4 === 2)
      return [
        ix.west + Math.floor((rand() * ix.nx) / BLOCK) * BLOCK * ix.cellW,
        ix.south + Math.floor((rand() * ix.ny) / BLOCK) * BLOCK * ix.cellH,
      ];
    return [ix.west + rand() * w, ix.south + rand() * h];
  });
}

describe('the nearest-edge search bounds', () => {
  it('oriented boxes hold every endpoint of the edges below their node', () => {
    for (const ix of all) {
      const { box, kx0, ky0 } = ix.tree.oriented;
      const { levelStart, levels } = ix.tree;
      let span = 8;
      let outside = 0;
      let checked = 0;
      for (let l = 0; l < levels; l++, span *= 8)
        for (let k = levelStart[l] as number, p = 0; k < (levelStart[l + 1] as number); k++, p++) {
          const o = OBB * k;
          for (let e = p * span; e < Math.min(ix.edgeCount, (p + 1) * span); e++)
            for (const [x, y] of [
              [ix.ax[e] as number, ix.ay[e] as number],
              [ix.bx[e] as number, ix.by[e] as number],
            ] as const) {
              const mx = (x - (box[o] as number)) * kx0;
              const my = (y - (box[o + 1] as number)) * ky0;
              const along = Math.abs(mx * (box[o + 2] as number) + my * (box[o + 3] as number));
              const across = Math.abs(my * (box[o + 2] as number) - mx * (box[o + 3] as number));
              checked++;
              if (along > (box[o + 4] as number) || across > (box[o + 5] as number)) outside++;
            }
        }
      expect(checked).toBeGreaterThan(2 * ix.edgeCount * levels - 1);
      expect(outside).toBe(0);
    }
  });

  it('are tighter than axis-aligned boxes along a street-like line', () => {
    // The reason they exist: a leaf of eight short edges is a thin box along the run, not a square.
    const { box, kx0, ky0 } = street.tree.oriented;
    const { boxes } = street.tree;
    let orientedArea = 0;
    let alignedArea = 0;
    for (let k = 0; k < (street.tree.levelStart[1] as number); k++) {
      orientedArea += 4 * (box[OBB * k + 4] as number) * (box[OBB * k + 5] as number);
      alignedArea +=
        ((boxes[4 * k + 2] as number) - (boxes[4 * k] as number)) *
        kx0 *
        ((boxes[4 * k + 3] as number) - (boxes[4 * k + 1] as number)) *
        ky0;
    }
    expect(orientedArea).toBeLessThan(alignedArea / 4);
  });

  it('start lists hold the node of the nearest edge of every point of their block', () => {
    for (const ix of [street, street20k, holed, ...counties]) {
      const { bx, start, nodes } = ix.startNodes;
      expect(bx).toBeGreaterThan(0);
      const first = ix.tree.levelStart[START_LEVEL] as number;
      const per = 8 ** (START_LEVEL + 1);
      for (const [x, y] of probes(ix, 600, 11)) {
        if (!(x >= ix.west && x <= ix.east && y >= ix.south && y <= ix.north)) continue;
        const i = Math.min(ix.nx - 1, Math.floor((x - ix.west) / ix.cellW));
        const j = Math.min(ix.ny - 1, Math.floor((y - ix.south) / ix.cellH));
        const block = Math.floor(j / BLOCK) * bx + Math.floor(i / BLOCK);
        const listed = Array.from(nodes.subarray(start[block] as number, start[block + 1] as number));
        const { edge, distanceM } = scanNearest(ix, x, y);
        // Every edge as near as the nearest (ties included) sits under a listed node.
        for (let e = 0; e < ix.edgeCount; e++)
          if (planar(ix, e, x, y) <= distanceM) expect(listed).toContain(first + Math.floor(e / per));
        expect(listed).toContain(first + Math.floor(edge / per));
      }
    }
    // Small zones have no seeds, so no lists: their searches start from the root.
    expect(small.startNodes.bx).toBe(0);
  });

  it('find the nearest edge a scan finds, in and off the grid, on every zone', () => {
    for (const ix of all)
      for (const [x, y] of probes(ix, 500, 23)) {
        const found = nearEdges(ix, x, y, false);
        const scan = scanNearest(ix, x, y);
        // The same edge, or one tied with it to rounding (hypot and a square root may differ in the last bit).
        expect(found.edge === scan.edge || Math.abs(planar(ix, found.edge, x, y) - scan.distanceM) < 1e-9).toBe(true);
        expect(found.distanceM).toBeCloseTo(scan.distanceM, 6);
      }
  });
});
