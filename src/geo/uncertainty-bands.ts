/**
 * Shapes that draw the uncertainty of a trace, for the map: for each edge, the band of points within its
 * uncertainty (a stadium: the edge offset both ways, with round ends), and each edge as a line carrying its
 * side, clause and uncertainty so a tap on it can explain itself. Also the circle of a GPS accuracy.
 * Computed in metres in a local plane at each edge's mid-latitude (ellipsoid.ts).
 */
import type { Feature, FeatureCollection, LineString, Polygon, Position } from 'geojson';
import { metresPerDegree } from './ellipsoid.ts';
import type { ZoneIndex } from './zone-index.ts';

/** Properties on band and edge features. */
export interface EdgeProperties {
  zoneId: string;
  edge: number;
  side: string | null;
  sideName: string | null;
  clause: string | null;
  uncertaintyM: number;
}

const CAP_STEPS = 16;

/** One band polygon per edge with uncertainty > 0. */
export function uncertaintyBands(index: ZoneIndex): FeatureCollection<Polygon, EdgeProperties> {
  const features: Feature<Polygon, EdgeProperties>[] = [];
  for (let e = 0; e < index.edgeCount; e++) {
    const r = index.edgeUncertainty[e] as number;
    if (!(r > 0)) continue;
    const ax = index.ax[e] as number;
    const ay = index.ay[e] as number;
    const bx = index.bx[e] as number;
    const by = index.by[e] as number;
    const { kx, ky } = metresPerDegree((ay + by) / 2);
    const dx = (bx - ax) * kx;
    const dy = (by - ay) * ky;
    const angle = Math.atan2(dy, dx);
    const ring: Position[] = [];
    // Around b from +90° to −90° relative to the edge, then around a from −90° to −270°.
    const cap = (cx: number, cy: number, from: number) => {
      for (let k = 0; k <= CAP_STEPS; k++) {
        const t = from - (Math.PI * k) / CAP_STEPS;
        ring.push([cx + (r * Math.cos(t)) / kx, cy + (r * Math.sin(t)) / ky]);
      }
    };
    cap(bx, by, angle + Math.PI / 2);
    cap(ax, ay, angle - Math.PI / 2);
    ring.push([...(ring[0] as Position)]);
    features.push({
      type: 'Feature',
      properties: edgeProperties(index, e),
      geometry: { type: 'Polygon', coordinates: [ring.reverse()] },
    });
  }
  return { type: 'FeatureCollection', features };
}

/** Every edge as a line with its side, clause and uncertainty. */
export function edgeLines(index: ZoneIndex): FeatureCollection<LineString, EdgeProperties> {
  const features: Feature<LineString, EdgeProperties>[] = [];
  for (let e = 0; e < index.edgeCount; e++)
    features.push({
      type: 'Feature',
      properties: edgeProperties(index, e),
      geometry: {
        type: 'LineString',
        coordinates: [
          [index.ax[e] as number, index.ay[e] as number],
          [index.bx[e] as number, index.by[e] as number],
        ],
      },
    });
  return { type: 'FeatureCollection', features };
}

/** A circle of `radiusM` metres around a point, as a polygon. */
export function circlePolygon(lng: number, lat: number, radiusM: number, steps = 48): Polygon {
  const { kx, ky } = metresPerDegree(lat);
  const ring: Position[] = [];
  for (let k = 0; k < steps; k++) {
    const t = (2 * Math.PI * k) / steps;
    ring.push([lng + (radiusM * Math.cos(t)) / kx, lat + (radiusM * Math.sin(t)) / ky]);
  }
  ring.push([...(ring[0] as Position)]);
  return { type: 'Polygon', coordinates: [ring] };
}

function edgeProperties(index: ZoneIndex, e: number): EdgeProperties {
  const side = index.sides[index.edgeSide[e] as number];
  return {
    zoneId: index.id,
    edge: e,
    side: side?.id ?? null,
    sideName: side ? `${side.name.zh} / ${side.name.en}` : null,
    clause: side?.clause ?? null,
    uncertaintyM: index.edgeUncertainty[e] as number,
  };
}
