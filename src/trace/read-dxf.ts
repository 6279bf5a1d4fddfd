/**
 * A boundary drawn in CAD (.dxf, ASCII): its closed polylines (LWPOLYLINE, and 2D POLYLINE with its VERTEX
 * entities) as GeoJSON polygons, read with dxf-parser (maintained, MIT, Node and browser). A DXF carries no CRS:
 * the caller says it (a bureau's CAD layer is usually CGCS2000 Gauss-Krüger, zone 38). Arcs in polylines
 * (bulges) are not curves here: a bulge makes the import refuse rather than cut the arc into a chord silently.
 * Open polylines, lines, circles and text are skipped; their count is reported when no closed one is found.
 * Code pages: UTF-8 (AutoCAD 2007 and later) or, when the header says ANSI_936, GBK.
 */
import DxfParser from 'dxf-parser';
import { FileFormatError } from '../errors.ts';

/** A DXF larger than this is no boundary drawing (a city's outline is kilobytes to a few MB). */
const MAX_DXF_BYTES = 64 * 1024 * 1024;

interface DxfEntity {
  type: string;
  layer?: string;
  handle?: string | number;
  shape?: boolean;
  vertices?: { x: number; y: number; bulge?: number }[];
}

/** The closed polylines of a DXF as GeoJSON Polygon features (properties: layer, handle). */
export function dxfFeatures(bytes: Uint8Array, name: string): unknown[] {
  if (bytes.length > MAX_DXF_BYTES)
    throw new FileFormatError(
      `${name} is ${bytes.length} bytes: larger than any boundary drawing (cap ${MAX_DXF_BYTES})`,
    );
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 65_536));
  if (/^\s*AutoCAD Binary DXF/.test(head))
    throw new FileFormatError(`${name} is a binary DXF: save it from CAD as an ASCII DXF`);
  const text = new TextDecoder(/ANSI_936/i.test(head) ? 'gbk' : 'utf-8').decode(bytes);
  let entities: DxfEntity[];
  try {
    entities = ((new DxfParser().parseSync(text)?.entities ?? []) as unknown as DxfEntity[]).filter(Boolean);
  } catch (error) {
    throw new FileFormatError(
      `${name} is not a readable DXF (${String((error as Error)?.message ?? error).slice(0, 200)})`,
    );
  }
  const features: unknown[] = [];
  let skipped = 0;
  for (const e of entities) {
    if ((e.type !== 'LWPOLYLINE' && e.type !== 'POLYLINE') || !Array.isArray(e.vertices)) {
      skipped++;
      continue;
    }
    const points = e.vertices.map((v) => [v.x, v.y]);
    const first = points[0];
    const last = points.at(-1);
    const closedByPoints = first !== undefined && last !== undefined && first[0] === last[0] && first[1] === last[1];
    if (!e.shape && !closedByPoints) {
      skipped++;
      continue;
    }
    if (e.vertices.some((v) => typeof v.bulge === 'number' && v.bulge !== 0))
      throw new FileFormatError(
        `${name}: the closed polyline ${e.handle ?? ''} on layer "${e.layer ?? ''}" has arcs (bulges); coalzone does not guess a curve's vertices — explode or flatten the arcs in CAD, or export to Shapefile`,
      );
    if (!closedByPoints && first) points.push([first[0] as number, first[1] as number]);
    features.push({
      type: 'Feature',
      properties: { layer: e.layer ?? null, handle: e.handle ?? null },
      geometry: { type: 'Polygon', coordinates: [points] },
    });
  }
  if (features.length === 0)
    throw new FileFormatError(
      `${name}: no closed polyline found (${entities.length} entities, ${skipped} open lines or other shapes); draw the boundary as one closed polyline`,
    );
  return features;
}
