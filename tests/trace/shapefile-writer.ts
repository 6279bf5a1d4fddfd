/**
 * Test helper: the synthetic city's roads as a real PolyLine Shapefile (.shp + .dbf, GBK names), written per
 * the ESRI Shapefile Technical Description (1998); GK zone 38 and its .prj for the CRS tests and the fuzz.
 */

import proj4 from 'proj4';
import { syntheticCity } from '../../scripts/make-trace-fixtures.ts';

export const GK38 = '+proj=tmerc +lat_0=0 +lon_0=114 +k=1 +x_0=38500000 +y_0=0 +ellps=GRS80 +units=m +no_defs';
export const PRJ_4526 =
  'PROJCS["CGCS2000_3_Degree_GK_Zone_38",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",38500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",114.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

/** The synthetic city's named roads as [name, positions] (WGS-84). */
export function namedRoads(): [string, [number, number][]][] {
  const city = syntheticCity();
  const at = new Map(city.nodes.map((n) => [n.id, [n.lng, n.lat] as [number, number]]));
  return city.ways
    .filter((w) => w.tags.highway && w.tags.name)
    .map((w) => [w.tags.name as string, w.refs.map((r) => at.get(r)!)]);
}

/** GBK bytes of a string, from the platform's own GBK decoder read backwards. */
export function gbk(text: string): Uint8Array {
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder('gbk');
  for (let hi = 0x81; hi <= 0xfe; hi++)
    for (let lo = 0x40; lo <= 0xfe; lo++) table.set(decoder.decode(new Uint8Array([hi, lo])), [hi, lo]);
  return new Uint8Array([...text].flatMap((ch) => (ch.charCodeAt(0) < 128 ? [ch.charCodeAt(0)] : table.get(ch)!)));
}

/** A PolyLine .shp + .dbf (field NAME, GBK) of some lines, per the ESRI Shapefile Technical Description (1998). */
export function shapefile(lines: [string, [number, number][]][]): { shp: Uint8Array; dbf: Uint8Array } {
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

/** The synthetic city as a zipped Shapefile in GK zone 38 (the .prj says EPSG:4526), as a bureau might send it. */
export function shapefileZipEntries(): Record<string, Uint8Array> {
  const projected = namedRoads().map(
    ([name, pts]) => [name, pts.map((p) => proj4(GK38).forward(p) as [number, number])] as [string, [number, number][]],
  );
  const { shp, dbf } = shapefile(projected);
  return { 'roads.shp': shp, 'roads.dbf': dbf, 'roads.prj': new TextEncoder().encode(PRJ_4526) };
}
