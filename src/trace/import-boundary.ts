/**
 * The authority's own boundary, imported as a zone version: one polygon from GeoJSON, KML/KMZ, GPX (a closed
 * track or route) or a zipped Shapefile, in any CRS of project-crs.ts. Refused, with the reason, when it is
 * not one valid polygon, lies outside Datong, looks like swapped axes, or the wrong CRS; warned when it sits
 * ~600 m off the sourced G109 course the way a GCJ-02 file read as WGS-84 would. Each vertex cites the file
 * and its position there; each edge takes the side of the previous version nearest to it and the source's
 * precision as its uncertainty. DXF from CAD: its closed polylines (read-dxf.ts), in the CRS the caller says.
 */
import { gpx, kml } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import type { Reason } from '../errors.ts';
import { FileFormatError } from '../errors.ts';
import { DATONG_EXTENT, inExtent } from '../geo/datong-extent.ts';
import { signedArea, validateZone } from '../geo/validate-zone.ts';
import type { VertexProvenance, ZoneFeature } from '../geo/zone.ts';
import { unzipBounded, type ZipLimits, ZipRefusal } from '../io/unzip-bounded.ts';
import { gcjShiftHint } from './crs-shift-hint.ts';
import { localPlane, nearestOnSegment } from './local-plane.ts';
import { previousRing } from './previous-ring.ts';
import { type CrsName, toWgs84Position } from './project-crs.ts';
import { dxfFeatures } from './read-dxf.ts';
import { nextVersion } from './trace-zone-from-roads.ts';

/** What an import gives: a zone to preview and accept, or the reasons it was refused; warnings either way. */
export interface BoundaryImport {
  zone: ZoneFeature | null;
  refused: Reason[];
  warnings: { code: string; zh: string; en: string }[];
}

/** A KMZ holds one small KML (a boundary is kilobytes to a few MB) and maybe icons, which are skipped. */
const KMZ_LIMITS: ZipLimits = {
  entries: 1_000,
  entryBytes: 64 * 1024 * 1024,
  totalBytes: 128 * 1024 * 1024,
  ratio: 100,
  ratioFrom: 1024 * 1024,
  only: /\.kml$/i,
};

/** The polygon rings of a parsed file as GeoJSON features (KML, GPX and KMZ through togeojson). */
export function boundaryFeatures(bytes: Uint8Array, name: string): unknown[] {
  const lower = name.toLowerCase();
  if (lower.endsWith('.dxf')) return dxfFeatures(bytes, name);
  let text: string;
  if (lower.endsWith('.kmz')) {
    let entries: Map<string, Uint8Array>;
    try {
      entries = unzipBounded(bytes, KMZ_LIMITS);
    } catch (error) {
      if (!(error instanceof ZipRefusal)) throw error;
      throw new FileFormatError(`${name} is not a readable KMZ (${error.message})`);
    }
    const doc = [...entries.keys()].sort((a, b) => Number(b === 'doc.kml') - Number(a === 'doc.kml'))[0];
    if (!doc) throw new FileFormatError(`${name}: no .kml inside the KMZ`);
    text = new TextDecoder().decode(entries.get(doc));
  } else text = new TextDecoder().decode(bytes);
  if (lower.endsWith('.kml') || lower.endsWith('.kmz') || lower.endsWith('.gpx')) {
    let document: ReturnType<DOMParser['parseFromString']>;
    try {
      document = new DOMParser({ onError: () => undefined }).parseFromString(text, 'text/xml');
    } catch (error) {
      throw new FileFormatError(`${name} is not valid XML (${(error as Error).message})`);
    }
    const collection = lower.endsWith('.gpx') ? gpx(document as never) : kml(document as never);
    return collection.features;
  }
  let json: { type?: string; features?: unknown[] };
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new FileFormatError(`${name} is not valid JSON: ${(error as Error).message}`);
  }
  return json.type === 'FeatureCollection' ? (json.features ?? []) : [json];
}

/** Makes a zone version from an authority's boundary features. `crs`: the file's CRS. */
export function importBoundary(
  features: unknown[],
  file: string,
  crs: CrsName,
  previous: ZoneFeature,
  options: { date: string; precisionM: number },
): BoundaryImport {
  const refused: Reason[] = [];
  const warnings: BoundaryImport['warnings'] = [];
  const rings: number[][][] = [];
  for (const f of features) {
    const g = (f as { geometry?: { type?: string; coordinates?: unknown } })?.geometry;
    if (g?.type === 'Polygon') rings.push(((g.coordinates as number[][][]) ?? [])[0] ?? []);
    else if (g?.type === 'MultiPolygon')
      for (const p of (g.coordinates as number[][][][]) ?? []) rings.push(p[0] ?? []);
    else if (g?.type === 'LineString') {
      // A GPX track or KML line drawn round the zone: a polygon when it closes (within 1e-6°).
      const line = (g.coordinates as number[][]) ?? [];
      const [a, b] = [line[0], line[line.length - 1]];
      if (
        a &&
        b &&
        Math.abs((a[0] as number) - (b[0] as number)) < 1e-6 &&
        Math.abs((a[1] as number) - (b[1] as number)) < 1e-6
      )
        rings.push(line);
    }
  }
  if (rings.length !== 1) {
    refused.push({
      code: 'NOT_ONE_POLYGON',
      message: `${file}: holds ${rings.length} polygon(s); the boundary must be exactly one (a closed line counts)`,
    });
    return { zone: null, refused, warnings };
  }
  let ring: [number, number][];
  try {
    ring = (rings[0] as number[][]).map((p, k) => {
      if (!Array.isArray(p) || typeof p[0] !== 'number' || typeof p[1] !== 'number')
        throw new FileFormatError(`${file}: position ${k} is not [x, y] numbers`);
      const [lng, lat] = toWgs84Position([p[0], p[1]], crs);
      return [round(lng), round(lat)] as [number, number];
    });
  } catch (error) {
    const raw = rings[0] as unknown[][];
    const swapped = raw.every(
      (p) => typeof p[0] === 'number' && typeof p[1] === 'number' && inExtent(p[1], p[0], DATONG_EXTENT),
    );
    if (!swapped) {
      refused.push({ code: 'WRONG_CRS', message: (error as Error).message });
      return { zone: null, refused, warnings };
    }
    ring = raw.map((p) => [p[0], p[1]] as [number, number]);
  }
  if (
    ring.length > 0 &&
    ring.every(([lng, lat]) => !inExtent(lng, lat, DATONG_EXTENT) && inExtent(lat, lng, DATONG_EXTENT))
  ) {
    refused.push({ code: 'SWAPPED_LNG_LAT', message: `${file}: positions read as [lat, lng]; Datong is ~113°E, 40°N` });
    return { zone: null, refused, warnings };
  }
  // Closed, no repeated positions, counterclockwise (RFC 7946).
  const open = ring.filter((p, i) => i === 0 || p[0] !== ring[i - 1]?.[0] || p[1] !== ring[i - 1]?.[1]);
  if (open.length > 1 && open[0]?.[0] === open[open.length - 1]?.[0] && open[0]?.[1] === open[open.length - 1]?.[1])
    open.pop();
  const closed = [...open, open[0] as [number, number]];
  if (signedArea(closed) < 0) closed.reverse();
  const gcj = gcjShiftHint([closed], previous);
  if (gcj) warnings.push(gcj);
  const zone = boundaryZone(closed, file, crs, previous, options);
  const validation = validateZone(zone);
  if (!validation.valid) return { zone: null, refused: validation.reasons, warnings };
  return { zone, refused, warnings };
}

function boundaryZone(
  ring: [number, number][],
  file: string,
  crs: CrsName,
  previous: ZoneFeature,
  options: { date: string; precisionM: number },
): ZoneFeature {
  const old = previousRing(previous);
  const plane = localPlane(ring[0]?.[0] ?? 113.3, ring[0]?.[1] ?? 40.1);
  const oldXY = old.vertices.map((v) => plane.toXY(v.lng, v.lat));
  // The side of an edge: that of the previous version's nearest edge to its midpoint.
  const sideAt = (x: number, y: number) => {
    let best = { d: Number.POSITIVE_INFINITY, side: old.vertices[0]?.edge.side ?? 'east' };
    for (let i = 0; i < oldXY.length; i++) {
      const a = oldXY[i] as [number, number];
      const b = oldXY[(i + 1) % oldXY.length] as [number, number];
      const d = nearestOnSegment(x, y, a[0], a[1], b[0], b[1]).distance;
      if (d < best.d) best = { d, side: (old.vertices[i] as { edge: { side: string } }).edge.side };
    }
    return best.side;
  };
  const vertices: VertexProvenance[] = ring.slice(0, -1).map((p, k) => {
    const q = ring[k + 1] as [number, number];
    const [x, y] = plane.toXY((p[0] + q[0]) / 2, (p[1] + q[1]) / 2);
    return {
      name: `${file} #${k + 1}`,
      basis: 'sourced',
      source: `authority boundary ${file}, position ${k + 1}${crs === 'WGS84' ? '' : ` (${crs} → WGS-84)`}`,
      edge: { side: sideAt(x, y), uncertaintyM: Math.max(1, options.precisionM), basis: 'sourced' },
    };
  });
  const prev = previous.properties;
  return {
    type: 'Feature',
    id: previous.id,
    properties: {
      ...prev,
      version: nextVersion(prev.version).replace(/\.roads-(\d+)$/, '.official-$1'),
      status: 'official',
      uncertaintyStatement: {
        zh: `此边界导入自主管部门提供的文件 ${file}，误差约 ±${options.precisionM} 米（以文件精度为准）。如有疑问请致电大同市生态环境局 0352-5022085、5020288。`,
        en: `This boundary was imported from the authority's file ${file}, ±${options.precisionM} m (the file's own precision). Questions: Datong Ecology and Environment Bureau 0352-5022085 / 5020288.`,
      },
      rings: [{ polygon: 0, ring: 0, vertices }],
      sources: [
        ...prev.sources,
        {
          id: 'authority-boundary',
          description: `${file} as imported`,
          crs: crs === 'WGS84' ? 'WGS-84' : `${crs} converted to WGS-84`,
          licence: 'as issued by the authority',
        },
      ],
      tracedAt: options.date,
    },
    geometry: { type: 'Polygon', coordinates: [ring] },
  };
}

function round(n: number): number {
  return Math.round(n * 1e7) / 1e7;
}
