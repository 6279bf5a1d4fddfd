/**
 * Renders real PNG street tiles for the test tile server (tests/helpers/tile-server.ts): a `vec` tile is an
 * opaque ground (#aac8fa, a blue no other layer of the app uses, so a screenshot can tell streets are shown)
 * with a white street grid aligned across tiles and deterministic "blocks"; a `cva` tile is transparent with
 * dark label bars. Encoded here with node:zlib (PNG: signature, IHDR, IDAT, IEND, CRC-32 per chunk — W3C PNG
 * spec https://www.w3.org/TR/png/), so the browser decodes them as it would 天地图's PNGs.
 * `tsx scripts/render-fixture-tile.ts vec 14 13344 6208 > tile.png` writes one.
 */
import { deflateSync } from 'node:zlib';
// mulberry32, the tests' seeded generator: every tile is the same on every run.
import { random as mulberry32 } from '../tests/helpers/random-zones.ts';

/** The blue of fixture street tiles, for pixel checks. */
export const FIXTURE_GROUND = [0xaa, 0xc8, 0xfa] as const;

const SIZE = 256;

/** The PNG bytes of one fixture tile. */
export function renderFixtureTile(layer: 'vec' | 'cva', z: number, x: number, y: number): Uint8Array {
  const rgba = new Uint8Array(SIZE * SIZE * 4);
  const random = mulberry32((z * 73_856_093) ^ (x * 19_349_663) ^ (y * 83_492_791));
  if (layer === 'vec') {
    fill(rgba, 0, 0, SIZE, SIZE, [...FIXTURE_GROUND, 255]);
    for (let i = 0; i < 14; i++) {
      const w = 12 + Math.floor(random() * 40);
      const h = 12 + Math.floor(random() * 40);
      fill(rgba, Math.floor(random() * (SIZE - w)), Math.floor(random() * (SIZE - h)), w, h, [0x9e, 0xbc, 0xf0, 255]);
    }
    // Streets every 64 px of the world grid at this zoom, so they continue from tile to tile.
    for (let p = 0; p < SIZE; p++) {
      if ((x * SIZE + p) % 64 < 4) fill(rgba, p, 0, 1, SIZE, [255, 255, 255, 255]);
      if ((y * SIZE + p) % 64 < 4) fill(rgba, 0, p, SIZE, 1, [255, 255, 255, 255]);
    }
  } else {
    for (let i = 0; i < 5; i++)
      fill(
        rgba,
        Math.floor(random() * 200),
        Math.floor(random() * 240),
        30 + Math.floor(random() * 26),
        8,
        [40, 40, 40, 255],
      );
  }
  return encodePng(rgba, SIZE, SIZE);
}

/** Encodes 8-bit RGBA pixels as a PNG (filter 0 on every row). */
export function encodePng(rgba: Uint8Array, width: number, height: number): Uint8Array {
  const raw = new Uint8Array((width * 4 + 1) * height);
  for (let row = 0; row < height; row++)
    raw.set(rgba.subarray(row * width * 4, (row + 1) * width * 4), row * (width * 4 + 1) + 1);
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit, RGBA, deflate, adaptive filtering, no interlace
  return concat([
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 6 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 as PNG uses it (ISO 3309). */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function fill(rgba: Uint8Array, x0: number, y0: number, w: number, h: number, color: readonly number[]): void {
  for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) rgba.set(color, (y * SIZE + x) * 4);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

if (process.argv[1]?.endsWith('render-fixture-tile.ts')) {
  const [layer, z, x, y] = process.argv.slice(2);
  if ((layer !== 'vec' && layer !== 'cva') || [z, x, y].some((v) => !/^\d+$/.test(v ?? ''))) {
    process.stderr.write('usage: tsx scripts/render-fixture-tile.ts vec|cva Z X Y > tile.png\n');
    process.exit(2);
  }
  process.stdout.write(renderFixtureTile(layer, Number(z), Number(x), Number(y)));
}
