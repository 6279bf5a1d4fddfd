/**
 * Decodes an 8-bit, non-interlaced PNG (what Chromium's screenshots are) into RGBA pixels, so a browser test
 * can say what the map shows. Filters 0–4 as in the PNG spec (https://www.w3.org/TR/png/#9Filters).
 */
import { inflateSync } from 'node:zlib';

/** Decoded pixels: RGBA, row by row. */
export interface Pixels {
  width: number;
  height: number;
  rgba: Uint8Array;
}

/** Decodes the PNG; throws on what it does not handle (palette, 16-bit, interlaced). */
export function readPng(png: Uint8Array): Pixels {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let at = 8;
  let width = 0;
  let height = 0;
  let colorType = 0;
  const idat: Uint8Array[] = [];
  while (at < png.length) {
    const length = view.getUint32(at);
    const type = new TextDecoder().decode(png.subarray(at + 4, at + 8));
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = view.getUint32(at + 8);
      height = view.getUint32(at + 12);
      colorType = data[9] as number;
      if (data[8] !== 8 || data[12] !== 0 || (colorType !== 2 && colorType !== 6))
        throw new Error(`readPng: only 8-bit RGB/RGBA non-interlaced (got depth ${data[8]}, type ${colorType})`);
    } else if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const channels = colorType === 6 ? 4 : 3;
  const stride = width * channels;
  const out = new Uint8Array(width * height * 4);
  let previous = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)] as number;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = new Uint8Array(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? (row[i - channels] as number) : 0;
      const b = previous[i] as number;
      const c = i >= channels ? (previous[i - channels] as number) : 0;
      const x = line[i] as number;
      const predictor =
        filter === 0 ? 0 : filter === 1 ? a : filter === 2 ? b : filter === 3 ? (a + b) >> 1 : paeth(a, b, c);
      row[i] = (x + predictor) & 0xff;
    }
    for (let px = 0; px < width; px++) {
      out.set(row.subarray(px * channels, px * channels + 3), (y * width + px) * 4);
      out[(y * width + px) * 4 + 3] = channels === 4 ? (row[px * 4 + 3] as number) : 255;
    }
    previous = row;
  }
  return { width, height, rgba: out };
}

/** The share of pixels within `tolerance` of a colour on every channel. */
export function shareOfColour(pixels: Pixels, rgb: readonly number[], tolerance: number): number {
  let hits = 0;
  for (let i = 0; i < pixels.rgba.length; i += 4)
    if ([0, 1, 2].every((c) => Math.abs((pixels.rgba[i + c] as number) - (rgb[c] as number)) <= tolerance)) hits++;
  return hits / (pixels.width * pixels.height);
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
