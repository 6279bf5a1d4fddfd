/**
 * A PMTiles v3 writer (no npm package writes PMTiles). Tiles in, one archive out: 127-byte header, root
 * directory, JSON metadata, tile data — following the spec at github.com/protomaps/PMTiles (spec/v3/spec.md).
 * Identical tiles are stored once; consecutive tile ids with the same content become one run. Everything fits
 * one root directory (≤ 16,384 bytes with the header) or the writer refuses, naming the size: an archive for a
 * city needs no leaf directories. Compression is the caller's (gzip in Node: zlib.gzipSync).
 */
import { zxyToTileId } from 'pmtiles';
import { invalidArgument } from '../errors.ts';

/** One tile's bytes (already compressed as `tileCompression` says). */
export interface TileInput {
  z: number;
  x: number;
  y: number;
  data: Uint8Array;
}

/** What the header says about the archive. */
export interface ArchiveOptions {
  minZoom: number;
  maxZoom: number;
  /** [west, south, east, north] in degrees. */
  bounds: [number, number, number, number];
  center: [number, number, number];
  metadata: Record<string, unknown>;
  /** Compresses directories and metadata (gzip). */
  compress: (bytes: Uint8Array) => Uint8Array;
  /** How tiles were compressed: 1 none, 2 gzip. */
  tileCompression: 1 | 2;
}

const HEADER_BYTES = 127;
const ROOT_LIMIT = 16_384;

/** Builds the archive. */
export function writePmtiles(tiles: readonly TileInput[], options: ArchiveOptions): Uint8Array {
  const byId = tiles.map((t) => ({ id: zxyToTileId(t.z, t.x, t.y), data: t.data })).sort((a, b) => a.id - b.id);
  for (let i = 1; i < byId.length; i++)
    if ((byId[i] as { id: number }).id === (byId[i - 1] as { id: number }).id)
      throw invalidArgument('tiles', (byId[i] as { id: number }).id, 'one tile per z/x/y');
  // Store each distinct content once.
  const offsets = new Map<string, { offset: number; length: number; data: Uint8Array }[]>();
  const chunks: Uint8Array[] = [];
  let dataLength = 0;
  const entries: { tileId: number; offset: number; length: number; runLength: number }[] = [];
  for (const tile of byId) {
    const key = contentKey(tile.data);
    const same = offsets.get(key) ?? [];
    let stored = same.find((s) => sameBytes(s.data, tile.data));
    if (!stored) {
      stored = { offset: dataLength, length: tile.data.length, data: tile.data };
      offsets.set(key, [...same, stored]);
      chunks.push(tile.data);
      dataLength += tile.data.length;
    }
    const last = entries[entries.length - 1];
    if (last && last.offset === stored.offset && last.tileId + last.runLength === tile.id) last.runLength++;
    else entries.push({ tileId: tile.id, offset: stored.offset, length: stored.length, runLength: 1 });
  }
  const root = options.compress(encodeDirectory(entries));
  if (HEADER_BYTES + root.length > ROOT_LIMIT)
    throw invalidArgument(
      'tiles',
      `${root.length}-byte root directory`,
      `a root directory under ${ROOT_LIMIT - HEADER_BYTES} bytes (fewer tiles or zooms)`,
    );
  const metadata = options.compress(new TextEncoder().encode(JSON.stringify(options.metadata)));
  const rootOffset = HEADER_BYTES;
  const metadataOffset = rootOffset + root.length;
  const dataOffset = metadataOffset + metadata.length;
  const out = new Uint8Array(dataOffset + dataLength);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode('PMTiles'), 0);
  out[7] = 3;
  const u64 = (at: number, n: number) => view.setBigUint64(at, BigInt(n), true);
  u64(8, rootOffset);
  u64(16, root.length);
  u64(24, metadataOffset);
  u64(32, metadata.length);
  u64(40, dataOffset); // no leaf directories: offset where they would be, length 0
  u64(48, 0);
  u64(56, dataOffset);
  u64(64, dataLength);
  u64(72, byId.length);
  u64(80, entries.length);
  u64(88, chunks.length);
  out[96] = 1; // clustered: tile data is in tile-id order
  out[97] = 2; // internal compression: gzip
  out[98] = options.tileCompression;
  out[99] = 1; // tile type: MVT
  out[100] = options.minZoom;
  out[101] = options.maxZoom;
  const e7 = (deg: number) => Math.round(deg * 1e7);
  view.setInt32(102, e7(options.bounds[0]), true);
  view.setInt32(106, e7(options.bounds[1]), true);
  view.setInt32(110, e7(options.bounds[2]), true);
  view.setInt32(114, e7(options.bounds[3]), true);
  out[118] = options.center[2];
  view.setInt32(119, e7(options.center[0]), true);
  view.setInt32(123, e7(options.center[1]), true);
  out.set(root, rootOffset);
  out.set(metadata, metadataOffset);
  let at = dataOffset;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** Directory bytes: count, id deltas, run lengths, lengths, offsets (0 = contiguous with the previous). */
function encodeDirectory(entries: { tileId: number; offset: number; length: number; runLength: number }[]): Uint8Array {
  const bytes: number[] = [];
  writeVarint(bytes, entries.length);
  let lastId = 0;
  for (const e of entries) {
    writeVarint(bytes, e.tileId - lastId);
    lastId = e.tileId;
  }
  for (const e of entries) writeVarint(bytes, e.runLength);
  for (const e of entries) writeVarint(bytes, e.length);
  entries.forEach((e, i) => {
    const previous = entries[i - 1];
    if (i > 0 && previous && e.offset === previous.offset + previous.length) writeVarint(bytes, 0);
    else writeVarint(bytes, e.offset + 1);
  });
  return Uint8Array.from(bytes);
}

function writeVarint(out: number[], value: number): void {
  let n = value;
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
}

/** A hash key for a tile's content (FNV-1a and the length); equal keys are confirmed byte by byte. */
function contentKey(data: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < data.length; i++) h = Math.imul(h ^ (data[i] as number), 0x01000193);
  return `${data.length}:${(h >>> 0).toString(16)}`;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
