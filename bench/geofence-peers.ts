/**
 * The peers the geofence benchmark runs against, each used the way its documentation shows, on the same zones
 * and points: Turf (@turf/boolean-point-in-polygon with a precomputed bbox, point-to-polygon-distance,
 * line-intersect), point-in-polygon-hao (the test inside Turf, here with the same bbox rejection in front),
 * which-polygon (an R-tree of polygon bboxes, then a point-in-polygon test) and GEOS 3.13 prepared geometry
 * through geos-wasm (indexed point-in-area, indexed facet distance to the boundary). Each adapter answers
 * "in any of these zones" for a batch of points; peers without a distance or a crossing search leave those
 * rows empty, and their track figure is the point tests alone (a lower bound on what the same answer costs).
 */
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import lineIntersect from '@turf/line-intersect';
import pointToPolygonDistance from '@turf/point-to-polygon-distance';
import type { Feature, Polygon } from 'geojson';
import initGeosJs from 'geos-wasm';
import { geojsonToGeosGeom } from 'geos-wasm/helpers';
import pointInPolygonHao from 'point-in-polygon-hao';
import whichPolygon from 'which-polygon';

/** One peer on one set of zones. Each operation returns a checksum so nothing is optimised away. */
export interface Peer {
  name: string;
  /** Milliseconds to build whatever the peer builds before its first answer (median of a few builds). */
  buildMs?: number;
  inOut: (coords: Float64Array, count: number) => number;
  /** Metres (or degrees for GEOS, which is planar) from each point to the nearest zone boundary. */
  distance?: (coords: Float64Array, count: number) => number;
  /** Route checks: the crossings with each boundary and the state of every vertex. */
  tracks: (tracks: number[][][], count: number) => number;
  /** Whether `tracks` finds the crossings too (false: point tests only). */
  tracksComplete: boolean;
}

type Box = [number, number, number, number];

function bboxOf(polygon: Polygon): Box {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const ring of polygon.coordinates)
    for (const [x, y] of ring as [number, number][]) {
      w = Math.min(w, x);
      e = Math.max(e, x);
      s = Math.min(s, y);
      n = Math.max(n, y);
    }
  return [w, s, e, n];
}

function timeBuild(build: () => void): number {
  build();
  const times: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t = performance.now();
    build();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[1] as number;
}

/** Turf 7, as its README shows, with a bbox on each Feature (so it rejects far points cheaply). */
export function turfPeer(polygons: Polygon[]): Peer {
  const features: Feature<Polygon>[] = polygons.map((geometry) => ({
    type: 'Feature',
    bbox: bboxOf(geometry),
    properties: {},
    geometry,
  }));
  const inAny = (p: number[]) => features.some((f) => booleanPointInPolygon(p, f));
  return {
    name: 'Turf',
    inOut: (coords, count) => {
      let inside = 0;
      for (let i = 0; i < count; i++) inside += inAny([coords[2 * i] as number, coords[2 * i + 1] as number]) ? 1 : 0;
      return inside;
    },
    distance: (coords, count) => {
      let sum = 0;
      for (let i = 0; i < count; i++) {
        const p = [coords[2 * i] as number, coords[2 * i + 1] as number];
        let best = Infinity;
        for (const f of features) best = Math.min(best, Math.abs(pointToPolygonDistance(p, f, { units: 'meters' })));
        sum += best;
      }
      return sum;
    },
    tracks: (tracks, count) => {
      let sum = 0;
      for (const coordinates of tracks.slice(0, count))
        for (const f of features) {
          sum += lineIntersect({ type: 'LineString', coordinates }, f).features.length;
          for (const p of coordinates) sum += booleanPointInPolygon(p, f) ? 1 : 0;
        }
      return sum;
    },
    tracksComplete: true,
  };
}

/** point-in-polygon-hao with the bbox rejection Turf puts in front of it (0 = on an edge = inside). */
export function haoPeer(polygons: Polygon[]): Peer {
  const zones = polygons.map((p) => ({ rings: p.coordinates, box: bboxOf(p) }));
  const inAny = (x: number, y: number) => {
    for (const { rings, box } of zones)
      if (x >= box[0] && x <= box[2] && y >= box[1] && y <= box[3] && pointInPolygonHao([x, y], rings) !== false)
        return true;
    return false;
  };
  return {
    name: 'hao',
    inOut: (coords, count) => {
      let inside = 0;
      for (let i = 0; i < count; i++) inside += inAny(coords[2 * i] as number, coords[2 * i + 1] as number) ? 1 : 0;
      return inside;
    },
    tracks: (tracks, count) => {
      let sum = 0;
      for (const coordinates of tracks.slice(0, count))
        for (const p of coordinates) sum += inAny(p[0] as number, p[1] as number) ? 1 : 0;
      return sum;
    },
    tracksComplete: false,
  };
}

/** which-polygon over a FeatureCollection of the zones. */
export function whichPolygonPeer(polygons: Polygon[]): Peer {
  const collection = {
    type: 'FeatureCollection' as const,
    features: polygons.map((geometry, i) => ({ type: 'Feature' as const, properties: { zone: i }, geometry })),
  };
  let query = whichPolygon(collection);
  const buildMs = timeBuild(() => {
    query = whichPolygon(collection);
  });
  return {
    name: 'which-polygon',
    buildMs,
    inOut: (coords, count) => {
      let inside = 0;
      for (let i = 0; i < count; i++)
        inside += query([coords[2 * i] as number, coords[2 * i + 1] as number]) !== null ? 1 : 0;
      return inside;
    },
    tracks: (tracks, count) => {
      let sum = 0;
      for (const coordinates of tracks.slice(0, count))
        for (const p of coordinates) sum += query(p as [number, number]) !== null ? 1 : 0;
      return sum;
    },
    tracksComplete: false,
  };
}

const geos = await initGeosJs();

/** GEOS prepared geometry (geos-wasm): PreparedIntersectsXY (inside or on the boundary, as ours), prepared
 *  distance to each zone's boundary (planar, in degrees), and for tracks GEOSIntersection with the boundary
 *  plus a point test per vertex. Building counts the prepared geometry's lazy index (first query). */
export function geosPeer(polygons: Polygon[]): Peer {
  const prepare = () =>
    polygons.map((p) => {
      const geometry = geojsonToGeosGeom(p, geos);
      const prepared = geos.GEOSPrepare(geometry);
      geos.GEOSPreparedIntersectsXY(prepared, p.coordinates[0]?.[0]?.[0] as number, 0);
      const boundary = geos.GEOSBoundary(geometry);
      const preparedBoundary = geos.GEOSPrepare(boundary);
      const point = geos.GEOSGeom_createPointFromXY(0, 0);
      geos.GEOSPreparedDistance(preparedBoundary, point, distancePointer);
      geos.GEOSGeom_destroy(point);
      return { geometry, prepared, boundary, preparedBoundary };
    });
  const release = (zones: ReturnType<typeof prepare>) => {
    for (const z of zones) {
      geos.GEOSPreparedGeom_destroy(z.prepared);
      geos.GEOSPreparedGeom_destroy(z.preparedBoundary);
      geos.GEOSGeom_destroy(z.geometry);
      geos.GEOSGeom_destroy(z.boundary);
    }
  };
  const distancePointer = geos.Module._malloc(8);
  const buildMs = timeBuild(() => release(prepare()));
  const zones = prepare();
  const inAny = (x: number, y: number) => zones.some((z) => geos.GEOSPreparedIntersectsXY(z.prepared, x, y) === 1);
  return {
    name: 'GEOS',
    buildMs,
    inOut: (coords, count) => {
      let inside = 0;
      for (let i = 0; i < count; i++) inside += inAny(coords[2 * i] as number, coords[2 * i + 1] as number) ? 1 : 0;
      return inside;
    },
    distance: (coords, count) => {
      let sum = 0;
      for (let i = 0; i < count; i++) {
        const point = geos.GEOSGeom_createPointFromXY(coords[2 * i] as number, coords[2 * i + 1] as number);
        let best = Infinity;
        for (const z of zones) {
          geos.GEOSPreparedDistance(z.preparedBoundary, point, distancePointer);
          best = Math.min(best, geos.Module.getValue(distancePointer, 'double'));
        }
        geos.GEOSGeom_destroy(point);
        sum += best;
      }
      return sum;
    },
    tracks: (tracks, count) => {
      let sum = 0;
      for (const coordinates of tracks.slice(0, count)) {
        const line = geojsonToGeosGeom({ type: 'LineString', coordinates }, geos);
        for (const z of zones) {
          const crossings = geos.GEOSIntersection(z.boundary, line);
          sum += geos.GEOSGetNumGeometries(crossings);
          geos.GEOSGeom_destroy(crossings);
        }
        for (const p of coordinates) sum += inAny(p[0] as number, p[1] as number) ? 1 : 0;
        geos.GEOSGeom_destroy(line);
      }
      return sum;
    },
    tracksComplete: true,
  };
}
