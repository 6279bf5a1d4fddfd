/**
 * The index's shortcuts against brute force on random zones of every size and shape the grid meets: a few
 * metres to tens of kilometres across, 3 to 3,000 vertices, with a hole or not, street-like or star-shaped,
 * every edge its own uncertainty from 0 to 3 km, queried at accuracies from 0 to 500 m, inside, outside, on
 * vertices and far off the grid. Whatever the cell bounds, sub-cells, seeds, oriented boxes and start nodes
 * say, the answers must be the ones a scan of every edge gives: the nearest edge's distance, and "near"
 * exactly when some edge's distance − uncertainty is within the accuracy (or the point is on the line).
 */
import { describe, expect, it } from 'vitest';
import { classifyStatuses } from '../../src/geo/classify-batch.ts';
import { classifyStatus } from '../../src/geo/classify-point.ts';
import { nearEdges } from '../../src/geo/near-edges.ts';
import { buildZoneIndex, type ZoneIndex } from '../../src/geo/zone-index.ts';
import { planar } from '../helpers/planar-distance.ts';
import { random, starPolygon, streetPolygon } from '../helpers/random-zones.ts';

// FUZZ_ZONES and FUZZ_SEED widen a run by hand (npm test keeps 40 zones, seed 20261204).
const ZONES = Number(process.env.FUZZ_ZONES ?? 40);
const POINTS = 250;

/** A random zone, each edge with its own uncertainty (from none to 3 km, rarely), as a zone Feature gives it. */
function randomIndex(rand: () => number, k: number): ZoneIndex {
  const radius = 10 ** (-4 + rand() * 3.7); // ~10 m to ~50 km
  const polygon =
    k % 2 === 0
      ? starPolygon(rand, 3 + Math.floor(rand() ** 2 * 2000), 113.3, 40.09, radius, rand() < 0.3)
      : streetPolygon(rand, 600 + Math.floor(rand() * 2400), 113.3, 40.09, radius);
  const rings = polygon.coordinates.map((ring, r) => ({
    polygon: 0,
    ring: r,
    vertices: ring.slice(0, -1).map((_, i) => ({
      name: `v${i}`,
      basis: 'reasoned',
      source: 'fuzz',
      edge: { side: 's', uncertaintyM: rand() < 0.1 ? rand() * 3000 : rand() * 60, basis: 'reasoned' },
    })),
  }));
  return buildZoneIndex({
    type: 'Feature',
    geometry: polygon,
    properties: { id: 'fuzz', version: '0', status: 'draft', sides: [{ id: 's', clause: 'fuzz' }], rings },
  } as never);
}

describe('the index against brute force on random zones', () => {
  it('answers like a scan of every edge: the nearest distance, and near exactly when a margin is within the accuracy', () => {
    const rand = random(Number(process.env.FUZZ_SEED ?? 20261204));
    let checked = 0;
    for (let k = 0; k < ZONES; k++) {
      const index = randomIndex(rand, k);
      const w = index.east - index.west;
      const h = index.north - index.south;
      const coords = new Float64Array(POINTS * 2);
      const accuracy = [0, 5, 30, 500][k % 4] as number;
      for (let p = 0; p < POINTS; p++) {
        const v = Math.floor(rand() * index.edgeCount);
        const [x, y] =
          p % 5 === 0
            ? [index.ax[v] as number, index.ay[v] as number]
            : p % 5 === 1
              ? [index.west - 2 * w + rand() * 5 * w, index.south - 2 * h + rand() * 5 * h]
              : [index.west + rand() * w, index.south + rand() * h];
        coords[2 * p] = x;
        coords[2 * p + 1] = y;
      }
      const batch = classifyStatuses(index, coords, accuracy, new Uint8Array(POINTS));
      for (let p = 0; p < POINTS; p++) {
        const x = coords[2 * p] as number;
        const y = coords[2 * p + 1] as number;
        let nearest = Infinity;
        let margin = Infinity;
        for (let e = 0; e < index.edgeCount; e++) {
          const d = planar(index, e, x, y);
          nearest = Math.min(nearest, d);
          margin = Math.min(margin, d - (index.edgeUncertainty[e] as number));
        }
        const found = nearEdges(index, x, y, false);
        expect(found.distanceM).toBeCloseTo(nearest, 6);
        // Exactly on the line is near too; a margin within a micrometre of the accuracy may go either way.
        if (Math.abs(margin - accuracy) > 1e-6 && nearest > 0) {
          const near = margin <= accuracy;
          expect(classifyStatus(index, x, y, accuracy) === 'near').toBe(near);
          expect(batch[p] === 2).toBe(near);
        }
        checked++;
      }
    }
    expect(checked).toBe(ZONES * POINTS);
  });
});
