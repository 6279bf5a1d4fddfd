/**
 * The CRSs a road layer or an authority's boundary comes in, to WGS-84: WGS-84, GCJ-02 and BD-09 through
 * gcoord (convert-crs.ts); CGCS2000 geographic (EPSG:4490) and CGCS2000 3° Gauss-Krüger with Datong's zone
 * 38 (CM 114°E; EPSG:4526 with the zone prefix in the easting, EPSG:4547 without) through proj4. CGCS2000
 * and WGS-84 differ by centimetres to decimetres at Datong, below any road's width, so CGCS2000 is taken as
 * WGS-84 after projection (as proj4 does without a datum grid). A .prj file's WKT names its CRS.
 */
import proj4 from 'proj4';
import { InputError } from '../errors.ts';
import { type Crs, parseCrs, toWgs84 } from '../geo/convert-crs.ts';

/** A CRS the tracer reads. */
export type CrsName = Crs | 'EPSG:4490' | 'EPSG:4526' | 'EPSG:4547';

const DEFINITIONS: Record<string, string> = {
  'EPSG:4490': '+proj=longlat +ellps=GRS80 +no_defs',
  'EPSG:4526': '+proj=tmerc +lat_0=0 +lon_0=114 +k=1 +x_0=38500000 +y_0=0 +ellps=GRS80 +units=m +no_defs',
  'EPSG:4547': '+proj=tmerc +lat_0=0 +lon_0=114 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs',
};
const converters = new Map<string, proj4.Converter>();

/** Reads a CRS as people write it: wgs84, gcj02, bd09 (and their aliases), cgcs2000, epsg:4490/4526/4547. */
export function parseCrsName(name: string): CrsName | null {
  const n = name.trim().toLowerCase().replace(/\s+/g, '');
  if (n === 'cgcs2000' || n === 'epsg:4490' || n === '4490') return 'EPSG:4490';
  if (n === 'epsg:4526' || n === '4526' || n === 'gk38' || n === 'cgcs2000-gk38') return 'EPSG:4526';
  if (n === 'epsg:4547' || n === '4547' || n === 'cgcs2000-gk114') return 'EPSG:4547';
  return parseCrs(name);
}

/** The CRS a .prj's WKT describes, or null when it is none of ours. */
export function crsFromPrj(wkt: string): CrsName | null {
  const text = wkt.replace(/\s+/g, '');
  const cgcs = /CGCS|China_Geodetic_Coordinate_System_2000|China_2000/i.test(text);
  // Anywhere in the text: a .prj with a damaged first byte is still a projected CRS, never read as degrees.
  const projected = /PROJCS|PROJCRS|PROJECTION/i.test(text);
  if (!projected) {
    if (cgcs) return 'EPSG:4490';
    if (/WGS_?84|WGS_1984|WGS84/i.test(text)) return 'WGS84';
    return null;
  }
  const cm = Number(/central_meridian",?(-?[\d.]+)/i.exec(text)?.[1]);
  const easting = Number(/false_easting",?(-?[\d.]+)/i.exec(text)?.[1]);
  if (cgcs && cm === 114 && easting === 38_500_000) return 'EPSG:4526';
  if (cgcs && cm === 114 && easting === 500_000) return 'EPSG:4547';
  return null;
}

/** One position [x, y] in `crs` to WGS-84 [lng, lat]; projected positions with swapped axes are refused. */
export function toWgs84Position(p: [number, number], crs: CrsName): [number, number] {
  if (crs === 'WGS84' || crs === 'GCJ02' || crs === 'BD09' || crs === 'EPSG:4490') {
    if (!(Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90))
      throw new InputError(
        'INVALID_COORDINATE',
        `position ${p[0]}, ${p[1]} is not longitude, latitude in degrees for ${crs} — a projected layer? say its CRS with --crs`,
      );
    if (crs === 'WGS84' || crs === 'EPSG:4490') return [p[0], p[1]];
    return toWgs84(p, crs);
  }
  if (crs === 'EPSG:4526' || crs === 'EPSG:4547') {
    const [x, y] = p;
    const eastingOk = crs === 'EPSG:4526' ? x > 38_000_000 && x < 39_000_000 : x > 0 && x < 1_000_000;
    if (!eastingOk && y > 0 && (crs === 'EPSG:4526' ? y > 38_000_000 && y < 39_000_000 : y < 1_000_000))
      throw new InputError(
        'INVALID_COORDINATE',
        `position ${x}, ${y} looks like northing, easting (swapped axes) for ${crs}`,
      );
    if (!eastingOk)
      throw new InputError(
        'INVALID_COORDINATE',
        `position ${x}, ${y} is not a ${crs} easting (${crs === 'EPSG:4526' ? 'zone 38: 38,xxx,xxx m' : 'CM 114°E without zone: ~500,000 m'}) — wrong CRS?`,
      );
  }
  let converter = converters.get(crs);
  if (!converter) {
    converter = proj4(DEFINITIONS[crs] as string, 'EPSG:4326');
    converters.set(crs, converter);
  }
  const [lng, lat] = converter.forward([p[0], p[1]]) as [number, number];
  return [lng, lat];
}
