/**
 * Which spec road or landmark an element's tags name. Names match after Unicode NFKC (full-width digits and
 * letters fold: Ｇ１０９ = G109), without blanks and case; the keys looked at are OSM's name tags and ref
 * tags (a ref like "G109;G208" is split). A layer's chosen name field is read as `name`.
 */
import type { OsmTags } from './osm-elements.ts';
import type { RouteSpec } from './route-spec.ts';

/** Tags that hold a name. */
const NAME_KEYS = [
  'name',
  'name:zh',
  'name:zh-Hans',
  'name:zh-CN',
  'alt_name',
  'old_name',
  'official_name',
  'short_name',
  'loc_name',
  'reg_name',
];
/** Tags that hold route numbers. */
const REF_KEYS = ['ref', 'int_ref', 'old_ref', 'nat_ref'];

/** Folds a name for comparison. */
export function foldName(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

/** The names of one spec, folded, and what each stands for. */
export interface NameMatcher {
  /** Road keys a road's tags name (empty when none). */
  roads(tags: OsmTags): string[];
  /** Landmark keys an element's tags name. */
  landmarks(tags: OsmTags): string[];
  /** Road keys whose name a road's name resembles without matching (太和南路 for 太和路): candidates to
   *  report when a road is not found. */
  similarRoads(tags: OsmTags): string[];
  /** True when a raw string (from a PBF string table) could be one of the spec's names or resemble one. */
  accepts(text: string): boolean;
}

/** Endings stripped to get a name's stem (太和路 → 太和). */
const SUFFIXES = /(高速公路|高速|快速路|大街|大道|路|街|线|小区|旧村|村)$/;

/** Builds the matcher of a spec. */
export function nameMatcher(spec: RouteSpec): NameMatcher {
  const roadNames = new Map<string, string[]>();
  const roadRefs = new Map<string, string[]>();
  const landmarkNames = new Map<string, string[]>();
  const put = (map: Map<string, string[]>, name: string, key: string) => {
    const folded = foldName(name);
    const keys = map.get(folded) ?? [];
    if (!keys.includes(key)) keys.push(key);
    map.set(folded, keys);
  };
  for (const [key, road] of Object.entries(spec.roads)) {
    for (const name of road.names) put(roadNames, name, key);
    for (const ref of road.refs ?? []) put(roadRefs, ref, key);
  }
  for (const [key, landmark] of Object.entries(spec.landmarks))
    for (const name of landmark.names) put(landmarkNames, name, key);
  const all = new Set([...roadNames.keys(), ...roadRefs.keys(), ...landmarkNames.keys()]);
  const stems: [string, string][] = [];
  for (const [name, keys] of roadNames) {
    const stem = name.replace(SUFFIXES, '');
    if (stem.length >= 2 && stem !== name) for (const key of keys) stems.push([stem, key]);
  }
  const similar = (text: string) => {
    const folded = foldName(text);
    return stems.filter(([stem]) => folded.includes(stem)).map(([, key]) => key);
  };
  const lookup = (tags: OsmTags, keys: string[], map: Map<string, string[]>, out: Set<string>) => {
    for (const k of keys) {
      const value = tags[k];
      if (value === undefined) continue;
      for (const part of value.split(';')) for (const hit of map.get(foldName(part)) ?? []) out.add(hit);
    }
  };
  return {
    roads(tags) {
      const out = new Set<string>();
      lookup(tags, NAME_KEYS, roadNames, out);
      lookup(tags, REF_KEYS, roadRefs, out);
      return [...out];
    },
    landmarks(tags) {
      const out = new Set<string>();
      lookup(tags, NAME_KEYS, landmarkNames, out);
      return [...out];
    },
    similarRoads(tags) {
      const name = tags.name ?? tags['name:zh'];
      if (name === undefined) return [];
      const exact = new Set(this.roads(tags));
      return [...new Set(similar(name))].filter((key) => !exact.has(key));
    },
    accepts(text) {
      if (text.length > 200) return false;
      if (all.has(foldName(text)) || similar(text).length > 0) return true;
      return text.includes(';') && text.split(';').some((part) => all.has(foldName(part)));
    },
  };
}
