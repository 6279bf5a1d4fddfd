/**
 * The notice's words + a road extract → a new zone version. Traced sides come from trace-ring.ts; a side that
 * could not be traced keeps its previous vertices and provenance. The ring is turned from the notice's
 * clockwise order into RFC 7946's counterclockwise, every vertex carrying its source and every edge its
 * uncertainty (decision 0003), status `traced-from-roads`, and checked by validateZone before anyone gets it.
 * Pure: the caller reads the files (CLI: src/cli/trace-command.ts; app: a Web Worker).
 */
import type { Reason } from '../errors.ts';
import { distanceMetres } from '../geo/ellipsoid.ts';
import { validateZone } from '../geo/validate-zone.ts';
import type { VertexProvenance, ZoneFeature, ZoneProperties } from '../geo/zone.ts';
import { samePosition } from './follow-road.ts';
import { localPlane } from './local-plane.ts';
import { type PreviousRing, previousRing } from './previous-ring.ts';
import type { RoadExtract } from './road-extract.ts';
import type { RouteSpec } from './route-spec.ts';
import { LANDMARK_EDGE_SHARE, type RingPoint, type SideTrace, traceSides } from './trace-ring.ts';

/** The status a zone traced from roads carries. */
export const TRACED_STATUS = 'traced-from-roads' as const;

/** Options of a trace. */
export interface TraceOptions {
  /** tracedAt (YYYY-MM-DD); the caller's today. */
  date: string;
  /** The new version; by default the previous one's base with `.roads-N`. */
  version?: string;
}

/** The outcome: the new zone (null when no side could be traced or it is not a valid zone) and why. */
export interface TraceResult {
  zone: ZoneFeature | null;
  sides: SideTrace[];
  /** Reasons the assembled zone was refused (validateZone), if it was. */
  invalid: Reason[];
  previous: PreviousRing;
}

/** Traces the zone. Never throws on data: refusals are in `sides`, an invalid result in `invalid`. */
export function traceZoneFromRoads(
  spec: RouteSpec,
  extract: RoadExtract,
  previousZone: ZoneFeature,
  options: TraceOptions,
): TraceResult {
  const previous = previousRing(previousZone);
  const centre = centreOf(previous);
  const plane = localPlane(centre[0], centre[1]);
  const sides = traceSides(spec, extract, previous, plane);
  if (!sides.some((s) => s.traced)) return { zone: null, sides, invalid: [], previous };
  const ring = assembleRing(sides, previous);
  const zone = buildFeature(ring, sides, extract, previousZone, options);
  const validation = validateZone(zone);
  const invalid = validation.valid ? [] : validation.reasons;
  return { zone: invalid.length === 0 ? zone : null, sides, invalid, previous };
}

function centreOf(previous: PreviousRing): [number, number] {
  let lng = 0;
  let lat = 0;
  for (const v of previous.vertices) {
    lng += v.lng;
    lat += v.lat;
  }
  const n = Math.max(1, previous.vertices.length);
  return [lng / n, lat / n];
}

/** The ring clockwise: traced sides' points, kept sides' previous vertices; one point per position. */
export function assembleRing(sides: SideTrace[], previous: PreviousRing): RingPoint[] {
  const out: RingPoint[] = [];
  sides.forEach((side, s) => {
    const next = sides[(s + 1) % sides.length] as SideTrace;
    const before = sides[(s - 1 + sides.length) % sides.length] as SideTrace;
    // After a traced side, a kept side's first vertex (its old corner) is replaced by the traced end,
    // which was placed at the road's point nearest that corner.
    const kept = previous.chain(side.id).slice(before.traced ? 1 : 0);
    const points: RingPoint[] = side.traced
      ? side.points.map((p) => ({ ...p }))
      : kept.map((v) => ({
          lng: v.lng,
          lat: v.lat,
          name: v.name,
          basis: v.basis,
          source: v.source,
          uncertaintyM: v.edge.uncertaintyM,
          edgeBasis: v.edge.basis,
          side: side.id,
        }));
    const last = points[points.length - 1];
    if (last && side.traced && !next.traced) {
      // From a traced end to the kept corner of the next side: as uncertain as that corner.
      const corner = previous.cornerAfter(side.id);
      last.uncertaintyM = Math.max(last.uncertaintyM, corner?.uncertaintyM ?? 0);
      last.edgeBasis = 'reasoned';
    }
    for (const p of points) push(out, p);
  });
  while (out.length > 1 && samePosition(out[0] as RingPoint, out[out.length - 1] as RingPoint)) {
    const last = out.pop() as RingPoint;
    const first = out[0] as RingPoint;
    if (last.name !== first.name) first.name = `${last.name} / ${first.name}`;
  }
  out.forEach((p, i) => {
    if (!p.landmarkEdge) return;
    const q = out[(i + 1) % out.length] as RingPoint;
    p.uncertaintyM += LANDMARK_EDGE_SHARE * distanceMetres(p.lng, p.lat, q.lng, q.lat);
  });
  return out;
}

function push(out: RingPoint[], p: RingPoint): void {
  const last = out[out.length - 1];
  if (last && samePosition(last, p)) {
    // One position, two pieces (a junction): keep the later piece's edge, name both.
    out[out.length - 1] = { ...p, name: last.name === p.name ? p.name : `${last.name} / ${p.name}` };
    return;
  }
  out.push(p);
}

function buildFeature(
  ring: RingPoint[],
  sides: SideTrace[],
  extract: RoadExtract,
  previousZone: ZoneFeature,
  options: TraceOptions,
): ZoneFeature {
  const n = ring.length;
  const ccw = [...ring].reverse();
  // Clockwise edge i → i+1 becomes the counterclockwise edge of the vertex that follows i counterclockwise.
  const vertices: VertexProvenance[] = ccw.map((p, k) => {
    const edgeOf = ring[(n - 2 - k + n) % n] as RingPoint;
    return {
      name: p.name,
      basis: p.basis,
      source: p.source,
      edge: { side: edgeOf.side, uncertaintyM: Math.max(1, Math.round(edgeOf.uncertaintyM)), basis: edgeOf.edgeBasis },
    };
  });
  const coordinates = [...ccw.map((p) => [p.lng, p.lat]), [(ccw[0] as RingPoint).lng, (ccw[0] as RingPoint).lat]];
  const prev = previousZone.properties;
  const traced = sides.filter((s) => s.traced).map((s) => s.id);
  const kept = sides.filter((s) => !s.traced).map((s) => s.id);
  const properties: ZoneProperties = {
    ...prev,
    version: options.version ?? nextVersion(prev.version),
    status: TRACED_STATUS,
    uncertaintyStatement: statement(traced, kept, ring),
    rings: [{ polygon: 0, ring: 0, vertices }],
    sources: [
      ...prev.sources,
      ...extract.sources.map((s, i) => ({
        id: `roads-${i + 1}`,
        description: `${s.file} (${s.format}${s.nameField ? `, name field ${s.nameField}` : ''}), read by coalzone zones trace; positions ±${s.precisionM} m`,
        crs: s.crs === 'WGS-84' ? 'WGS-84' : `${s.crs} converted to WGS-84`,
        licence: s.licence,
      })),
    ],
    tracedAt: options.date,
  };
  return {
    type: 'Feature',
    id: previousZone.id,
    properties,
    geometry: { type: 'Polygon', coordinates: [coordinates] },
  };
}

/** "2024-106.trace-1" → "2024-106.roads-1"; "….roads-1" → "….roads-2". */
export function nextVersion(version: string): string {
  const roads = /^(.*)\.roads-(\d+)$/.exec(version);
  if (roads) return `${roads[1]}.roads-${Number(roads[2]) + 1}`;
  return `${version.replace(/\.trace-\d+$/, '')}.roads-1`;
}

const SIDE_ZH: Record<string, string> = { east: '东侧', south: '南侧', west: '西侧', north: '北侧' };

function statement(traced: string[], kept: string[], ring: RingPoint[]): { zh: string; en: string } {
  const range = (ids: string[]) => {
    const us = ring.filter((p) => ids.includes(p.side)).map((p) => p.uncertaintyM);
    return us.length > 0 ? `${Math.round(Math.min(...us))}–${Math.round(Math.max(...us))}` : '?';
  };
  const zhNames = (ids: string[]) => ids.map((s) => SIDE_ZH[s] ?? s).join('、');
  const zh = `此边界由 coalzone 按通告文字沿道路数据描绘（traced-from-roads），不是官方地图。${zhNames(traced)}沿道路中线，误差约 ±${range(traced)} 米（路宽与数据精度；地标规则处更宽）。${kept.length > 0 ? `${zhNames(kept)}未能从道路数据描绘，保留此前的推理线，误差 ±${range(kept)} 米。` : ''}靠近边界时请现场核实或致电大同市生态环境局 0352-5022085、5020288。`;
  const en = `This boundary was traced by coalzone from the notice's words along road data (traced-from-roads); it is not the official map. ${traced.join(', ')} follow road centrelines, ±${range(traced)} m (road width and data precision; wider at landmark rules).${kept.length > 0 ? ` ${kept.join(', ')} could not be traced from the roads and keep the previous reasoned line, ±${range(kept)} m.` : ''} Near the line, check on site or call Datong Ecology and Environment Bureau 0352-5022085 / 5020288.`;
  return { zh, en };
}
