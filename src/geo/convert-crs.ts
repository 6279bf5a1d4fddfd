/**
 * Coordinate systems at the edges. coalzone stores WGS-84 (GPS, OpenStreetMap); Amap and Tencent give
 * GCJ-02 (≈600 m off at Datong), Baidu gives BD-09. gcoord (hujiulong/gcoord, MIT) does the transforms.
 */
import gcoord from 'gcoord';
import { invalidArgument } from '../errors.ts';

/** The coordinate systems people bring. */
export type Crs = 'WGS84' | 'GCJ02' | 'BD09';

/** All CRS names accepted by parseCrs, lower-cased. */
const ALIASES: Record<string, Crs> = {
  wgs84: 'WGS84',
  'wgs-84': 'WGS84',
  gps: 'WGS84',
  'epsg:4326': 'WGS84',
  gcj02: 'GCJ02',
  'gcj-02': 'GCJ02',
  amap: 'GCJ02',
  gaode: 'GCJ02',
  高德: 'GCJ02',
  tencent: 'GCJ02',
  腾讯: 'GCJ02',
  bd09: 'BD09',
  'bd-09': 'BD09',
  baidu: 'BD09',
  百度: 'BD09',
};

/** Reads a CRS name as people write it ("gcj02", "amap", "百度"); null when unknown. */
export function parseCrs(name: string): Crs | null {
  return ALIASES[name.trim().toLowerCase()] ?? null;
}

const GCOORD = { WGS84: gcoord.WGS84, GCJ02: gcoord.GCJ02, BD09: gcoord.BD09 } as const;

/** Converts [lng, lat] from one CRS to another. Returns a new array; the input is not touched. */
export function convertCrs(lngLat: readonly [number, number], from: Crs, to: Crs): [number, number] {
  if (!(from in GCOORD)) throw invalidArgument('from', from, 'WGS84 | GCJ02 | BD09');
  if (!(to in GCOORD)) throw invalidArgument('to', to, 'WGS84 | GCJ02 | BD09');
  if (from === to) return [lngLat[0], lngLat[1]];
  const out = gcoord.transform([lngLat[0], lngLat[1]], GCOORD[from], GCOORD[to]) as [number, number];
  return [out[0], out[1]];
}

/** Converts to WGS-84, the CRS coalzone stores. */
export function toWgs84(lngLat: readonly [number, number], from: Crs): [number, number] {
  return convertCrs(lngLat, from, 'WGS84');
}
