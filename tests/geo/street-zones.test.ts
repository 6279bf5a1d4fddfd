/**
 * The index at street precision: zones traced along roads (thousands of short, nearly collinear edges and a
 * few long ones), several zones at once, and the answers the app depends on checked against Turf and against
 * a scan of every edge.
 */
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { describe, expect, it } from 'vitest';
import { analyseRoute } from '../../src/geo/analyse-route.ts';
import { classifyStatuses, locatePoints, locatePointsInZones } from '../../src/geo/classify-batch.ts';
import { classifyPoint, classifyStatus } from '../../src/geo/classify-point.ts';
import { findCrossings } from '../../src/geo/find-crossings.ts';
import { isInside } from '../../src/geo/locate-point.ts';
import { MSUB } from '../../src/geo/margin-sub-cells.ts';
import { marginWithin, nearEdges } from '../../src/geo/near-edges.ts';
import { buildGeometryIndex, indexBytes } from '../../src/geo/zone-index.ts';
import { planar } from '../helpers/planar-distance.ts';
import { fourZones, pointsBesideEdges, random, streetPolygon } from '../helpers/random-zones.ts';

const street = streetPolygon(random(5000), 5000);
const index = buildGeometryIndex(street, 50);

describe('street-like zones', () => {
  it('are valid rings: the generator never makes a self-intersection', () => {
    for (const polygon of [street, ...fourZones()]) expect(findCrossings([polygon.coordinates]).crossings).toEqual([]);
    expect((street.coordinates[0] as number[][]).length).toBe(5001);
  });

  it('agree with Turf on the points 1 cm either side of every edge (5,000 vertices and four zones)', () => {
    const zones = fourZones();
    const indexes = zones.map((p) => buildGeometryIndex(p, 50));
    for (const [polygons, ixs] of [
      [[street], [index]],
      [zones, indexes],
    ] as const) {
      const points = pointsBesideEdges(polygons, 0.01);
      expect(points.length / 2).toBeGreaterThan(9_000);
      const ours = locatePointsInZones(ixs, points, new Uint8Array(points.length / 2));
      let disagreements = 0;
      let inside = 0;
      for (let i = 0; i < points.length / 2; i++) {
        const p = [points[2 * i] as number, points[2 * i + 1] as number];
        const turf = polygons.some((polygon) => booleanPointInPolygon(p, polygon));
        if ((ours[i] !== 0) !== turf) disagreements++;
        if (turf) inside++;
      }
      expect(disagreements).toBe(0);
      // Half of them inside: the offsets really straddle the line.
      expect(inside).toBe(points.length / 4);
    }
  });

  it('agree with Turf on 60,000 random points, one by one and in batch', () => {
    const rand = random(99);
    const coords = new Float64Array(120_000);
    for (let i = 0; i < coords.length; i += 2) {
      coords[i] = index.west + rand() * (index.east - index.west);
      coords[i + 1] = index.south + rand() * (index.north - index.south);
    }
    const batch = locatePoints(index, coords, new Uint8Array(60_000));
    let disagreements = 0;
    for (let i = 0; i < 60_000; i++) {
      const x = coords[2 * i] as number;
      const y = coords[2 * i + 1] as number;
      const turf = booleanPointInPolygon([x, y], street);
      if (turf !== (batch[i] === 1) || turf !== isInside(index, x, y)) disagreements++;
    }
    expect(disagreements).toBe(0);
  });

  it('find the same nearest edge and smallest-margin edge as a scan of every edge', () => {
    const uneven = buildGeometryIndex(street, 0);
    // Uneven uncertainty, so that the nearest and the smallest-margin edges differ.
    for (let e = 0; e < uneven.edgeCount; e++) uneven.edgeUncertainty[e] = (e * 7919) % 300;
    uneven.tree.maxU.fill(300);
    const rand = random(5);
    for (let k = 0; k < 400; k++) {
      // Half anywhere around the zone, half within a few metres of a vertex (where edges tie).
      const v = Math.floor(rand() * uneven.edgeCount);
      const x =
        k % 2 ? uneven.west + rand() * (uneven.east - uneven.west) : (uneven.ax[v] as number) + (rand() - 0.5) * 1e-4;
      const y =
        k % 2
          ? uneven.south + rand() * (uneven.north - uneven.south)
          : (uneven.ay[v] as number) + (rand() - 0.5) * 1e-4;
      let best = Infinity;
      let bestEdge = -1;
      let margin = Infinity;
      let marginEdge = -1;
      for (let e = 0; e < uneven.edgeCount; e++) {
        const d = planar(uneven, e, x, y);
        if (d < best) [best, bestEdge] = [d, e];
        const m = d - (uneven.edgeUncertainty[e] as number);
        if (m < margin) [margin, marginEdge] = [m, e];
      }
      const found = nearEdges(uneven, x, y);
      expect(found.distanceM).toBeCloseTo(best, 9);
      expect(found.marginM).toBeCloseTo(margin, 9);
      expect(nearEdges(uneven, x, y, false).distanceM).toBeCloseTo(best, 9);
      expect(planar(uneven, found.edge, x, y)).toBeCloseTo(planar(uneven, bestEdge, x, y), 9);
      expect(found.marginEdge === marginEdge || Math.abs(found.marginM - margin) < 1e-9).toBe(true);
      for (const limit of [margin - 1, margin + 1]) expect(marginWithin(uneven, x, y, limit)).toBe(limit >= margin);
    }
  });

  it('bound the margin of every point of a cell from both sides', () => {
    const rand = random(8);
    let settledLow = 0;
    let settledHigh = 0;
    for (let k = 0; k < 3_000; k++) {
      const x = index.west + rand() * (index.east - index.west);
      const y = index.south + rand() * (index.north - index.south);
      let margin = Infinity;
      for (let e = 0; e < index.edgeCount; e++) margin = Math.min(margin, planar(index, e, x, y) - 50);
      const i = Math.min(index.nx - 1, Math.floor((x - index.west) / index.cellW));
      const j = Math.min(index.ny - 1, Math.floor((y - index.south) / index.cellH));
      const c = j * index.nx + i;
      expect(index.cellMarginLowM[c] as number).toBeLessThanOrEqual(margin);
      expect(index.cellMarginHighM[c] as number).toBeGreaterThanOrEqual(margin);
      if ((index.cellMarginLowM[c] as number) > 0) settledLow++;
      // With a GPS accuracy of 200 m, the upper bound settles "near" along the line.
      if ((index.cellMarginHighM[c] as number) <= 200) settledHigh++;
    }
    // The bounds are useful, not just true: most points are settled "not near" without edges.
    expect(settledLow).toBeGreaterThan(2_500);
    expect(settledHigh).toBeGreaterThan(0);
  });

  it('bound the margin of every point of a sub-cell from both sides, and settle most of the band the cells leave open', () => {
    const rand = random(9);
    let open = 0;
    let settled = 0;
    for (let k = 0; k < 4_000; k++) {
      // Points where the cell bounds leave "near" open (at accuracy 0 or 30 m): along the line.
      const e = Math.floor(rand() * index.edgeCount);
      const t = rand();
      const x =
        (index.ax[e] as number) + t * ((index.bx[e] as number) - (index.ax[e] as number)) + (rand() - 0.5) * 0.004;
      const y =
        (index.ay[e] as number) + t * ((index.by[e] as number) - (index.ay[e] as number)) + (rand() - 0.5) * 0.003;
      const i = Math.min(index.nx - 1, Math.floor((x - index.west) / index.cellW));
      const j = Math.min(index.ny - 1, Math.floor((y - index.south) / index.cellH));
      const c = j * index.nx + i;
      const accuracy = k % 2 === 0 ? 0 : 30;
      if (!((index.cellMarginLowM[c] as number) <= accuracy && (index.cellMarginHighM[c] as number) > accuracy))
        continue;
      open++;
      const offset = index.cellMarginSub[c] as number;
      // Every cell the bounds leave open at these accuracies has sub-cells.
      expect(offset).toBeGreaterThanOrEqual(0);
      const si = Math.min(MSUB - 1, Math.floor(((x - index.west) / index.cellW - i) * MSUB));
      const sj = Math.min(MSUB - 1, Math.floor(((y - index.south) / index.cellH - j) * MSUB));
      let margin = Infinity;
      for (let edge = 0; edge < index.edgeCount; edge++) margin = Math.min(margin, planar(index, edge, x, y) - 50);
      const low = index.subMarginLowM[offset + sj * MSUB + si] as number;
      const high = index.subMarginHighM[offset + sj * MSUB + si] as number;
      expect(low).toBeLessThanOrEqual(margin);
      expect(high).toBeGreaterThanOrEqual(margin);
      if (low > accuracy || high <= accuracy) settled++;
      expect(classifyStatus(index, x, y, accuracy) === 'near').toBe(margin <= accuracy);
    }
    expect(open).toBeGreaterThan(1_000);
    // Small zones (the embedded one has 25 edges) keep none: their exact search is short, their build as fast.
    const small = buildGeometryIndex(streetPolygon(random(3), 300), 50);
    expect([small.subMarginLowM.length, small.cellMarginSub.every((o) => o === -1)]).toEqual([0, true]);
    // A sub-cell is half a cell a side, measured exactly at its centre: most of what the cells leave open, the sub-cells settle.
    expect(settled / open).toBeGreaterThan(0.45);
  });

  it('give the same full answer wherever the cell bounds decide or the edges do', () => {
    const rand = random(12);
    for (let k = 0; k < 2_000; k++) {
      const x = index.west + rand() * (index.east - index.west);
      const y = index.south + rand() * (index.north - index.south);
      const a = classifyPoint(index, x, y, { accuracyM: k % 3 === 0 ? 30 : 0 });
      if (!a.ok) throw new Error(a.reason.message);
      const accuracy = k % 3 === 0 ? 30 : 0;
      let margin = Infinity;
      for (let e = 0; e < index.edgeCount; e++) margin = Math.min(margin, planar(index, e, x, y) - 50);
      expect(a.status === 'near').toBe(a.onBoundary || margin <= accuracy);
      expect(a.traced === 'inside').toBe(booleanPointInPolygon([x, y], street));
    }
  });

  it('give the batch inside / outside / near the one-point answers, on and off each zone of four', () => {
    const zones = fourZones().map((p) => buildGeometryIndex(p, 50));
    const rand = random(21);
    const coords = new Float64Array(40_000);
    for (let i = 0; i < coords.length; i += 2) {
      coords[i] = 112.9 + rand() * 0.85;
      coords[i + 1] = 39.9 + rand() * 0.5;
    }
    const codes = { outside: 0, inside: 1, near: 2 } as const;
    for (const ix of zones)
      for (const accuracy of [0, 400]) {
        const batch = classifyStatuses(ix, coords, accuracy, new Uint8Array(20_000));
        for (let i = 0; i < 20_000; i++)
          expect(batch[i]).toBe(
            codes[classifyStatus(ix, coords[2 * i] as number, coords[2 * i + 1] as number, accuracy)],
          );
      }
  });

  it('keep a 20,000-vertex index under 16 MB', () => {
    const big = buildGeometryIndex(streetPolygon(random(20000), 20000), 50);
    expect(big.edgeCount).toBe(20_000);
    expect(indexBytes(big)).toBeLessThan(16 * 1024 * 1024);
  });

  it('answer a track that stays far from a zone without searching it, and the same as a near one would', () => {
    const coordinates = Array.from({ length: 500 }, (_, i) => [114.5 + i * 1e-4, 41 + i * 5e-5]);
    const far = analyseRoute(index, { coordinates });
    expect(far.ok && far.status).toBe('outside');
    expect(far.ok && far.crossings).toEqual([]);
    // Its length is the sum of its segments either way (a zone that is near it measures the same track).
    const near = buildGeometryIndex(streetPolygon(random(1), 200, 114.52, 41.01, 0.03), 50);
    const measured = analyseRoute(near, { coordinates });
    expect(far.ok && measured.ok && Math.abs(far.lengthM - measured.lengthM)).toBeLessThan(1e-6);
  });
});
