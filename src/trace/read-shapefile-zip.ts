/**
 * A Shapefile as the bureaus send it: a .zip of .shp, .dbf, .prj and .cpg. The .cpg names the .dbf's
 * encoding (GBK / 936 on Chinese Windows, the default when there is no .cpg, as ArcGIS and QGIS China
 * builds write it); the .prj's WKT names the CRS (project-crs.ts), unless the caller chose one. Read with
 * mbostock's `shapefile` into GeoJSON, then as a road layer (read-road-layer.ts).
 */

import { open } from 'shapefile';
import { FileFormatError } from '../errors.ts';
import { unzipBounded, type ZipLimits, ZipRefusal } from '../io/unzip-bounded.ts';
import { type CrsName, crsFromPrj } from './project-crs.ts';

/** Entries larger than this are refused before inflating (a city road layer is a few MB). */
/** A province's road layer is a few hundred MB unzipped; the caps stop bombs before they inflate. Only the
 *  layer's own members are read (macOS resource forks skipped). */
const LAYER_ZIP_LIMITS: ZipLimits = {
  entries: 10_000,
  entryBytes: 512 * 1024 * 1024,
  totalBytes: 1024 * 1024 * 1024,
  ratio: 100,
  ratioFrom: 1024 * 1024,
  only: /^(?!__MACOSX\/).*\.(shp|dbf|prj|cpg)$/i,
};

/** The zip's layer as a FeatureCollection, with the CRS it is in. */
export async function readShapefileZip(
  zip: Uint8Array,
  file: string,
  chosenCrs: CrsName | null,
): Promise<{ document: { type: 'FeatureCollection'; features: unknown[] }; crs: CrsName; encoding: string }> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = Object.fromEntries(unzipBounded(zip, LAYER_ZIP_LIMITS));
  } catch (error) {
    if (!(error instanceof ZipRefusal)) throw error;
    throw new FileFormatError(`${file} is not a readable zip (${error.message})`);
  }
  const byExt = (ext: string) => Object.keys(entries).filter((n) => n.toLowerCase().endsWith(ext));
  const shps = byExt('.shp');
  if (shps.length !== 1)
    throw new FileFormatError(
      `${file} must hold exactly one .shp (found ${shps.length}${shps.length > 1 ? `: ${shps.join(', ')}` : ''})`,
    );
  const base = (shps[0] as string).slice(0, -4);
  const part = (ext: string) =>
    Object.entries(entries).find(([n]) => n.toLowerCase() === `${base}${ext}`.toLowerCase())?.[1];
  const prj = part('.prj');
  const cpg = part('.cpg');
  const dbf = part('.dbf');
  if (!dbf) throw new FileFormatError(`${file}: ${base}.dbf is missing (the names are in it)`);
  const encoding = encodingOf(cpg ? new TextDecoder().decode(cpg) : null);
  let crs = chosenCrs;
  if (!crs) {
    if (!prj) throw new FileFormatError(`${file}: no .prj, so its CRS is unknown; say it with --crs`);
    crs = crsFromPrj(new TextDecoder().decode(prj));
    if (!crs)
      throw new FileFormatError(
        `${file}: the .prj names a CRS coalzone does not convert (${new TextDecoder().decode(prj).slice(0, 80)}…); say it with --crs`,
      );
  }
  const features: unknown[] = [];
  try {
    const source = await open(part('.shp') as Uint8Array, dbf, { encoding });
    for (let r = await source.read(); !r.done; r = await source.read()) features.push(r.value);
  } catch (error) {
    throw new FileFormatError(`${file}: ${base}.shp could not be read (${(error as Error).message})`);
  }
  return { document: { type: 'FeatureCollection', features }, crs, encoding };
}

/** The .dbf encoding a .cpg names; GBK when there is none (Chinese GIS exports). */
export function encodingOf(cpg: string | null): string {
  const name = (cpg ?? '').trim().toLowerCase();
  if (name === '' || name === '936' || name === 'cp936' || name === 'gbk' || name === 'gb2312') return 'gbk';
  if (name === '65001' || name === 'utf-8' || name === 'utf8') return 'utf-8';
  if (name === 'gb18030' || name === '54936') return 'gb18030';
  return name;
}
