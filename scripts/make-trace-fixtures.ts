/**
 * A small synthetic city for the tracer's tests, carrying the notice's road names and tags as OSM has them:
 * highway=*, name, ref; G109 as a dual carriageway (two one-way ways, one named only through a route
 * relation); 二广高速 with ref G55; 开源街 with a 17 m mapping gap; 同泉路 used twice (a second one 20 km
 * south); 太和南路 (a similar name); 华阳星月城 as a multipolygon; villages as place=village nodes.
 * Laid where the real roads are thought to be (close to data/zones' reasoned trace), so the previous trace's
 * corners mean something. Not real geometry.
 *
 * Writes tests/fixtures/trace/synthetic-city.{osm,osm.pbf,overpass.json}:  npx tsx scripts/make-trace-fixtures.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { OsmMember, OsmTags } from '../src/trace/osm-elements.ts';
import { OsmPbfWriter } from './osm-pbf-writer.ts';

/** A synthetic OSM dataset. */
export interface OsmData {
  nodes: { id: number; lng: number; lat: number; tags: OsmTags | null }[];
  ways: { id: number; refs: number[]; tags: OsmTags }[];
  relations: { id: number; members: OsmMember[]; tags: OsmTags }[];
}

/** Builds the synthetic city. */
export function syntheticCity(): OsmData {
  const data: OsmData = { nodes: [], ways: [], relations: [] };
  const at = new Map<string, number>();
  let nextNode = 1000;
  let nextWay = 100;
  const node = (lng: number, lat: number, tags: OsmTags | null = null) => {
    const key = `${lng.toFixed(7)},${lat.toFixed(7)}`;
    const known = at.get(key);
    if (known !== undefined && tags === null) return known;
    const id = nextNode++;
    data.nodes.push({ id, lng, lat, tags });
    if (tags === null) at.set(key, id);
    return id;
  };
  const way = (points: [number, number][], tags: OsmTags) => {
    const id = nextWay++;
    data.ways.push({ id, refs: points.map(([lng, lat]) => node(lng, lat)), tags });
    return id;
  };
  const along = (from: [number, number], to: [number, number], steps: number): [number, number][] =>
    Array.from({ length: steps + 1 }, (_, i) => [
      round(from[0] + ((to[0] - from[0]) * i) / steps),
      round(from[1] + ((to[1] - from[1]) * i) / steps),
    ]);

  // North: 御河西路 north–south at 113.296 down to G109's west end.
  way(along([113.296, 40.165], [113.296, 40.14215], 6), { highway: 'secondary', name: '御河西路' });
  // G109 dual carriageway: ~33 m apart, joined at both ends; 太和路 crosses it at 113.375.
  const g109a: [number, number][] = [
    [113.296, 40.14215],
    ...along([113.3, 40.1423], [113.3403, 40.1423], 8),
    ...along([113.3403, 40.138], [113.3403, 40.1093], 6),
    ...along([113.345, 40.1093], [113.39, 40.1093], 9),
    [113.395, 40.10915],
  ];
  const g109b: [number, number][] = [
    [113.395, 40.10915],
    ...along([113.39, 40.109], [113.345, 40.109], 9),
    ...along([113.34, 40.1093 - 0.0003], [113.34, 40.138], 6),
    ...along([113.34, 40.142], [113.3, 40.142], 8),
    [113.296, 40.14215],
  ];
  const carriageway1 = way(g109a, { highway: 'trunk', oneway: 'yes', name: '京拉线', ref: 'G109' });
  const carriageway2 = way(g109b, { highway: 'trunk', oneway: 'yes' });
  data.relations.push({
    id: 9001,
    members: [
      { type: 'way', ref: carriageway1, role: 'forward' },
      { type: 'way', ref: carriageway2, role: 'backward' },
    ],
    tags: { type: 'route', route: 'road', ref: 'G109', name: '京拉线' },
  });
  // East: 太和路 crosses both carriageways (shared nodes) and ends on 二广高速.
  way([[113.375, 40.125], [113.375, 40.1093], [113.375, 40.109], ...along([113.375, 40.1], [113.375, 40.06], 4)], {
    highway: 'primary',
    name: '太和路',
  });
  way(
    [
      [113.375, 40.06],
      [113.38917, 40.05],
      [113.392, 40.048],
      [113.392, 40.03],
    ],
    {
      highway: 'motorway',
      name: '二广高速',
      ref: 'G55',
    },
  );
  way(along([113.36, 40.04], [113.36, 40.03], 2), { highway: 'tertiary', name: '太和南路' });
  // 文瀛御龙庭小区: a landuse outline east of 太和路, just south of G109.
  closed([113.3765, 40.1075, 113.3795, 40.1085], { landuse: 'residential', name: '文瀛御龙庭' });
  // South: 开源街 west from 文瀛东三路 to 113.245, in two ways with a 17 m gap at 113.30.
  way(
    [
      [113.41, 40.05],
      [113.405, 40.05],
      [113.4, 40.05],
      [113.38917, 40.05],
      ...along([113.38, 40.05], [113.3002, 40.05], 8),
    ],
    {
      highway: 'primary',
      name: '开源街',
    },
  );
  way(along([113.3, 40.05], [113.245, 40.05], 6), { highway: 'primary', name: '开源街' });
  way(along([113.405, 40.06], [113.405, 40.04], 2), { highway: 'secondary', name: '文瀛东三路' });
  // 华阳星月城小区 south of 开源街, as a multipolygon relation with an untagged outer way.
  const outer = closed([113.27, 40.0465, 113.276, 40.049], {});
  data.relations.push({
    id: 9002,
    members: [{ type: 'way', ref: outer, role: 'outer' }],
    tags: { type: 'multipolygon', landuse: 'residential', name: '华阳星月城小区' },
  });
  // West: 庆新路 from 开源街's west end; 同泉路; 云冈路 across the west of the city.
  way(along([113.245, 40.05], [113.24, 40.085], 5), { highway: 'primary', name: '庆新路' });
  way(along([113.24, 40.085], [113.245, 40.105], 3), { highway: 'secondary', name: '同泉路' });
  way([[113.2, 40.105], [113.22, 40.105], [113.245, 40.105], ...along([113.25, 40.105], [113.3, 40.105], 5)], {
    highway: 'primary',
    name: '云冈路',
  });
  // The same name 20 km south, a road of its own.
  way(along([113.3, 39.9], [113.31, 39.91], 2), { highway: 'residential', name: '同泉路' });
  // Villages as points, as OSM often has them.
  node(113.252, 40.12, { place: 'village', name: '阳和坡村' });
  node(113.256, 40.14, { place: 'village', name: '上皇庄村' });
  node(113.278, 40.1625, { place: 'village', name: '马站村' });
  return data;

  function closed([w, s, e, n]: [number, number, number, number], tags: OsmTags): number {
    return way(
      [
        [w, s],
        [e, s],
        [e, n],
        [w, n],
        [w, s],
      ],
      tags,
    );
  }
}

function round(n: number): number {
  return Math.round(n * 1e7) / 1e7;
}

/** The dataset as OSM XML (API 0.6). */
export function toOsmXml(data: OsmData): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  const tags = (t: OsmTags | null) =>
    Object.entries(t ?? {})
      .map(([k, v]) => `\n    <tag k="${esc(k)}" v="${esc(v)}"/>`)
      .join('');
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6" generator="coalzone tests">'];
  for (const n of data.nodes) {
    const body = tags(n.tags);
    lines.push(`  <node id="${n.id}" lat="${n.lat}" lon="${n.lng}"${body ? `>${body}\n  </node>` : '/>'}`);
  }
  for (const w of data.ways)
    lines.push(`  <way id="${w.id}">${w.refs.map((r) => `\n    <nd ref="${r}"/>`).join('')}${tags(w.tags)}\n  </way>`);
  for (const r of data.relations)
    lines.push(
      `  <relation id="${r.id}">${r.members.map((m) => `\n    <member type="${m.type}" ref="${m.ref}" role="${esc(m.role)}"/>`).join('')}${tags(r.tags)}\n  </relation>`,
    );
  lines.push('</osm>', '');
  return lines.join('\n');
}

/** The dataset as an .osm.pbf. */
export function toOsmPbf(data: OsmData): Uint8Array {
  const parts: Uint8Array[] = [];
  const writer = new OsmPbfWriter((bytes) => parts.push(bytes));
  for (const n of data.nodes) writer.node(n.id, n.lng, n.lat, n.tags);
  for (const w of data.ways) writer.way(w.id, w.refs, w.tags);
  for (const r of data.relations) writer.relation(r.id, r.members, r.tags);
  writer.end();
  return Buffer.concat(parts);
}

/** The dataset as an Overpass [out:json] answer. */
export function toOverpassJson(data: OsmData): unknown {
  return {
    version: 0.6,
    generator: 'coalzone tests',
    elements: [
      ...data.nodes.map((n) => ({
        type: 'node',
        id: n.id,
        lat: n.lat,
        lon: n.lng,
        ...(n.tags ? { tags: n.tags } : {}),
      })),
      ...data.ways.map((w) => ({ type: 'way', id: w.id, nodes: w.refs, tags: w.tags })),
      ...data.relations.map((r) => ({ type: 'relation', id: r.id, members: r.members, tags: r.tags })),
    ],
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = new URL('../tests/fixtures/trace/', import.meta.url);
  const city = syntheticCity();
  writeFileSync(new URL('synthetic-city.osm', dir), toOsmXml(city));
  writeFileSync(new URL('synthetic-city.osm.pbf', dir), toOsmPbf(city));
  writeFileSync(new URL('synthetic-city.overpass.json', dir), `${JSON.stringify(toOverpassJson(city))}\n`);
  console.log('wrote tests/fixtures/trace/synthetic-city.{osm,osm.pbf,overpass.json}');
}
