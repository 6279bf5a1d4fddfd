/**
 * Collects from an OSM file only what a route spec names, in passes over the file (OSM files list nodes,
 * then ways, then relations, so a way's node positions are only known on a later pass):
 *   1. tagged nodes, ways and relations whose names match (PBF blocks without a matching string skipped);
 *   2. only when a matching relation (a route=road for G109, a multipolygon 小区) needs member ways: those;
 *   last. the positions of the nodes the kept ways use, and nothing else.
 * Memory follows the matches (a few thousand ways for a city), not the extract (millions of nodes).
 */
import { throwIfAborted } from '../errors.ts';
import { nameMatcher } from './match-names.ts';
import type { OsmScanner, OsmTags, ScanProgress } from './osm-elements.ts';
import type { ExtractLandmark, ExtractLine, ExtractSource, RoadExtract } from './road-extract.ts';
import type { RouteSpec } from './route-spec.ts';

/** Highways that are not roads on the ground. */
const NOT_A_ROAD = new Set(['proposed', 'abandoned', 'razed', 'disused', 'platform', 'bus_stop', 'elevator']);
/** Tags that make a named closed way or relation a landmark outline. */
const AREA_KEYS = ['landuse', 'building', 'place', 'residential', 'amenity', 'leisure', 'boundary', 'area'];

interface KeptWay {
  id: number;
  refs: number[];
  roadKeys: string[];
  landmarkKeys: string[];
  similarKeys?: string[];
  tags: OsmTags;
}

/** Candidate ways kept per spec road (only to name the nearest ones when the road is not found). */
const CANDIDATES_PER_ROAD = 20;

/** Options of a collection. */
export interface CollectOptions {
  signal?: AbortSignal;
  onProgress?: (progress: ScanProgress) => void;
}

/** Reads the spec's roads and landmarks from one OSM file. */
export async function collectExtract(
  scan: OsmScanner,
  spec: RouteSpec,
  source: ExtractSource,
  options: CollectOptions = {},
): Promise<RoadExtract> {
  const match = nameMatcher(spec);
  const ways = new Map<number, KeptWay>();
  const points: { id: number; at: [number, number]; keys: string[]; tags: OsmTags }[] = [];
  /** Member way id → the road or landmark keys its relation names, and whether it is an outer ring. */
  const memberOf = new Map<number, { road: string[]; landmark: string[]; name?: string }>();
  const candidateCount = new Map<string, number>();
  let pass = 1;
  const scanOptions = () => ({ signal: options.signal, onProgress: options.onProgress, pass: pass++ });

  await scan(
    {
      nodes: 'tagged',
      ways: true,
      relations: true,
      keepString: match.accepts,
      node(id, lng, lat, tags) {
        const keys = tags ? match.landmarks(tags) : [];
        if (keys.length > 0 && tags) points.push({ id, at: [lng, lat], keys, tags });
      },
      way(id, refs, tags) {
        const roadKeys = isRoad(tags) ? match.roads(tags) : [];
        const landmarkKeys = isArea(tags, refs) ? match.landmarks(tags) : [];
        if (roadKeys.length > 0 || landmarkKeys.length > 0) ways.set(id, { id, refs, roadKeys, landmarkKeys, tags });
        else if (isRoad(tags)) {
          const similarKeys = match
            .similarRoads(tags)
            .filter((k) => (candidateCount.get(k) ?? 0) < CANDIDATES_PER_ROAD);
          if (similarKeys.length === 0) return;
          for (const k of similarKeys) candidateCount.set(k, (candidateCount.get(k) ?? 0) + 1);
          ways.set(id, { id, refs, roadKeys: [], landmarkKeys: [], similarKeys, tags });
        }
      },
      relation(_id, members, tags) {
        const road = tags.type === 'route' && tags.route === 'road' ? match.roads(tags) : [];
        const landmark = tags.type === 'multipolygon' || tags.type === 'boundary' ? match.landmarks(tags) : [];
        if (road.length === 0 && landmark.length === 0) return;
        for (const m of members) {
          if (m.type !== 'way' || (landmark.length > 0 && m.role === 'inner')) continue;
          const entry = memberOf.get(m.ref) ?? { road: [], landmark: [], name: tags.name };
          entry.road.push(...road);
          if (m.role !== 'inner') entry.landmark.push(...landmark);
          memberOf.set(m.ref, entry);
        }
      },
    },
    scanOptions(),
  );
  throwIfAborted(options.signal);

  if (memberOf.size > 0) {
    await scan(
      {
        nodes: 'none',
        ways: true,
        relations: false,
        way(id, refs, tags) {
          const member = memberOf.get(id);
          if (!member) return;
          // A member without a name of its own is cited by its relation's name.
          const named = tags.name === undefined && member.name ? { ...tags, name: member.name } : tags;
          const kept = ways.get(id) ?? { id, refs, roadKeys: [], landmarkKeys: [], tags: named };
          // A member of a G109 route relation is G109 even when the way itself carries only a local name.
          if (isRoad(tags)) kept.roadKeys = unique([...kept.roadKeys, ...member.road]);
          kept.landmarkKeys = unique([...kept.landmarkKeys, ...member.landmark]);
          if (kept.roadKeys.length > 0 || kept.landmarkKeys.length > 0) ways.set(id, kept);
        },
      },
      scanOptions(),
    );
  }

  const needed = new Map<number, [number, number] | null>();
  for (const w of ways.values()) for (const r of w.refs) needed.set(r, null);
  if (needed.size > 0)
    await scan(
      {
        nodes: 'coordinates',
        ways: false,
        relations: false,
        node(id, lng, lat) {
          if (needed.has(id)) needed.set(id, [lng, lat]);
        },
      },
      scanOptions(),
    );

  return assemble(ways, points, needed, source);
}

function assemble(
  ways: Map<number, KeptWay>,
  points: { id: number; at: [number, number]; keys: string[]; tags: OsmTags }[],
  positions: Map<number, [number, number] | null>,
  source: ExtractSource,
): RoadExtract {
  const lines: ExtractLine[] = [];
  const candidates: ExtractLine[] = [];
  const landmarks: ExtractLandmark[] = [];
  let missingNodes = 0;
  for (const w of ways.values()) {
    const coords: [number, number][] = [];
    for (const r of w.refs) {
      const at = positions.get(r);
      if (at) coords.push(at);
    }
    if (coords.length !== w.refs.length) {
      // A way clipped at the extract's edge: keep the run of nodes that are there only if it is all of it.
      missingNodes++;
      continue;
    }
    if (coords.length < 2) continue;
    const keys = w.roadKeys.length > 0 ? w.roadKeys : (w.similarKeys ?? []);
    if (keys.length > 0)
      (w.roadKeys.length > 0 ? lines : candidates).push({
        ref: `${source.file} osm way ${w.id}`,
        keys,
        name: nameOf(w.tags),
        precisionM: source.precisionM,
        highway: w.tags.highway,
        oneway: w.tags.oneway === 'yes' || w.tags.oneway === '1' || w.tags.junction === 'roundabout',
        nodes: w.refs.map((r) => `n${r}`),
        coords,
      });
    if (w.landmarkKeys.length > 0)
      landmarks.push({
        ref: `${source.file} osm way ${w.id}`,
        name: nameOf(w.tags),
        precisionM: source.precisionM,
        keys: w.landmarkKeys,
        kind: kindOf(w.tags),
        rings: [coords],
        point: false,
      });
  }
  for (const p of points)
    landmarks.push({
      ref: `${source.file} osm node ${p.id}`,
      name: nameOf(p.tags),
      precisionM: source.precisionM,
      keys: p.keys,
      kind: kindOf(p.tags),
      rings: [[p.at]],
      point: true,
    });
  return { sources: [source], lines, landmarks, candidates, missingNodes };
}

function isRoad(tags: OsmTags): boolean {
  return tags.highway !== undefined && !NOT_A_ROAD.has(tags.highway) && tags.area !== 'yes';
}

function isArea(tags: OsmTags, refs: number[]): boolean {
  return refs.length >= 4 && refs[0] === refs[refs.length - 1] && AREA_KEYS.some((k) => tags[k] !== undefined);
}

function kindOf(tags: OsmTags): string {
  for (const k of AREA_KEYS) if (tags[k] !== undefined) return `${k}=${tags[k]}`;
  return tags.highway ? `highway=${tags.highway}` : 'named';
}

function nameOf(tags: OsmTags): string {
  return tags.name ?? tags['name:zh'] ?? tags.ref ?? '(no name)';
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}
