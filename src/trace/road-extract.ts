/**
 * What the tracer works on, whatever the source: the lines of the named roads and the outlines or points of
 * the named landmarks, each with the id a vertex's provenance will cite (OSM way and node ids, or a layer's
 * feature id and field). Node ids join lines: OSM's own node ids, or for a layer the rounded coordinate, so
 * lines that touch at an end share a node.
 */

/** Where an extract came from. */
export interface ExtractSource {
  /** The file as the user named it. */
  file: string;
  format: 'osm-pbf' | 'osm-xml' | 'overpass-json' | 'geojson' | 'shapefile';
  /** How far the source's own positions may be off (metres): OSM ~5 m, a bureau's survey layer ~1 m. */
  precisionM: number;
  /** The name field chosen for a layer. */
  nameField?: string;
  licence: string;
  /** The CRS the file was read in (converted to WGS-84 on reading). */
  crs: string;
}

/** One road line: an OSM way or a layer feature (a MultiLineString gives one line per part). */
export interface ExtractLine {
  /** Cited in provenance: "shanxi.osm.pbf osm way 123", "roads.zip feature 17 (名称)". */
  ref: string;
  /** The spec road keys its tags name. */
  keys: string[];
  /** The line's name as the source has it (for reports). */
  name: string;
  /** How far the source's positions may be off (metres). */
  precisionM: number;
  highway?: string;
  oneway: boolean;
  /** Node ids, parallel to coords: "n123" (OSM) or "c1133012345,401234567" (layer, 1e-7°). */
  nodes: string[];
  coords: [number, number][];
}

/** A landmark outline (closed ring) or point. */
export interface ExtractLandmark {
  ref: string;
  name: string;
  precisionM: number;
  keys: string[];
  /** The element's own kind tag ("landuse=residential", "place=village"). */
  kind: string;
  /** Outer rings, or one ring of one position for a point. */
  rings: [number, number][][];
  point: boolean;
}

/** The lines and landmarks a spec names, from one or more files. */
export interface RoadExtract {
  sources: ExtractSource[];
  lines: ExtractLine[];
  landmarks: ExtractLandmark[];
  /** Roads whose names resemble a spec road's (太和南路 for 太和路), a few per road: reported as the nearest
   *  candidates when the road itself is not found. `keys` here are the roads they resemble. */
  candidates: ExtractLine[];
  /** Elements dropped because a node they need is not in the file (a clipped extract). */
  missingNodes: number;
  /** A layer's other named lines (not the spec's roads): never traced, kept for the zone editor to snap to. */
  others?: ExtractLine[];
}

/** Merges extracts read from several files. */
export function mergeExtracts(extracts: RoadExtract[]): RoadExtract {
  return {
    sources: extracts.flatMap((e) => e.sources),
    lines: extracts.flatMap((e) => e.lines),
    landmarks: extracts.flatMap((e) => e.landmarks),
    candidates: extracts.flatMap((e) => e.candidates),
    missingNodes: extracts.reduce((n, e) => n + e.missingNodes, 0),
    others: extracts.flatMap((e) => e.others ?? []),
  };
}

/** A layer's node id for a position: shared by lines whose ends touch to 1e-7°. */
export function coordinateNode(lng: number, lat: number): string {
  return `c${Math.round(lng * 1e7)},${Math.round(lat * 1e7)}`;
}
