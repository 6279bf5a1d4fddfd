import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type OsmData, syntheticCity } from '../../scripts/make-trace-fixtures.ts';
import { validateZone } from '../../src/geo/validate-zone.ts';
import { previousRing } from '../../src/trace/previous-ring.ts';
import { validateRouteSpec } from '../../src/trace/route-spec.ts';
import { traceReport } from '../../src/trace/trace-report.ts';
import { TRACED_STATUS, traceZoneFromRoads } from '../../src/trace/trace-zone-from-roads.ts';
import { extractOf, FIXTURES, PREVIOUS, SPEC } from './helpers.ts';

const DATE = { date: '2026-12-02' };
const GOLDEN = new URL('synthetic-city.trace.golden.geojson', FIXTURES);

async function trace(data: OsmData = syntheticCity(), format: 'pbf' | 'xml' | 'overpass' = 'overpass') {
  const extract = await extractOf(data, format);
  const result = traceZoneFromRoads(SPEC, extract, PREVIOUS, DATE);
  return { extract, result, side: (id: string) => result.sides.find((s) => s.id === id)! };
}

/** A copy of the city with one change. */
function variant(change: (city: OsmData) => void): OsmData {
  const city = syntheticCity();
  change(city);
  return city;
}

function wayNamed(city: OsmData, name: string) {
  return city.ways.find((w) => w.tags.name === name)!;
}

describe('the route spec', () => {
  it('is valid, and a broken one is refused with the path', () => {
    expect(validateRouteSpec(SPEC)).toEqual({ valid: true });
    const broken = structuredClone(SPEC);
    broken.sides[0]!.steps.push({ road: 'nonexistent' });
    const v = validateRouteSpec(broken);
    expect(v.valid).toBe(false);
    expect(!v.valid && v.reasons[0]?.path).toBe('sides[0].steps[3]');
  });
});

describe('tracing the synthetic city', () => {
  it('traces all four sides into a valid zone that matches the golden trace', async () => {
    const { result } = await trace();
    expect(result.sides.map((s) => [s.id, s.traced, s.refusals.length])).toEqual([
      ['east', true, 0],
      ['south', true, 0],
      ['west', true, 0],
      ['north', true, 0],
    ]);
    const zone = result.zone!;
    expect(zone.properties.status).toBe(TRACED_STATUS);
    expect(zone.properties.version).toBe('2024-106.roads-1');
    const validation = validateZone(zone);
    expect(validation.valid ? [] : validation.reasons).toEqual([]);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, `${JSON.stringify(zone, null, 1)}\n`);
    expect(zone).toEqual(JSON.parse(readFileSync(GOLDEN, 'utf8')));
  });

  it('gives the same trace from .osm XML, .osm.pbf and Overpass JSON', async () => {
    const [xml, pbf, overpass] = await Promise.all([
      trace(undefined, 'xml'),
      trace(undefined, 'pbf'),
      trace(undefined, 'overpass'),
    ]);
    expect(pbf.result.zone).toEqual(overpass.result.zone);
    expect(xml.result.zone).toEqual(overpass.result.zone);
  });

  it('cites a source for every vertex and follows roads at road precision', async () => {
    const { result } = await trace();
    const vertices = result.zone!.properties.rings[0]!.vertices;
    for (const v of vertices) expect(v.source).toMatch(/osm (way|node) \d+|junction|以|起点/);
    const roadEdges = vertices.filter((v) => v.edge.basis === 'sourced');
    expect(roadEdges.length).toBeGreaterThan(30);
    for (const v of roadEdges) expect(v.edge.uncertaintyM).toBeLessThanOrEqual(25);
    // Landmark rules are wider than roads.
    const landmark = vertices.filter((v) => /以东|以南|以北/.test(v.name));
    expect(landmark.length).toBeGreaterThan(0);
  });

  it('follows the dual carriageway of G109 along its centre and says so', async () => {
    const { side, result } = await trace();
    expect(side('north').roads.find((r) => r.key === 'g109')?.dual).toBe(true);
    expect(side('north').notes.join()).toMatch(/dual carriageway/);
    // The carriageways are at 40.1420 and 40.1423 there: the centre is 40.14215.
    const centre = result.zone!.geometry.coordinates[0]!.filter(
      (p) => (p[0] as number) > 113.305 && (p[0] as number) < 113.335 && (p[1] as number) > 40.13,
    );
    expect(centre.length).toBeGreaterThan(0);
    for (const p of centre) expect(p[1]).toBeCloseTo(40.14215, 5);
  });

  it('bridges a 17 m mapping gap, uses the right 同泉路 of two, and passes the 开源街 corridor check', async () => {
    const { side, result, extract } = await trace();
    expect(side('south').notes.join()).toMatch(/1 mapping gap/);
    expect(side('west').roads.find((r) => r.key === 'tongquan')!.lengthM).toBeCloseTo(2261, -1);
    const report = traceReport(result, SPEC, extract, PREVIOUS, [
      { id: 'inside-both', lng: 113.3, lat: 40.09 },
      { id: 'east-of-new-line', lng: 113.36, lat: 40.055 },
    ]);
    const check = report.checks[0]!;
    expect(check.ok).toBe(true);
    expect(check.lengthKm!).toBeGreaterThan(16);
    expect(check.lengthKm!).toBeLessThan(18);
    expect(report.areaKm2).toBeGreaterThan(90);
    expect(report.largestMove!.metres).toBeGreaterThan(100);
    expect(report.changed.map((c) => c.id)).not.toContain('inside-both');
  });
});

describe('honest refusals: the side keeps the previous trace', () => {
  it('a road that is not there is named with the nearest similar names and their distances', async () => {
    const { result, side } = await trace(variant((c) => c.ways.splice(c.ways.indexOf(wayNamed(c, '太和路')), 1)));
    const east = side('east');
    expect(east.traced).toBe(false);
    expect(east.refusals[0]!.code).toBe('ROAD_NOT_FOUND');
    expect(east.refusals[0]!.message.zh).toMatch(/未找到道路“太和路”.*太和南路/);
    expect(east.refusals[0]!.message.en).toMatch(/太和南路 \(city osm way \d+, \d+ m from the previous trace\)/);
    expect(side('west').traced).toBe(true);
    // The east side's previous vertices (but its corner, replaced by G109's point nearest it) are all in
    // the new ring, with their previous provenance.
    const old = previousRing(PREVIOUS).chain('east').slice(1);
    expect(old.length).toBe(1);
    const vertices = result.zone!.properties.rings[0]!.vertices;
    for (const v of old) expect(vertices.some((n) => n.source === v.source && n.name === v.name)).toBe(true);
  });

  it('two roads that do not meet within maxGapM are reported with how close they come', async () => {
    const { side } = await trace(
      variant((c) => {
        const g55 = wayNamed(c, '二广高速');
        const first = c.nodes.find((n) => n.id === g55.refs[0])!;
        // Move 二广高速's north end 200 m east, off 太和路.
        const moved = { ...first, id: 99_999, lng: first.lng + 0.00235 };
        c.nodes.push(moved);
        g55.refs[0] = moved.id;
      }),
    );
    const refusal = side('east').refusals[0]!;
    expect(refusal.code).toBe('ROADS_DO_NOT_MEET');
    expect(refusal.message.en).toMatch(/太和路 × 二广高速 do not meet: they come no closer than (19\d|20\d) m/);
  });

  it('a junction found at two places is ambiguous and refused', async () => {
    const { side } = await trace(
      variant((c) => {
        const a = c.nodes.length + 50_000;
        c.nodes.push(
          { id: a, lng: 113.235, lat: 40.095, tags: null },
          { id: a + 1, lng: 113.25, lat: 40.095, tags: null },
        );
        c.ways.push({ id: 7777, refs: [a, a + 1], tags: { highway: 'residential', name: '云冈路' } });
      }),
    );
    expect(side('west').refusals.map((r) => r.code)).toContain('ROADS_MEET_SEVERAL_TIMES');
    expect(side('west').traced).toBe(false);
  });

  it('a gap wider than maxGapM stops the road and is placed', async () => {
    const { side } = await trace(
      variant((c) => {
        const west = c.ways.filter((w) => w.tags.name === '开源街')[1]!;
        const first = c.nodes.find((n) => n.id === west.refs[0])!;
        first.lng -= 0.002; // 17 m → ~190 m
      }),
    );
    const refusals = [...side('south').refusals, ...side('west').refusals];
    expect(refusals.map((r) => r.code)).toContain('ROAD_GAP');
    expect(refusals.find((r) => r.code === 'ROAD_GAP')!.message.zh).toMatch(/开源街.*断开 \d+ m/);
  });

  it('a landmark on the wrong side of the road breaks the rule of the notice', async () => {
    const { side } = await trace(
      variant((c) => {
        const outer = c.relations.find((r) => r.tags.name === '华阳星月城小区')!.members[0]!.ref;
        for (const id of c.ways.find((w) => w.id === outer)!.refs) c.nodes.find((n) => n.id === id)!.lat += 0.005;
      }),
    );
    expect([...side('south').refusals, ...side('west').refusals].map((r) => r.code)).toContain('LANDMARK_RULE_NOT_MET');
  });

  it('no road at all: no zone, every side says why', async () => {
    const { result } = await trace({ nodes: [], ways: [], relations: [] });
    expect(result.zone).toBeNull();
    expect(result.sides.every((s) => !s.traced && s.refusals.length > 0)).toBe(true);
  });
});
