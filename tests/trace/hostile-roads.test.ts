/**
 * Road layers and boundaries that broke the tracer under the fuzz (tests/fuzz): each is refused with a reason
 * that names what is wrong, in bounded time and memory.
 */
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { boundaryFeatures } from '../../src/trace/import-boundary.ts';
import { localPlane } from '../../src/trace/local-plane.ts';
import { crsFromPrj, toWgs84Position } from '../../src/trace/project-crs.ts';
import { readRoadLayer } from '../../src/trace/read-road-layer.ts';
import { readShapefileZip } from '../../src/trace/read-shapefile-zip.ts';
import type { ExtractLine } from '../../src/trace/road-extract.ts';
import { buildRoadGraph } from '../../src/trace/road-graph.ts';
import { zipBomb } from '../fuzz/hostile-inputs.ts';
import { SPEC } from './helpers.ts';
import { PRJ_4526, shapefileZipEntries } from './shapefile-writer.ts';

const SOURCE = {
  file: 'roads.geojson',
  format: 'geojson' as const,
  precisionM: 5,
  licence: 'test',
  crs: 'WGS84' as const,
};
const layer = (properties: Record<string, unknown>, coordinates: number[][]) => ({
  type: 'FeatureCollection',
  features: [{ type: 'Feature', properties, geometry: { type: 'LineString', coordinates } }],
});

describe('hostile road layers and boundaries', () => {
  it('a .prj whose first bytes are damaged is still read as projected (never as degrees of 38 million)', () => {
    expect(crsFromPrj(`\u00ff\u00fe${PRJ_4526.slice(1)}`)).toBe('EPSG:4526');
  });

  it('positions that are not degrees are refused for geographic CRSs, with the position named', () => {
    expect(() => toWgs84Position([38_440_027.4, 4_448_087.6], 'EPSG:4490')).toThrow(
      /38440027.4, 4448087.6 is not longitude, latitude in degrees for EPSG:4490/,
    );
    expect(() => toWgs84Position([Number.NaN, 40], 'WGS84')).toThrow(/not longitude, latitude/);
    expect(toWgs84Position([113.3, 40.1], 'EPSG:4490')).toEqual([113.3, 40.1]);
  });

  it('a segment thousands of km long is refused before it fills the grid (the fuzz case took 40 s and 2.8 GB)', () => {
    const plane = localPlane(113.3, 40.1);
    const line = (coords: [number, number][]): ExtractLine => ({
      ref: 'test way 1',
      keys: ['jingla'],
      name: '京拉线',
      precisionM: 5,
      highway: 'primary',
      oneway: false,
      nodes: coords.map((_, k) => `n${k}`),
      coords,
    });
    const long = line([
      [100, 20],
      [130, 50],
    ]);
    expect(() => buildRoadGraph([long], plane, 30)).toThrow(/over 500 km long: broken coordinates/);
    // A long but real road: cells follow its length (a 200 km diagonal), not its bounding box.
    const graph = buildRoadGraph(
      [
        line([
          [112.5, 39.5],
          [114.2, 40.8],
        ]),
      ],
      plane,
      30,
    );
    expect(graph.grid.size).toBeLessThan(3 * Math.ceil(200_000 / 250));
    expect(graph.grid.size).toBeGreaterThan(200_000 / 250 / 2);
  });

  it('a --name-field the layer does not have is named with the fields it does have', () => {
    const roads = layer({ NAME: '京拉线', WIDTH: 12 }, [
      [113.3, 40.1],
      [113.31, 40.1],
    ]);
    expect(() => readRoadLayer(roads, SPEC, SOURCE, 'NOPE')).toThrow(
      'roads.geojson: no feature has a text field "NOPE" (fields: NAME, WIDTH); choose another --name-field',
    );
  });

  it('a zipped Shapefile bomb is refused before inflating; other members are skipped unread', async () => {
    await expect(readShapefileZip(zipBomb(64, 'roads.dbf'), 'roads.zip', null)).rejects.toThrow(
      /roads.zip is not a readable zip \(entry "roads.dbf" claims \d+ bytes from \d+ \(over 100× compression\)\)/,
    );
    const extra = zipSync({
      ...shapefileZipEntries(),
      'roads.sbn': new Uint8Array(9),
      '__MACOSX/._roads.shp': new Uint8Array(4),
    });
    const read = await readShapefileZip(extra, 'roads.zip', null);
    expect(read.crs).toBe('EPSG:4526');
    expect(read.document.features.length).toBeGreaterThan(5);
  });

  it('a KML that is not XML and a KMZ bomb are refused naming the file', () => {
    expect(() => boundaryFeatures(new TextEncoder().encode('&#0;\u00ef'), 'bureau.kml')).toThrow(
      /^bureau.kml is not valid XML/,
    );
    expect(() => boundaryFeatures(zipBomb(64, 'doc.kml'), 'bureau.kmz')).toThrow(/^bureau.kmz is not a readable KMZ/);
  });
});
