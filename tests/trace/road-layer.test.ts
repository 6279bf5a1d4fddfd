import { readFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { distanceMetres } from '../../src/geo/ellipsoid.ts';
import { followRoad } from '../../src/trace/follow-road.ts';
import { localPlane, nearestOnSegment } from '../../src/trace/local-plane.ts';
import { previousRing } from '../../src/trace/previous-ring.ts';
import { crsFromPrj, toWgs84Position } from '../../src/trace/project-crs.ts';
import { readRoadLayer } from '../../src/trace/read-road-layer.ts';
import { readShapefileZip } from '../../src/trace/read-shapefile-zip.ts';
import { buildRoadGraph, snapToGraph } from '../../src/trace/road-graph.ts';
import { PREVIOUS, SPEC } from './helpers.ts';
import { GK38, namedRoads, PRJ_4526, shapefile } from './shapefile-writer.ts';

describe('a road layer in CGCS2000 / Gauss-Krüger zone 38', () => {
  it('reads the .prj as EPSG:4526 (and GK without zone prefix as 4547)', () => {
    expect(crsFromPrj(PRJ_4526)).toBe('EPSG:4526');
    expect(crsFromPrj(PRJ_4526.replace('38500000.0', '500000.0'))).toBe('EPSG:4547');
    expect(crsFromPrj('GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984"]]')).toBe('WGS84');
  });

  it('a zipped Shapefile (GBK names, GK zone 38) lands within 1 m of its WGS-84 twin', async () => {
    const roads = namedRoads();
    const projected = roads.map(
      ([name, pts]) =>
        [name, pts.map((p) => proj4(GK38).forward(p) as [number, number])] as [string, [number, number][]],
    );
    const { shp, dbf } = shapefile(projected);
    const zip = zipSync({
      'roads.shp': shp,
      'roads.dbf': dbf,
      'roads.prj': new TextEncoder().encode(PRJ_4526),
      'roads.cpg': new TextEncoder().encode('GBK'),
    });
    const layer = await readShapefileZip(zip, 'roads.zip', null);
    expect(layer.crs).toBe('EPSG:4526');
    expect(layer.encoding).toBe('gbk');
    const fromShp = readRoadLayer(
      layer.document,
      SPEC,
      { file: 'roads.zip', format: 'shapefile', precisionM: 1, licence: 'test', crs: layer.crs },
      'NAME',
    );
    const twin = readRoadLayer(
      {
        type: 'FeatureCollection',
        features: roads.map(([name, pts]) => ({
          type: 'Feature',
          properties: { NAME: name },
          geometry: { type: 'LineString', coordinates: pts },
        })),
      },
      SPEC,
      { file: 'roads.geojson', format: 'geojson', precisionM: 1, licence: 'test', crs: 'WGS84' },
      'NAME',
    );
    expect(fromShp.lines.map((l) => l.name)).toEqual(twin.lines.map((l) => l.name));
    expect(fromShp.lines.map((l) => l.name)).toContain('京拉线');
    let worst = 0;
    fromShp.lines.forEach((line, i) => {
      line.coords.forEach(([lng, lat], k) => {
        const [tLng, tLat] = twin.lines[i]!.coords[k]!;
        worst = Math.max(worst, distanceMetres(lng, lat, tLng, tLat));
      });
    });
    expect(worst).toBeLessThan(1);
  });

  it('refuses GK positions with swapped axes or the wrong zone, naming the position', () => {
    const [e, n] = proj4(GK38).forward([113.3, 40.1]) as [number, number];
    expect(() => toWgs84Position([n, e], 'EPSG:4526')).toThrow(/swapped axes/);
    expect(() => toWgs84Position([e - 38_000_000, n], 'EPSG:4526')).toThrow(/wrong CRS/);
  });
});

describe('the real OSM G109 (data/context/g109.geojson)', () => {
  it('traces the north side along G109 to within the data’s ±200 m of the sourced trace', () => {
    const g109 = JSON.parse(readFileSync(new URL('../../data/context/g109.geojson', import.meta.url), 'utf8'));
    const layer = readRoadLayer(
      g109,
      SPEC,
      { file: 'g109.geojson', format: 'geojson', precisionM: 5, licence: 'ODbL', crs: 'WGS84' },
      'name',
    );
    expect(layer.lines.length).toBeGreaterThan(0);
    // From the roundabout north of the city to the last sourced G109 vertex of the previous trace.
    // (The roundabout vertex lies on another OSM component; the run starts at the first vertex east of it.)
    const sourced = previousRing(PREVIOUS)
      .vertices.filter((v) => v.source.startsWith('OpenStreetMap G109') && v.edge.uncertaintyM === 200)
      .slice(1);
    const first = sourced[0]!;
    const last = sourced[sourced.length - 1]!;
    const plane = localPlane(first.lng, first.lat);
    const graph = buildRoadGraph(layer.lines, plane, SPEC.maxGapM);
    const from = snapToGraph(graph, ...plane.toXY(first.lng, first.lat))!;
    const to = snapToGraph(graph, ...plane.toXY(last.lng, last.lat))!;
    expect(from.distance).toBeLessThan(200);
    const course = followRoad(graph, from, to, '京拉线');
    expect(course.ok).toBe(true);
    if (!course.ok) return;
    const old = sourced.map((v) => plane.toXY(v.lng, v.lat));
    let worst = 0;
    for (const p of course.points) {
      const [x, y] = plane.toXY(p.lng, p.lat);
      let d = Number.POSITIVE_INFINITY;
      for (let i = 1; i < old.length; i++) d = Math.min(d, nearestOnSegment(x, y, ...old[i - 1]!, ...old[i]!).distance);
      worst = Math.max(worst, d);
    }
    expect(worst).toBeLessThan(200);
    expect(course.lengthM).toBeGreaterThan(8_000);
  });
});

describe('roads that look like GCJ-02 read as WGS-84', () => {
  it('are warned about (~600 m off the sourced G109), and the same roads in WGS-84 are not', async () => {
    const gcoord = (await import('gcoord')).default;
    const { traceReport } = await import('../../src/trace/trace-report.ts');
    const { traceZoneFromRoads } = await import('../../src/trace/trace-zone-from-roads.ts');
    const g109 = JSON.parse(readFileSync(new URL('../../data/context/g109.geojson', import.meta.url), 'utf8'));
    const shifted = structuredClone(g109);
    for (const f of shifted.features)
      f.geometry.coordinates = f.geometry.coordinates.map((p: [number, number]) =>
        gcoord.transform(p, gcoord.WGS84, gcoord.GCJ02),
      );
    const warningsOf = (document: unknown) => {
      const layer = readRoadLayer(
        document,
        SPEC,
        { file: 'g109', format: 'geojson', precisionM: 5, licence: '', crs: 'WGS84' },
        'name',
      );
      const result = traceZoneFromRoads(SPEC, layer, PREVIOUS, { date: '2026-12-02' });
      return traceReport(result, SPEC, layer, PREVIOUS).warnings;
    };
    const warned = warningsOf(shifted);
    expect(warned.map((w) => w.code)).toEqual(['LOOKS_LIKE_GCJ02']);
    expect(warned[0]!.en).toMatch(/sits ~[3-7]\d\d m from the sourced G109/);
    expect(warningsOf(g109)).toEqual([]);
  });
});
