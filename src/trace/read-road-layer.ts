/**
 * A road layer as GeoJSON (a bureau's GIS export, or a Shapefile read by read-shapefile-zip.ts): LineStrings
 * are roads, Polygons are landmark outlines, Points landmark points, each named by a chosen field (名称,
 * NAME, …). Positions are converted to WGS-84 from the layer's CRS. Every line cites its feature id and the
 * field; touching ends join through coordinate node ids (road-extract.ts).
 */
import { FileFormatError } from '../errors.ts';
import { nameMatcher } from './match-names.ts';
import { type CrsName, toWgs84Position } from './project-crs.ts';
import { coordinateNode, type ExtractLine, type ExtractSource, type RoadExtract } from './road-extract.ts';
import type { RouteSpec } from './route-spec.ts';

/** Name fields tried, in order, when none is chosen. */
export const NAME_FIELDS = [
  'name',
  'NAME',
  'Name',
  '名称',
  '路名',
  '道路名称',
  'ROADNAME',
  'RoadName',
  'MC',
  'NAME_CHN',
];

/** Reads a layer's features. `nameField` null: the first of NAME_FIELDS that the features have. */
export function readRoadLayer(
  document: unknown,
  spec: RouteSpec,
  source: Omit<ExtractSource, 'nameField'> & { crs: CrsName },
  nameField: string | null,
): RoadExtract {
  const features = (document as { features?: unknown })?.features;
  if ((document as { type?: string })?.type !== 'FeatureCollection' || !Array.isArray(features))
    throw new FileFormatError(`${source.file}: not a GeoJSON FeatureCollection`);
  const field = nameField ?? NAME_FIELDS.find((f) => features.some((x) => typeof x?.properties?.[f] === 'string'));
  if (!field)
    throw new FileFormatError(
      `${source.file}: no name field found (tried ${NAME_FIELDS.join(', ')}); choose one with --name-field`,
    );
  if (nameField !== null && !features.some((x) => typeof x?.properties?.[nameField] === 'string')) {
    const seen = new Set<string>();
    for (const x of features.slice(0, 1_000))
      for (const key of Object.keys(x?.properties ?? {})) if (seen.size < 30) seen.add(key);
    throw new FileFormatError(
      `${source.file}: no feature has a text field "${nameField}" (fields: ${[...seen].join(', ') || 'none'}); choose another --name-field`,
    );
  }
  const match = nameMatcher(spec);
  const extract: RoadExtract = {
    sources: [{ ...source, nameField: field }],
    lines: [],
    landmarks: [],
    candidates: [],
    missingNodes: 0,
    others: [],
  };
  features.forEach((feature: unknown, i: number) => {
    const f = feature as {
      id?: unknown;
      properties?: Record<string, unknown>;
      geometry?: { type?: string; coordinates?: unknown };
    };
    const name = f?.properties?.[field];
    if (typeof name !== 'string' || !f.geometry) return;
    const id = f.id ?? f.properties?.FID ?? f.properties?.OBJECTID ?? i;
    const ref = `${source.file} feature ${String(id)} (${field})`;
    const tags = { name };
    const convert = (p: unknown, k: number): [number, number] => {
      if (
        !Array.isArray(p) ||
        typeof p[0] !== 'number' ||
        typeof p[1] !== 'number' ||
        !Number.isFinite(p[0]) ||
        !Number.isFinite(p[1])
      )
        throw new FileFormatError(`${source.file}: feature ${String(id)} position ${k} is not [x, y] numbers`);
      return toWgs84Position([p[0], p[1]], source.crs);
    };
    const type = f.geometry.type;
    const c = f.geometry.coordinates as unknown[];
    const parts: unknown[][] = type === 'LineString' ? [c] : type === 'MultiLineString' ? (c as unknown[][]) : [];
    const roadKeys = match.roads(tags);
    const similar = roadKeys.length === 0 ? match.similarRoads(tags) : [];
    for (const part of parts) {
      const coords = (part ?? []).map(convert);
      if (coords.length < 2) continue;
      const line: ExtractLine = {
        ref,
        keys: roadKeys.length > 0 ? roadKeys : similar,
        name,
        precisionM: source.precisionM,
        highway: typeof f.properties?.highway === 'string' ? (f.properties.highway as string) : undefined,
        oneway: f.properties?.oneway === 'yes',
        nodes: coords.map(([lng, lat]) => coordinateNode(lng, lat)),
        coords,
      };
      if (roadKeys.length > 0) extract.lines.push(line);
      else if (similar.length > 0) extract.candidates.push(line);
      else extract.others?.push(line);
    }
    const landmarkKeys = match.landmarks(tags);
    if (landmarkKeys.length === 0) return;
    const rings: [number, number][][] =
      type === 'Polygon'
        ? [((c[0] as unknown[]) ?? []).map(convert)]
        : type === 'MultiPolygon'
          ? (c as unknown[][][]).map((poly) => ((poly[0] as unknown[]) ?? []).map(convert))
          : type === 'Point'
            ? [[convert(c, 0)]]
            : [];
    if (rings.length > 0)
      extract.landmarks.push({
        ref,
        name,
        precisionM: source.precisionM,
        keys: landmarkKeys,
        kind: String(type),
        rings,
        point: type === 'Point',
      });
  });
  return extract;
}
