/**
 * npm run bench — geofence speed against Turf, in one run, on the embedded city zone and on a 400-vertex
 * synthetic zone. Each figure is the median of REPS repetitions; ratios compare medians from this run.
 * Goals (issue: foundation): points ≥ 40× @turf/boolean-point-in-polygon, 2,000-point tracks ≥ 30× Turf
 * line-intersect + point-in-polygon, boundary distances ≥ 1,000× @turf/point-to-polygon-distance, and 0
 * disagreements with Turf on 1,000,000 random points (none lands exactly on the boundary).
 */

import { readFileSync } from 'node:fs';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import lineIntersect from '@turf/line-intersect';
import pointToPolygonDistance from '@turf/point-to-polygon-distance';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { analyseRoute } from '../src/geo/analyse-route.ts';
import { boundaryDistance } from '../src/geo/boundary-distance.ts';
import { classifyStatuses, locatePoints } from '../src/geo/classify-batch.ts';
import { classifyPoint, classifyStatus } from '../src/geo/classify-point.ts';
import { isInside } from '../src/geo/locate-point.ts';
import type { ZoneFeature } from '../src/geo/zone.ts';
import { buildGeometryIndex, buildZoneIndex, type ZoneIndex } from '../src/geo/zone-index.ts';
import { random, starPolygon } from '../tests/helpers/random-zones.ts';

const REPS = Number(process.env.BENCH_REPS ?? 5);
const rand = random(20241030);

interface Case {
  name: string;
  index: ZoneIndex;
  feature: Feature<Polygon | MultiPolygon>;
  buildMs: number;
  bbox: [number, number, number, number];
}

function bboxOf(geometry: Polygon | MultiPolygon): [number, number, number, number] {
  const rings = geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
  const xs = rings.flat().map((p) => p[0] as number);
  const ys = rings.flat().map((p) => p[1] as number);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

function makeCase(name: string, geometry: Polygon | MultiPolygon, build: () => ZoneIndex): Case {
  const t = performance.now();
  const index = build();
  const buildMs = performance.now() - t;
  const bbox = bboxOf(geometry);
  // Turf reads a precomputed bbox from the Feature: give it one, so it too can reject cheaply.
  return { name, index, feature: { type: 'Feature', bbox, properties: {}, geometry }, buildMs, bbox };
}

/** Random points in the zone's bbox widened by 20% a side. */
function randomPoints(bbox: [number, number, number, number], n: number): Float64Array {
  const [w, s, e, nn] = bbox;
  const padX = (e - w) * 0.2;
  const padY = (nn - s) * 0.2;
  const out = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    out[2 * i] = w - padX + rand() * (e - w + 2 * padX);
    out[2 * i + 1] = s - padY + rand() * (nn - s + 2 * padY);
  }
  return out;
}

/** 2,000-point random walks (~15 m steps) starting near the zone: most cross the boundary. */
function randomTracks(bbox: [number, number, number, number], n: number): number[][][] {
  const tracks: number[][][] = [];
  for (let k = 0; k < n; k++) {
    const [w, s, e, nn] = bbox;
    let x = w + rand() * (e - w);
    let y = s + rand() * (nn - s);
    let heading = rand() * 2 * Math.PI;
    const track: number[][] = [];
    for (let i = 0; i < 2000; i++) {
      track.push([x, y]);
      heading += (rand() - 0.5) * 0.3;
      x += Math.cos(heading) * 0.00018;
      y += Math.sin(heading) * 0.000135;
    }
    tracks.push(track);
  }
  return tracks;
}

/** Median ops/s over REPS runs of fn(), which performs `ops` operations. */
function rate(ops: number, fn: () => void): number {
  const rates: number[] = [];
  fn(); // warm-up
  for (let r = 0; r < REPS; r++) {
    const t = performance.now();
    fn();
    rates.push(ops / ((performance.now() - t) / 1000));
  }
  rates.sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)] as number;
}

let sink = 0;

function benchCase(c: Case): void {
  const { index, feature } = c;
  console.log(
    `\n## ${c.name}: ${index.edgeCount} edges, grid ${index.nx}×${index.ny}, built in ${c.buildMs.toFixed(0)} ms`,
  );
  const rows: [string, number, number, string][] = [];

  const points = randomPoints(c.bbox, 200_000);
  const turfPoints = points.subarray(0, 2 * 50_000);
  const out = new Uint8Array(points.length / 2);
  const ours = rate(points.length / 2, () => {
    locatePoints(index, points, out);
    sink += out[7] as number;
  });
  const turf = rate(turfPoints.length / 2, () => {
    for (let i = 0; i < turfPoints.length; i += 2)
      sink += booleanPointInPolygon([turfPoints[i] as number, turfPoints[i + 1] as number], feature) ? 1 : 0;
  });
  rows.push(['point in zone, batch locatePoints (points/s) vs boolean-point-in-polygon', ours, turf, '≥ 40×']);
  // Control: the cheapest loop over the same points (read two doubles, compare, write a byte). No point
  // test can beat it, so turf / floor is the highest ratio this machine allows.
  const floor = rate(points.length / 2, () => {
    for (let i = 0, k = 0; k < points.length; i++, k += 2)
      out[i] = (points[k] as number) > (points[k + 1] as number) ? 1 : 0;
    sink += out[7] as number;
  });
  rows.push(['  control: empty loop over the points (points/s; ratio = ceiling for any point test)', floor, turf, '']);
  const single = rate(points.length / 2, () => {
    for (let i = 0; i < points.length; i += 2)
      sink += isInside(index, points[i] as number, points[i + 1] as number) ? 1 : 0;
  });
  rows.push(['  one call a point, isInside (points/s)', single, turf, '']);
  const statuses = rate(points.length / 2, () => {
    classifyStatuses(index, points, 0, out);
    sink += out[7] as number;
  });
  rows.push(['  inside/outside/near, batch classifyStatuses (points/s)', statuses, turf, '']);
  const status = rate(points.length / 2, () => {
    for (let i = 0; i < points.length; i += 2)
      sink += classifyStatus(index, points[i] as number, points[i + 1] as number).length;
  });
  rows.push(['  inside/outside/near, classifyStatus a point (points/s)', status, turf, '']);
  const full = rate(points.length / 2, () => {
    for (let i = 0; i < points.length; i += 2) {
      const a = classifyPoint(index, points[i] as number, points[i + 1] as number);
      sink += a.ok ? a.signedDistanceM : 0;
    }
  });
  rows.push(['  classifyPoint (full answer with distance, points/s)', full, turf, '']);

  const distTurfPoints = points.subarray(0, 2 * 500);
  const dist = rate(points.length / 2, () => {
    for (let i = 0; i < points.length; i += 2)
      sink += boundaryDistance(index, points[i] as number, points[i + 1] as number, false).distanceM;
  });
  const distTurf = rate(distTurfPoints.length / 2, () => {
    for (let i = 0; i < distTurfPoints.length; i += 2)
      sink += pointToPolygonDistance([distTurfPoints[i] as number, distTurfPoints[i + 1] as number], feature, {
        units: 'meters',
      });
  });
  rows.push(['boundary distance (distances/s) vs point-to-polygon-distance', dist, distTurf, '≥ 1000×']);

  const tracks = randomTracks(c.bbox, 200);
  const turfTracks = tracks.slice(0, 10);
  const trackRate = rate(tracks.length, () => {
    for (const coordinates of tracks) {
      const a = analyseRoute(index, { coordinates });
      sink += a.ok ? a.crossings.length : 0;
    }
  });
  const trackTurf = rate(turfTracks.length, () => {
    for (const coordinates of turfTracks) {
      sink += lineIntersect({ type: 'LineString', coordinates }, feature).features.length;
      for (const p of coordinates) sink += booleanPointInPolygon(p, feature) ? 1 : 0;
    }
  });
  rows.push(['2,000-point tracks (tracks/s) vs line-intersect + point-in-polygon', trackRate, trackTurf, '≥ 30×']);

  console.log('| measure | coalzone | Turf | ratio | goal |');
  console.log('|---|---:|---:|---:|---|');
  for (const [label, a, b, goal] of rows)
    console.log(`| ${label} | ${fmt(a)} | ${fmt(b)} | ${(a / b).toFixed(0)}× | ${goal} |`);

  const check = randomPoints(c.bbox, 1_000_000);
  const located = locatePoints(index, check, new Uint8Array(1_000_000));
  let disagreements = 0;
  for (let i = 0; i < check.length; i += 2) {
    const x = check[i] as number;
    const y = check[i + 1] as number;
    if ((located[i / 2] === 1) !== booleanPointInPolygon([x, y], feature)) disagreements++;
  }
  console.log(`disagreements with Turf on 1,000,000 random points: ${disagreements}`);
}

function fmt(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : n.toFixed(1);
}

const city = JSON.parse(
  readFileSync(new URL('../data/zones/datong-city-2024-106.geojson', import.meta.url), 'utf8'),
) as ZoneFeature;
const synthetic = starPolygon(random(400), 400, 113.3, 40.09, 0.08);

console.log(`# coalzone geofence benchmark — node ${process.version}, median of ${REPS} repetitions`);
benchCase(makeCase('embedded city zone (datong-city-2024-106)', city.geometry, () => buildZoneIndex(city)));
benchCase(makeCase('synthetic 400-vertex zone', synthetic, () => buildGeometryIndex(synthetic, 50)));
if (sink === 42) console.log('');
