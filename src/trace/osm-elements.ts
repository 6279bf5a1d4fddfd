/**
 * What the OSM readers hand over (read-osm-pbf.ts, read-osm-xml.ts, read-overpass-json.ts): elements one at
 * a time to a visitor that says up front what it needs, so a reader can skip the rest without decoding it.
 * Tracing reads an extract in two or three passes (collect-extract.ts) and keeps only the few ways and
 * nodes that the route spec names, so memory follows the matches, not the file.
 */

/** An element's tags. */
export type OsmTags = Record<string, string>;

/** A relation member. */
export interface OsmMember {
  type: 'node' | 'way' | 'relation';
  ref: number;
  role: string;
}

/** What one pass needs, and where it goes. */
export interface OsmVisitor {
  /** 'none': skip nodes; 'tagged': only nodes with tags (tags decoded); 'coordinates': every node, no tags. */
  nodes: 'none' | 'tagged' | 'coordinates';
  ways: boolean;
  relations: boolean;
  /** When set, a block none of whose strings this accepts holds no tagged element the pass needs: the PBF
   *  reader skips its tagged nodes, ways and relations without decoding them. */
  keepString?: (text: string) => boolean;
  node?(id: number, lng: number, lat: number, tags: OsmTags | null): void;
  way?(id: number, refs: number[], tags: OsmTags): void;
  relation?(id: number, members: OsmMember[], tags: OsmTags): void;
}

/** How far a pass has got. */
export interface ScanProgress {
  pass: number;
  /** Bytes read in this pass (for JSON read whole: elements visited). */
  done: number;
  /** Bytes in the file, when known. */
  total?: number;
}

/** Options every reader takes. */
export interface ScanOptions {
  signal?: AbortSignal;
  onProgress?: (progress: ScanProgress) => void;
  /** The pass number reported to onProgress. */
  pass?: number;
}

/** Reads the whole extract once, calling the visitor; resolves when done. Can be called again (a new pass). */
export type OsmScanner = (visitor: OsmVisitor, options?: ScanOptions) => Promise<void>;
