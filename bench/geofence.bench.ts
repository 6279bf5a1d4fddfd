/**
 * npm run bench — the geofence core against Turf and the peers (point-in-polygon-hao, which-polygon, GEOS
 * prepared geometry through geos-wasm), all in one run, on the embedded city zone, street-like synthetic zones
 * of 5,000 and 20,000 vertices, and four zones at once (city + three counties, 20,000 vertices in all).
 * Figures are medians of BENCH_REPS runs (bench/measure-rate.ts); ratios compare medians of this run, so they
 * are what counts on a shared machine. Goals (decision 0005): on 5,000 vertices, point in/out ≥ 150× Turf,
 * inside/outside/near ≥ 100× Turf in/out, the full answer ≥ 20× Turf in/out, 2,000-point tracks ≥ 100× Turf
 * line-intersect + point-in-polygon, boundary distance ≥ 10,000× Turf; index build ≤ 50 ms (5,000) and
 * ≤ 200 ms and ≤ 16 MB (20,000); ahead of every peer on every row; 0 disagreements with Turf on
 * BENCH_CHECK_POINTS (default 1,000,000) random points and on the points 1 cm either side of every edge.
 */
import { readFileSync } from 'node:fs';
import type { Polygon } from 'geojson';
import { analyseRoute } from '../src/geo/analyse-route.ts';
import { boundaryDistance } from '../src/geo/boundary-distance.ts';
import { classifyStatuses, locatePointsInZones } from '../src/geo/classify-batch.ts';
import { classifyPointInZones, classifyStatus } from '../src/geo/classify-point.ts';
import { isInside } from '../src/geo/locate-point.ts';
import type { ZoneFeature } from '../src/geo/zone.ts';
import { buildGeometryIndex, buildZoneIndex, indexBytes, type ZoneIndex } from '../src/geo/zone-index.ts';
import { fourZones, pointsBesideEdges, random, streetPolygon } from '../tests/helpers/random-zones.ts';
import { geosPeer, haoPeer, type Peer, turfPeer, whichPolygonPeer } from './geofence-peers.ts';
import { fmt, medianMs, REPS, rate, ratio, sink } from './measure-rate.ts';

const CHECK_POINTS = Number(process.env.BENCH_CHECK_POINTS ?? 1_000_000);
const rand = random(20241030);

interface Case {
  name: string;
  polygons: Polygon[];
  build: () => ZoneIndex[];
  goals: Partial<Record<string, string>>;
}

type Box = [number, number, number, number];

function bboxOf(polygons: Polygon[]): Box {
  const xs = polygons.flatMap((p) => p.coordinates.flat().map((q) => q[0] as number));
  const ys = polygons.flatMap((p) => p.coordinates.flat().map((q) => q[1] as number));
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/** Random points in the bbox widened by 20% a side. */
function randomPoints([w, s, e, n]: Box, count: number): Float64Array {
  const out = new Float64Array(count * 2);
  for (let i = 0; i < count; i++) {
    out[2 * i] = w - (e - w) * 0.2 + rand() * (e - w) * 1.4;
    out[2 * i + 1] = s - (n - s) * 0.2 + rand() * (n - s) * 1.4;
  }
  return out;
}

/** 2,000-point random walks (~15 m steps) starting in the bbox: most cross a boundary. */
function randomTracks([w, s, e, n]: Box, count: number): number[][][] {
  return Array.from({ length: count }, () => {
    let x = w + rand() * (e - w);
    let y = s + rand() * (n - s);
    let heading = rand() * 2 * Math.PI;
    const track: number[][] = [];
    for (let i = 0; i < 2000; i++) {
      track.push([x, y]);
      heading += (rand() - 0.5) * 0.3;
      x += Math.cos(heading) * 0.00018;
      y += Math.sin(heading) * 0.000135;
    }
    return track;
  });
}

/** Our three answers for several zones, as the app combines them (inside any, else near any). */
function statusesInZones(indexes: ZoneIndex[], coords: Float64Array, scratch: Uint8Array[], out: Uint8Array): void {
  indexes.forEach((index, z) => {
    classifyStatuses(index, coords, 0, scratch[z] as Uint8Array);
  });
  for (let i = 0; i < out.length; i++) {
    let inside = false;
    let near = false;
    for (const s of scratch) {
      inside ||= s[i] === 1;
      near ||= s[i] === 2;
    }
    out[i] = inside ? 1 : near ? 2 : 0;
  }
}

function benchCase(c: Case, peers: Peer[]): void {
  const built = medianMs(() => {
    sink.value += c.build().length;
  });
  const indexes = c.build();
  const edges = indexes.reduce((s, ix) => s + ix.edgeCount, 0);
  const bytes = indexes.reduce((s, ix) => s + indexBytes(ix), 0);
  console.log(`\n## ${c.name}: ${edges} edges in ${indexes.length} zone(s)`);
  console.log(
    `index: built in ${built.median.toFixed(1)} ms (median; first build in this process ${built.first.toFixed(1)} ms),` +
      ` ${(bytes / 1e6).toFixed(2)} MB; grid ${indexes.map((ix) => `${ix.nx}×${ix.ny}`).join(', ')}`,
  );
  const box = bboxOf(c.polygons);
  const points = randomPoints(box, 200_000);
  const n = points.length / 2;
  const out = new Uint8Array(n);
  const scratch = indexes.map(() => new Uint8Array(n));
  const single = indexes.length === 1 ? (indexes[0] as ZoneIndex) : null;
  const tracks = randomTracks(box, 100);
  const rows: { label: string; ours: number; theirs: (p: Peer) => number | undefined; goal?: string }[] = [];
  const inOut = new Map(peers.map((p) => [p, rate(n, (k) => (sink.value += p.inOut(points, k)))]));
  rows.push({
    label: 'index build (builds/s; peers: what they build)',
    ours: 1000 / built.median,
    theirs: (p) => (p.buildMs === undefined ? undefined : 1000 / p.buildMs),
    goal: c.goals.build,
  });
  rows.push({
    label: 'point in zone, batch (points/s)',
    ours: rate(n, (k) => {
      locatePointsInZones(indexes, points.subarray(0, 2 * k), out);
      sink.value += out[0] as number;
    }),
    theirs: (p) => inOut.get(p),
    goal: c.goals.points,
  });
  // The cheapest loop over the same points (read two doubles, compare, write a byte): no point test beats
  // it, so its ratio is the ceiling this machine allows.
  rows.push({
    label: '  control: empty loop over the points',
    ours: rate(n, (k) => {
      for (let i = 0; i < k; i++) out[i] = (points[2 * i] as number) > (points[2 * i + 1] as number) ? 1 : 0;
      sink.value += out[0] as number;
    }),
    theirs: (p) => inOut.get(p),
  });
  if (single)
    rows.push({
      label: '  one call a point, isInside',
      ours: rate(n, (k) => {
        for (let i = 0; i < k; i++)
          sink.value += isInside(single, points[2 * i] as number, points[2 * i + 1] as number) ? 1 : 0;
      }),
      theirs: (p) => inOut.get(p),
    });
  rows.push({
    label: 'inside / outside / near, batch (vs in/out)',
    ours: rate(n, (k) => {
      statusesInZones(indexes, points.subarray(0, 2 * k), scratch, out.subarray(0, k));
      sink.value += out[0] as number;
    }),
    theirs: (p) => inOut.get(p),
    goal: c.goals.statuses,
  });
  if (single)
    rows.push({
      label: '  inside / outside / near, classifyStatus a point',
      ours: rate(n, (k) => {
        for (let i = 0; i < k; i++)
          sink.value += classifyStatus(single, points[2 * i] as number, points[2 * i + 1] as number).length;
      }),
      theirs: (p) => inOut.get(p),
    });
  rows.push({
    label: 'full answer (status, signed distance, side, clause) vs in/out',
    ours: rate(n, (k) => {
      for (let i = 0; i < k; i++) {
        const a = classifyPointInZones(indexes, points[2 * i] as number, points[2 * i + 1] as number);
        sink.value += a.ok ? (a.zones[0]?.signedDistanceM ?? 0) : 0;
      }
    }),
    theirs: (p) => inOut.get(p),
    goal: c.goals.full,
  });
  rows.push({
    label: 'boundary distance (distances/s; GEOS planar)',
    ours: rate(n, (k) => {
      for (let i = 0; i < k; i++) {
        let best = Infinity;
        for (const ix of indexes)
          best = Math.min(
            best,
            boundaryDistance(ix, points[2 * i] as number, points[2 * i + 1] as number, false).distanceM,
          );
        sink.value += best;
      }
    }),
    theirs: (p) =>
      p.distance ? rate(n, (k) => (sink.value += (p.distance as Peer['distance'] & {})(points, k))) : undefined,
    goal: c.goals.distance,
  });
  rows.push({
    label: '2,000-point tracks (tracks/s; hao, which-polygon: vertex tests only)',
    ours: rate(tracks.length, (k) => {
      for (let t = 0; t < k; t++)
        for (const ix of indexes) {
          const a = analyseRoute(ix, { coordinates: tracks[t] as number[][] });
          sink.value += a.ok ? a.crossings.length : 0;
        }
    }),
    theirs: (p) => rate(tracks.length, (k) => (sink.value += p.tracks(tracks, k))),
    goal: c.goals.tracks,
  });
  console.log(`| measure | coalzone | ${peers.map((p) => `${p.name} | ×`).join(' | ')} | goal |`);
  console.log(`|---|---:|${peers.map(() => '---:|---:').join('|')}|---|`);
  for (const row of rows) {
    const cells = peers.map((p) => {
      const t = row.theirs(p);
      return `${t === undefined ? '—' : fmt(t)} | ${ratio(row.ours, t)}`;
    });
    console.log(`| ${row.label} | ${fmt(row.ours)} | ${cells.join(' | ')} | ${row.goal ?? ''} |`);
  }
  disagreements(c, indexes, box);
}

function disagreements(c: Case, indexes: ZoneIndex[], box: Box): void {
  const turf = turfPeer(c.polygons);
  const one = new Float64Array(2);
  const check = (coords: Float64Array) => {
    const ours = locatePointsInZones(indexes, coords, new Uint8Array(coords.length / 2));
    let count = 0;
    for (let i = 0; i < coords.length / 2; i++) {
      one[0] = coords[2 * i] as number;
      one[1] = coords[2 * i + 1] as number;
      if ((ours[i] !== 0) !== (turf.inOut(one, 1) === 1)) count++;
    }
    return count;
  };
  const beside = pointsBesideEdges(c.polygons, 0.01);
  console.log(
    `disagreements with Turf: ${check(randomPoints(box, CHECK_POINTS))} on ${fmt(CHECK_POINTS)} random points, ` +
      `${check(beside)} on the ${fmt(beside.length / 2)} points 1 cm either side of every edge`,
  );
}

const city = JSON.parse(
  readFileSync(new URL('../data/zones/datong-city-2024-106.geojson', import.meta.url), 'utf8'),
) as ZoneFeature & { geometry: Polygon };
const street5k = streetPolygon(random(5000), 5000);
const street20k = streetPolygon(random(20000), 20000);
const four = fourZones();
const cases: Case[] = [
  {
    name: 'embedded city zone (datong-city-2024-106)',
    polygons: [city.geometry],
    build: () => [buildZoneIndex(city)],
    goals: {},
  },
  {
    name: 'street-like zone, 5,000 vertices (±50 m)',
    polygons: [street5k],
    build: () => [buildGeometryIndex(street5k, 50)],
    goals: {
      build: '≤ 50 ms',
      points: '≥ 150× Turf',
      statuses: '≥ 100× Turf',
      full: '≥ 20× Turf',
      distance: '≥ 10,000× Turf',
      tracks: '≥ 100× Turf',
    },
  },
  {
    name: 'street-like zone, 20,000 vertices (±50 m)',
    polygons: [street20k],
    build: () => [buildGeometryIndex(street20k, 50)],
    goals: { build: '≤ 200 ms, ≤ 16 MB' },
  },
  {
    name: 'four zones at once (city 8,000 + counties 3 × 4,000)',
    polygons: four,
    build: () => four.map((p) => buildGeometryIndex(p, 50)),
    goals: {},
  },
];

console.log(
  `# coalzone geofence benchmark — node ${process.version}, median of ${REPS}; × = coalzone ÷ peer (higher: ours faster)`,
);
// BENCH_ONLY='5,000|four' runs only the cases whose name holds one of those texts.
const only = (process.env.BENCH_ONLY ?? '').split('|').filter(Boolean);
for (const c of cases.filter((k) => only.length === 0 || only.some((o) => k.name.includes(o)))) {
  const peers = [turfPeer(c.polygons), haoPeer(c.polygons), whichPolygonPeer(c.polygons), geosPeer(c.polygons)];
  benchCase(c, peers);
}
if (sink.value === 42) console.log('');
