import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { PMTiles, type Source, TileType } from 'pmtiles';
import { describe, expect, it } from 'vitest';
import { writePmtiles } from '../../src/io/write-pmtiles.ts';

/** A pmtiles Source over bytes in memory. */
function memorySource(bytes: Uint8Array): Source {
  return {
    getKey: () => 'memory',
    getBytes: async (offset: number, length: number) => ({
      data: bytes.slice(offset, offset + length).buffer as ArrayBuffer,
    }),
  };
}

const options = {
  minZoom: 0,
  maxZoom: 3,
  bounds: [113, 40, 113.5, 40.3] as [number, number, number, number],
  center: [113.3, 40.1, 2] as [number, number, number],
  tileCompression: 2 as const,
  compress: (b: Uint8Array) => gzipSync(b),
  metadata: { name: 'test', vector_layers: [] },
};

describe('writePmtiles', () => {
  it('writes an archive the pmtiles reader reads back, tile by tile', async () => {
    const tiles: { z: number; x: number; y: number; raw: Uint8Array }[] = [];
    for (let z = 0; z <= 3; z++)
      for (let x = 0; x < 2 ** z; x++)
        for (let y = 0; y < 2 ** z; y++)
          if (!(z === 3 && x === 7 && y === 7))
            tiles.push({ z, x, y, raw: new TextEncoder().encode(`tile ${z}/${x}/${y}`) });
    const archive = writePmtiles(
      tiles.map((t) => ({ z: t.z, x: t.x, y: t.y, data: gzipSync(t.raw) })),
      options,
    );
    const reader = new PMTiles(memorySource(archive));
    const header = await reader.getHeader();
    expect(header).toMatchObject({
      specVersion: 3,
      minZoom: 0,
      maxZoom: 3,
      tileType: TileType.Mvt,
      numAddressedTiles: 84,
    });
    expect(header.minLon).toBeCloseTo(113, 6);
    expect(header.maxLat).toBeCloseTo(40.3, 6);
    for (const t of tiles) {
      const got = await reader.getZxy(t.z, t.x, t.y);
      expect(new TextDecoder().decode(got?.data), `${t.z}/${t.x}/${t.y}`).toBe(`tile ${t.z}/${t.x}/${t.y}`);
    }
    expect(await reader.getZxy(3, 7, 7)).toBeUndefined();
    expect(await reader.getMetadata()).toEqual({ name: 'test', vector_layers: [] });
  });

  it('stores identical tiles once, as runs', async () => {
    const same = gzipSync(new TextEncoder().encode('ocean'));
    const tiles: { z: number; x: number; y: number; data: Uint8Array }[] = [];
    for (let x = 0; x < 8; x++) for (let y = 0; y < 8; y++) tiles.push({ z: 3, x, y, data: same });
    const archive = writePmtiles(tiles, options);
    const header = await new PMTiles(memorySource(archive)).getHeader();
    expect(header.numTileContents).toBe(1);
    expect(header.numTileEntries).toBeLessThan(64);
    expect(archive.length).toBeLessThan(127 + 200 + same.length * 2);
  });

  it('refuses duplicate tiles and a root directory past 16 KiB, naming the problem', () => {
    const t = { z: 1, x: 0, y: 0, data: new Uint8Array([1]) };
    expect(() => writePmtiles([t, t], options)).toThrow(/one tile per z\/x\/y/);
    const many: { z: number; x: number; y: number; data: Uint8Array }[] = [];
    for (let x = 0; x < 256; x++) for (let y = 0; y < 256; y++) many.push({ z: 8, x, y, data: new Uint8Array([x, y]) });
    expect(() => writePmtiles(many, { ...options, compress: (b: Uint8Array) => b })).toThrow(/root directory/);
  });

  it('the committed basemap holds the zone, districts, G109 and places as vector layers', async () => {
    const bytes = readFileSync(new URL('../../public/basemap/datong.pmtiles', import.meta.url));
    const reader = new PMTiles(memorySource(new Uint8Array(bytes)));
    const header = await reader.getHeader();
    expect(header.maxZoom).toBe(13);
    // z11 tile over the old city (113.30, 40.09).
    const tile = await reader.getZxy(11, 1668, 774);
    expect(tile).toBeDefined();
    const data = new Uint8Array(tile?.data as ArrayBuffer);
    const vt = new VectorTile(new PbfReader(data[0] === 0x1f ? gunzipSync(data) : data));
    expect(Object.keys(vt.layers).sort()).toEqual(expect.arrayContaining(['districts', 'zone_trace']));
  });
});
