/**
 * Web Mercator tile arithmetic (the XYZ / WMTS "GoogleMapsCompatible" grid that 天地图's `_w` layers use,
 * TILEMATRIXSET=w: 256-pixel tiles, origin top-left, row = y). Pure: no DOM, no map library.
 * Formulas as in the OpenStreetMap wiki "Slippy map tilenames" (https://wiki.openstreetmap.org/wiki/Slippy_map_tilenames);
 * the edge epsilon follows mercantile's `tiles()` so a bbox ending exactly on a tile edge does not take the next tile.
 */

/** A WGS-84 box: west, south, east, north in degrees (CGCS2000 is the same to centimetres here). */
export interface Bbox {
  west: number;
  south: number;
  east: number;
  north: number;
}

/** The tiles of one zoom covering a box: columns minX..maxX, rows minY..maxY (inclusive). */
export interface TileRange {
  z: number;
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

/** One tile. */
export interface TileId {
  z: number;
  x: number;
  y: number;
}

/** Web Mercator's latitude limit. */
export const MAX_LATITUDE = 85.051_128_779_806_59;
const EPSILON = 1e-9;

/** The fractional tile column of a longitude at zoom z. */
export function tileColumn(lng: number, z: number): number {
  return ((lng + 180) / 360) * 2 ** z;
}

/** The fractional tile row of a latitude at zoom z (row 0 at the top). */
export function tileRow(lat: number, z: number): number {
  const clamped = Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, lat));
  const phi = (clamped * Math.PI) / 180;
  return ((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2) * 2 ** z;
}

/** The box a tile covers. */
export function tileBounds({ z, x, y }: TileId): Bbox {
  const n = 2 ** z;
  const lat = (row: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * row) / n))) * 180) / Math.PI;
  return { west: (x / n) * 360 - 180, east: ((x + 1) / n) * 360 - 180, north: lat(y), south: lat(y + 1) };
}

/** The tiles of zoom z that cover `bbox`. Throws on a box that is not one (programmer misuse). */
export function tileRange(bbox: Bbox, z: number): TileRange {
  checkBbox(bbox);
  if (!Number.isInteger(z) || z < 0 || z > 24) throw new Error(`tileRange: zoom ${z} is not an integer in 0..24`);
  const last = 2 ** z - 1;
  const clampTile = (v: number) => Math.max(0, Math.min(last, Math.floor(v)));
  return {
    z,
    minX: clampTile(tileColumn(bbox.west, z)),
    maxX: clampTile(tileColumn(bbox.east - EPSILON, z)),
    minY: clampTile(tileRow(bbox.north, z)),
    maxY: clampTile(tileRow(bbox.south + EPSILON, z)),
  };
}

/** The tile ranges of every zoom from minZoom to maxZoom. */
export function tileRanges(bbox: Bbox, minZoom: number, maxZoom: number): TileRange[] {
  if (minZoom > maxZoom) throw new Error(`tileRanges: minZoom ${minZoom} is above maxZoom ${maxZoom}`);
  const ranges: TileRange[] = [];
  for (let z = minZoom; z <= maxZoom; z++) ranges.push(tileRange(bbox, z));
  return ranges;
}

/** How many tiles a range holds. */
export function rangeSize(range: TileRange): number {
  return (range.maxX - range.minX + 1) * (range.maxY - range.minY + 1);
}

/** How many tiles some ranges hold together. */
export function countTiles(ranges: readonly TileRange[]): number {
  return ranges.reduce((sum, r) => sum + rangeSize(r), 0);
}

/** Every tile of the ranges, zoom by zoom, row by row (lazily: a range can hold many thousands). */
export function* tilesOf(ranges: readonly TileRange[]): Generator<TileId> {
  for (const r of ranges)
    for (let y = r.minY; y <= r.maxY; y++) for (let x = r.minX; x <= r.maxX; x++) yield { z: r.z, x, y };
}

function checkBbox(b: Bbox): void {
  const values = [b.west, b.south, b.east, b.north];
  if (!values.every(Number.isFinite) || b.west >= b.east || b.south >= b.north || b.west < -180 || b.east > 180)
    throw new Error(`not a bbox: ${JSON.stringify(b)}`);
}

/** The box of GeoJSON coordinates (any nesting), with `marginDeg` around it. */
export function bboxOfCoordinates(coordinates: unknown, marginDeg = 0): Bbox {
  const box = { west: Infinity, south: Infinity, east: -Infinity, north: -Infinity };
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number') {
      box.west = Math.min(box.west, c[0]);
      box.east = Math.max(box.east, c[0]);
      box.south = Math.min(box.south, c[1]);
      box.north = Math.max(box.north, c[1]);
    } else if (Array.isArray(c)) for (const inner of c) visit(inner);
  };
  visit(coordinates);
  if (!Number.isFinite(box.west)) throw new Error('bboxOfCoordinates: no coordinates');
  return {
    west: box.west - marginDeg,
    south: box.south - marginDeg,
    east: box.east + marginDeg,
    north: box.north + marginDeg,
  };
}
