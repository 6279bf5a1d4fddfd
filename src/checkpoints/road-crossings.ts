/**
 * Checkpoint planning: where do roads cross the boundary? Each road line is analysed like a track
 * (analyse-route.ts), so every place it crosses the traced line is found with the side and the line's
 * uncertainty there; crossings with no checkpoint within `coverM` are flagged, so checkpoints can be placed.
 */
import type { Feature, FeatureCollection, LineString, MultiLineString, Point } from 'geojson';
import { analyseRoute } from '../geo/analyse-route.ts';
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
}

/** Lists the crossings of every road with the zone, nearest checkpoint attached. */
export function roadCrossings(
  index: ZoneIndex,
  roads: FeatureCollection<LineString | MultiLineString>,
  checkpoints: readonly Feature<Point, { name: string }>[] = [],
  coverM = 300,
): RoadCrossing[] {
  const out: RoadCrossing[] = [];
  roads.features.forEach((road, k) => {
    const name = String(road.properties?.name ?? road.properties?.ref ?? `road ${k + 1}`);
    const lines = road.geometry.type === 'LineString' ? [road.geometry.coordinates] : road.geometry.coordinates;
    for (const coordinates of lines) {
      const answer = analyseRoute(index, { coordinates });
      if (!answer.ok) continue;
      for (const c of answer.crossings) {
        let nearest: string | null = null;
        let best = coverM;
        for (const cp of checkpoints) {
          const [x, y] = cp.geometry.coordinates as [number, number];
          const d = distanceMetres(c.point[0], c.point[1], x, y);
          if (d <= best) {
            best = d;
            nearest = cp.properties.name;
          }
        }
        out.push({
          road: name,
          lng: c.point[0],
          lat: c.point[1],
          direction: c.kind,
          side: c.side?.id ?? null,
          edgeUncertaintyM: c.edgeUncertaintyM,
          checkpoint: nearest,
        });
      }
    }
  });
  return out;
}
