import { readFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { syntheticCity } from '../../scripts/make-trace-fixtures.ts';
import { distanceMetres } from '../../src/geo/ellipsoid.ts';
import { followRoad } from '../../src/trace/follow-road.ts';
import { localPlane, nearestOnSegment } from '../../src/trace/local-plane.ts';
import { previousRing } from '../../src/trace/previous-ring.ts';
import { crsFromPrj, toWgs84Position } from '../../src/trace/project-crs.ts';
import { readRoadLayer } from '../../src/trace/read-road-layer.ts';
import { readShapefileZip } from '../../src/trace/read-shapefile-zip.ts';
import { buildRoadGraph, snapToGraph } from '../../src/trace/road-graph.ts';
import { PREVIOUS, SPEC } from './helpers.ts';

const GK38 = '+proj=tmerc +lat_0=0 +lon_0=114 +k=1 +x_0=38500000 +y_0=0 +ellps=GRS80 +units=m +no_defs';
const PRJ_4526 =
  'PROJCS["CGCS2000_3_Degree_GK_Zone_38",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",38500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",114.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

/** The synthetic city's named roads as [name, positions] (WGS-84). */
function namedRoads(): [string, [number, number][]][] {
  const city = syntheticCity();
  const at = new Map(city.nodes.map((n) => [n.id, [n.lng, n.lat] as [number, number]]));
  return city.ways
    .filter((w) => w.tags.highway && w.tags.name)
    .map((w) => [w.tags.name as string, w.refs.map((r) => at.get(r)!)]);
}

/** GBK bytes of a string, from the platform's own GBK decoder read backwards. */
function gbk(text: string): Uint8Array {
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder('gbk');
  for (let hi = 0x81; hi <= 0xfe; hi++)
    for (let lo = 0x40; lo <= 0xfe; lo++) table.set(decoder.decode(new Uint8Array([hi, lo])), [hi, lo]);
  return new Uint8Array([...text].flatMap((ch) => (ch.charCodeAt(0) < 128 ? [ch.charCodeAt(0)] : table.get(ch)!)));
}

/** A PolyLine .shp + .dbf (field NAME, GBK) of some lines, per the ESRI Shapefile Technical Description (1998). */
function shapefile(lines: [string, [number, number][]][]): { shp: Uint8Array; dbf: Uint8Array } {
  const records = lines.map(([, pts]) => 44 + 4 + 16 * pts.length);
  const shp = new DataView(new ArrayBuffer(100 + records.reduce((s, n) => s + 8 + n, 0)));
  const all = lines.flatMap(([, p]) => p);
  shp.setInt32(0, 9994);
  shp.setInt32(24, shp.byteLength / 2);
  shp.setInt32(28, 1000, true);
  shp.setInt32(32, 3, true);
  [
    Math.min(...all.map((p) => p[0])),
    Math.min(...all.map((p) => p[1])),
    Math.max(...all.map((p) => p[0])),
    Math.max(...all.map((p) => p[1])),
  ].forEach((v, i) => {
    shp.setFloat64(36 + 8 * i, v, true);
  });
  let at = 100;
  lines.forEach(([, pts], k) => {
    shp.setInt32(at, k + 1);
    shp.setInt32(at + 4, (records[k] as number) / 2);
    const c = at + 8;
    shp.setInt32(c, 3, true);
    [
      Math.min(...pts.map((p) => p[0])),
      Math.min(...pts.map((p) => p[1])),
      Math.max(...pts.map((p) => p[0])),
      Math.max(...pts.map((p) => p[1])),
    ].forEach((v, i) => {
      shp.setFloat64(c + 4 + 8 * i, v, true);
    });
    shp.setInt32(c + 36, 1, true);
    shp.setInt32(c + 40, pts.length, true);
    shp.setInt32(c + 44, 0, true);
    pts.forEach(([x, y], i) => {
      shp.setFloat64(c + 48 + 16 * i, x, true);
      shp.setFloat64(c + 56 + 16 * i, y, true);
    });
    at = c + (records[k] as number);
  });
  const width = 40;
  const dbf = new Uint8Array(32 + 32 + 1 + lines.length * (1 + width) + 1);
  const dv = new DataView(dbf.buffer);
  dbf[0] = 3;
  dv.setUint32(4, lines.length, true);
  dv.setUint16(8, 65, true);
  dv.setUint16(10, 1 + width, true);
  dbf.set(new TextEncoder().encode('NAME'), 32);
  dbf[32 + 11] = 'C'.charCodeAt(0);
  dbf[32 + 16] = width;
  dbf[64] = 0x0d;
  lines.forEach(([name], k) => {
    const row = 65 + k * (1 + width);
    dbf.fill(0x20, row, row + 1 + width);
    dbf.set(gbk(name), row + 1);
  });
  dbf[dbf.length - 1] = 0x1a;
  return { shp: new Uint8Array(shp.buffer), dbf };
}

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
