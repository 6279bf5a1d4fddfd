/**
 * The zone model: a boundary from a notice, as versioned data with provenance (../shared/DESIGN.md).
 * A zone file is one GeoJSON Feature (RFC 7946, WGS-84) whose properties follow ZoneProperties; the
 * geometry's rings are described vertex by vertex in `properties.rings`.
 */
import type { MultiPolygon, Polygon } from 'geojson';

/** official: the authority's own map; provisional: our trace of its words; traced-from-roads: its words
 *  followed along a road extract (src/trace); county-published; draft. */
export type ZoneStatus = 'official' | 'provisional' | 'traced-from-roads' | 'county-published' | 'draft';

/** Where a side comes from in the notice. */
export interface SideProvenance {
  /** Stable id used by edges: 'east', 'south', 'west', 'north' for the city zone. */
  id: string;
  name: { zh: string; en: string };
  /** The clause of the notice this side is traced from, verbatim. */
  clause: string;
  /** Landmarks and roads named in the clause, in the clause's order. */
  landmarks: string[];
  /** Which side of this line the zone lies on, as the notice says it (以西 → 'west'). */
  zoneLies: 'north' | 'south' | 'east' | 'west';
}

/** sourced: the coordinate comes from a cited dataset; derived: computed from sourced data;
 *  reasoned: placed by reasoning from text, with no coordinate behind it. */
export type VertexBasis = 'sourced' | 'derived' | 'reasoned';

/** One vertex of a ring and the edge that leaves it (to the next vertex). */
export interface VertexProvenance {
  /** What the vertex stands for ("太和路 × 京拉线 (NE corner)"). */
  name: string;
  basis: VertexBasis;
  /** The dataset, file and commit, or the reasoning, behind the coordinate. */
  source: string;
  /** The edge from this vertex to the next one. */
  edge: EdgeProvenance;
}

/** One edge: which side of the notice it belongs to and how far the true line may be from it. */
export interface EdgeProvenance {
  side: string;
  /** How far (metres, perpendicular) the real boundary may lie from this traced edge. */
  uncertaintyM: number;
  basis: VertexBasis;
}

/** Provenance for one ring of the geometry. polygon/ring index into the coordinates. */
export interface RingProvenance {
  polygon: number;
  ring: number;
  /** One entry per vertex, closing vertex excluded: vertices[i].edge is the edge i → i+1. */
  vertices: VertexProvenance[];
}

/** The notice a zone comes from. */
export interface NoticeReference {
  number: string;
  title: string;
  issuer: string;
  date: string;
  effectiveFrom: string;
  publishedIn?: string;
}

/** properties of a zone Feature. */
export interface ZoneProperties {
  id: string;
  name: { zh: string; en: string };
  version: string;
  status: ZoneStatus;
  notice: NoticeReference;
  crs: 'WGS-84';
  /** One-paragraph statement of how uncertain the boundary is, shown to users. */
  uncertaintyStatement: { zh: string; en: string };
  sides: SideProvenance[];
  rings: RingProvenance[];
  /** Where the facts came from (dataset, path, commit, licence). */
  sources: { id: string; description: string; crs: string; licence: string }[];
  tracedAt: string;
}

/** A zone file as stored: a GeoJSON Feature with ZoneProperties. */
export interface ZoneFeature {
  type: 'Feature';
  id?: string;
  properties: ZoneProperties;
  geometry: Polygon | MultiPolygon;
}

/** The polygons of a zone geometry as a MultiPolygon coordinate array, without copying. */
export function polygonsOf(geometry: Polygon | MultiPolygon): number[][][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}
