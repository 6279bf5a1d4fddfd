/**
 * Checkpoint planning: where do roads cross the boundary? Each road line is analysed like a track
 * (analyse-route.ts), so every place it crosses the traced line is found with the side and the line's
 * uncertainty there; crossings with no checkpoint within `coverM` are flagged, so checkpoints can be placed.
 * Where the notice uses the road itself as the boundary (G109 along the north side), the trace leaves and
 * rejoins the road: those crossings are marked `along`, not listed as ways in.
 */
import type { Feature, FeatureCollection, LineString, MultiLineString, Point } from 'geojson';
import { analyseRoute } from '../geo/analyse-route.ts';
import { boundaryDistance } from '../geo/boundary-distance.ts';
import { distanceMetres } from '../geo/ellipsoid.ts';
import type { ZoneIndex } from '../geo/zone-index.ts';

/** One road crossing. */
export interface RoadCrossing {
  road: string;
  lng: number;
  lat: number;
  /** 'entry' if the road, as drawn, runs into the zone here. */
  direction: 'entry' | 'exit';
  side: string | null;
  edgeUncertaintyM: number;
  /** The nearest checkpoint within coverM, or null: a gap. */
  checkpoint: string | null;
  /** The road runs along the traced line here (both ends of the crossing segment within `alongM` of it):
   *  the notice uses this road as the boundary, so this is where the trace leaves the road, not a way in. */
  along: boolean;
}

/** Whether the road stays within `alongM` of the traced line for 150 m of road each way from a crossing
 *  (checked at its vertices, up to and including the first one 150 m away). */
function runsAlong(
  index: ZoneIndex,
  line: readonly (readonly number[])[],
  segment: number,
  at: readonly number[],
  alongM: number,
): boolean {
  const near = (p: readonly number[]) =>
    boundaryDistance(index, p[0] as number, p[1] as number, false).distanceM <= alongM;
  for (const [start, step] of [
    [segment, -1],
    [segment + 1, 1],
  ] as const) {
    let prev = at;
    let walked = 0;
    for (let i = start; i >= 0 && i < line.length && walked < 150; i += step) {
      const p = line[i] as readonly number[];
      if (!near(p)) return false;
      walked += distanceMetres(prev[0] as number, prev[1] as number, p[0] as number, p[1] as number);
      prev = p;
    }
  }
  return true;
}

/** The checkpoint nearest to a point within `withinM`, with its distance; null when none is that close. */
export function nearestCheckpoint(
  lng: number,
  lat: number,
  checkpoints: readonly Feature<Point, { name: string }>[],
  withinM = Number.POSITIVE_INFINITY,
): { name: string; distanceM: number } | null {
  let best: { name: string; distanceM: number } | null = null;
  for (const cp of checkpoints) {
    const [x, y] = cp.geometry.coordinates as [number, number];
    const d = distanceMetres(lng, lat, x, y);
    if (d <= withinM && (!best || d < best.distanceM)) best = { name: cp.properties.name, distanceM: d };
  }
  return best;
}

/** Lists the crossings of every road with the zone, nearest checkpoint attached. */
export function roadCrossings(
  index: ZoneIndex,
  roads: FeatureCollection<LineString | MultiLineString>,
  checkpoints: readonly Feature<Point, { name: string }>[] = [],
  coverM = 300,
  alongM = 60,
): RoadCrossing[] {
  const out: RoadCrossing[] = [];
  roads.features.forEach((road, k) => {
    const name = String(road.properties?.name ?? road.properties?.ref ?? `road ${k + 1}`);
    const lines = road.geometry.type === 'LineString' ? [road.geometry.coordinates] : road.geometry.coordinates;
    for (const coordinates of lines) {
      const answer = analyseRoute(index, { coordinates });
      if (!answer.ok) continue;
      for (const c of answer.crossings) {
        const along = runsAlong(index, coordinates, c.segment, c.point, alongM);
        out.push({
          road: name,
          lng: c.point[0],
          lat: c.point[1],
          direction: c.kind,
          side: c.side?.id ?? null,
          edgeUncertaintyM: c.edgeUncertaintyM,
          checkpoint: nearestCheckpoint(c.point[0], c.point[1], checkpoints, coverM)?.name ?? null,
          along,
        });
      }
    }
  });
  return out;
}
