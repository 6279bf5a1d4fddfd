import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import gcoord from 'gcoord';
import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.ts';
import { distanceMetres } from '../../src/geo/ellipsoid.ts';
import { boundaryFeatures, importBoundary } from '../../src/trace/import-boundary.ts';
import { capture } from '../helpers/capture.ts';
import { FIXTURES, PREVIOUS } from './helpers.ts';
import { GK38, gbk } from './shapefile-writer.ts';

const GOLDEN = JSON.parse(readFileSync(new URL('synthetic-city.trace.golden.geojson', FIXTURES), 'utf8'));
const RING = GOLDEN.geometry.coordinates[0] as [number, number][];
const OPTIONS = { date: '2026-12-02', precisionM: 2 };
const feature = (coordinates: number[][]) => ({
  type: 'Feature',
  properties: {},
  geometry: { type: 'Polygon', coordinates: [coordinates] },
});

describe("the authority's own boundary", () => {
  it('a boundary in CGCS2000 / GK zone 38 (EPSG:4526) becomes an official zone within 1 m of its WGS-84 twin', () => {
    const gk = RING.map((p) =>
      proj4('+proj=tmerc +lat_0=0 +lon_0=114 +k=1 +x_0=38500000 +y_0=0 +ellps=GRS80 +units=m +no_defs').forward(p),
    );
    const result = importBoundary([feature(gk)], 'bureau.geojson', 'EPSG:4526', PREVIOUS, OPTIONS);
    expect(result.refused).toEqual([]);
    const zone = result.zone!;
    expect(zone.properties.status).toBe('official');
    expect(zone.properties.version).toBe('2024-106.official-1');
    const ring = zone.geometry.coordinates[0] as number[][];
    expect(ring.length).toBe(RING.length);
    // Same winding as the twin (already counterclockwise): vertex for vertex.
    let worst = 0;
    ring.forEach((p, i) => {
      worst = Math.max(worst, distanceMetres(p[0]!, p[1]!, RING[i]![0], RING[i]![1]));
    });
    expect(worst).toBeLessThan(1);
    expect(
      zone.properties.rings[0]!.vertices.every((v) => v.edge.uncertaintyM === 2 && /EPSG:4526/.test(v.source)),
    ).toBe(true);
    expect(new Set(zone.properties.rings[0]!.vertices.map((v) => v.edge.side))).toEqual(
      new Set(['east', 'south', 'west', 'north']),
    );
  });

  it('warns when a GCJ-02 file is read as WGS-84 (~600 m off the sourced G109)', () => {
    const old = PREVIOUS.geometry.coordinates[0] as [number, number][];
    const shifted = old.map((p) => gcoord.transform(p, gcoord.WGS84, gcoord.GCJ02) as [number, number]);
    const read = importBoundary([feature(shifted)], 'amap.geojson', 'WGS84', PREVIOUS, OPTIONS);
    expect(read.warnings.map((w) => w.code)).toEqual(['LOOKS_LIKE_GCJ02']);
    expect(read.warnings[0]!.zh).toMatch(/--crs gcj02/);
    const right = importBoundary([feature(shifted)], 'amap.geojson', 'GCJ02', PREVIOUS, OPTIONS);
    expect(right.warnings).toEqual([]);
    expect(right.zone).not.toBeNull();
  });

  it('refuses swapped axes, two polygons, a self-crossing ring and positions outside Datong, with the reason', () => {
    const swapped = importBoundary([feature(RING.map(([a, b]) => [b, a]))], 'x.geojson', 'WGS84', PREVIOUS, OPTIONS);
    expect(swapped.refused[0]!.code).toBe('SWAPPED_LNG_LAT');
    expect(importBoundary([feature(RING), feature(RING)], 'x', 'WGS84', PREVIOUS, OPTIONS).refused[0]!.code).toBe(
      'NOT_ONE_POLYGON',
    );
    const bow = [
      [113.2, 40.0],
      [113.4, 40.1],
      [113.4, 40.0],
      [113.2, 40.1],
      [113.2, 40.0],
    ];
    expect(importBoundary([feature(bow)], 'x', 'WGS84', PREVIOUS, OPTIONS).refused.map((r) => r.code)).toContain(
      'SELF_INTERSECTION',
    );
    const beijing = RING.map(([a, b]) => [a + 3, b]);
    expect(importBoundary([feature(beijing)], 'x', 'WGS84', PREVIOUS, OPTIONS).refused.map((r) => r.code)).toContain(
      'OUTSIDE_DATONG',
    );
    const wrongZone = importBoundary([feature(RING.map(() => [500000, 4440000]))], 'x', 'EPSG:4526', PREVIOUS, OPTIONS);
    expect(wrongZone.refused[0]!.code).toBe('WRONG_CRS');
  });

  it('reads a KML polygon and a closed GPX track; the CLI writes the zone or says why not', async () => {
    const coordinates = RING.map((p) => p.join(',')).join(' ');
    const kml = `<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>禁煤区</name><Polygon><outerBoundaryIs><LinearRing><coordinates>${coordinates}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></kml>`;
    const features = boundaryFeatures(new TextEncoder().encode(kml), 'zone.kml');
    expect(importBoundary(features, 'zone.kml', 'WGS84', PREVIOUS, OPTIONS).zone).not.toBeNull();
    const gpx = `<?xml version="1.0"?><gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>${RING.map((p) => `<trkpt lat="${p[1]}" lon="${p[0]}"/>`).join('')}</trkseg></trk></gpx>`;
    expect(
      importBoundary(boundaryFeatures(new TextEncoder().encode(gpx), 'z.gpx'), 'z.gpx', 'WGS84', PREVIOUS, OPTIONS)
        .zone,
    ).not.toBeNull();
    const dir = mkdtempSync(join(tmpdir(), 'coalzone-import-'));
    writeFileSync(join(dir, 'zone.kml'), kml);
    const out = capture();
    const err = capture();
    expect(
      await main(
        ['zones', 'import', join(dir, 'zone.kml'), '--out', join(dir, 'z.geojson')],
        out as never,
        err as never,
      ),
    ).toBe(0);
    expect(out.text()).toMatch(/✓ zone\.kml: \d+ 个顶点 vertices/);
    expect(JSON.parse(readFileSync(join(dir, 'z.geojson'), 'utf8')).properties.status).toBe('official');
    writeFileSync(
      join(dir, 'two.geojson'),
      JSON.stringify({ type: 'FeatureCollection', features: [feature(RING), feature(RING)] }),
    );
    const out2 = capture();
    expect(await main(['zones', 'import', join(dir, 'two.geojson')], out2 as never, capture() as never)).toBe(1);
    expect(out2.text()).toMatch(/NOT_ONE_POLYGON/);
    expect(await main(['zones', 'import', join(dir, 'missing.kml')], capture() as never, capture() as never)).toBe(2);
  });

  it('reads a CAD boundary (.dxf, GK zone 38, GBK layer name) within 1 m of its twin; arcs and open lines refused', async () => {
    const gk = RING.slice(0, -1).map((p) => proj4(GK38).forward(p) as [number, number]);
    const dxf = dxfText('禁煤区边界', gk, { closed: true });
    const bytes = gbk(dxf);
    const features = boundaryFeatures(bytes, 'bureau.dxf') as { properties: { layer: string } }[];
    expect(features.map((f) => f.properties.layer)).toEqual(['禁煤区边界']);
    const read = importBoundary(features, 'bureau.dxf', 'EPSG:4526', PREVIOUS, OPTIONS);
    expect(read.refused).toEqual([]);
    const ring = read.zone!.geometry.coordinates[0] as number[][];
    let worst = 0;
    ring.forEach((p, i) => {
      worst = Math.max(worst, distanceMetres(p[0]!, p[1]!, RING[i]![0], RING[i]![1]));
    });
    expect(ring.length).toBe(RING.length);
    expect(worst).toBeLessThan(1);
    // Read as degrees it is refused as the wrong CRS, with the position named.
    expect(importBoundary(features, 'bureau.dxf', 'WGS84', PREVIOUS, OPTIONS).refused[0]!.code).toBe('WRONG_CRS');
    const utf8 = (text: string) => new TextEncoder().encode(text);
    expect(() => boundaryFeatures(utf8(dxfText('a', gk, { closed: true, bulge: 0.5 })), 'arc.dxf')).toThrow(
      /arc.dxf: the closed polyline .* has arcs \(bulges\)/,
    );
    expect(() => boundaryFeatures(utf8(dxfText('a', gk, { closed: false })), 'open.dxf')).toThrow(
      'open.dxf: no closed polyline found (1 entities, 1 open lines or other shapes); draw the boundary as one closed polyline',
    );
    const dir = mkdtempSync(join(tmpdir(), 'coalzone-dxf-'));
    writeFileSync(join(dir, 'bureau.dxf'), bytes);
    const out = capture();
    const args = ['zones', 'import', join(dir, 'bureau.dxf'), '--crs', 'epsg:4526', '--out', join(dir, 'z.geojson')];
    expect(await main(args, out as never, capture() as never)).toBe(0);
    expect(out.text()).toMatch(/✓ bureau\.dxf: \d+ 个顶点 vertices \(EPSG:4526 → WGS-84\)/);
  });
});

/** An ASCII DXF (AutoCAD R2000 group codes) with one LWPOLYLINE on `layer`; ANSI_936 (GBK) in the header. */
function dxfText(layer: string, points: [number, number][], o: { closed: boolean; bulge?: number }): string {
  const lines = ['0', 'SECTION', '2', 'HEADER', '9', '$DWGCODEPAGE', '3', 'ANSI_936', '0', 'ENDSEC'];
  lines.push('0', 'SECTION', '2', 'ENTITIES', '0', 'LWPOLYLINE', '5', '2F', '8', layer);
  lines.push('90', String(points.length), '70', o.closed ? '1' : '0');
  points.forEach(([x, y], k) => {
    lines.push('10', x.toFixed(4), '20', y.toFixed(4));
    if (o.bulge && k === 1) lines.push('42', String(o.bulge));
  });
  lines.push('0', 'ENDSEC', '0', 'EOF');
  return `${lines.join('\r\n')}\r\n`;
}
