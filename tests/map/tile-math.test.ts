/** Tile arithmetic: tiles of a box per zoom, counts, and the edges. */
import { describe, expect, it } from 'vitest';
import { estimateDownload } from '../../src/map/estimate-download.ts';
import { countTiles, tileBounds, tileRange, tileRanges, tilesOf } from '../../src/map/tile-math.ts';

const datong = { west: 113.2, south: 40.0, east: 113.4, north: 40.15 };

describe('tile math', () => {
  it('finds the tile of a point as the slippy-map formula does (Datong station at z 14)', () => {
    // 113.3°E → column (113.3 + 180) / 360 × 2^14 = 13348.8; 40.1°N → row 6190.x (computed by hand below).
    const r = tileRange({ west: 113.3, south: 40.1, east: 113.3001, north: 40.1001 }, 14);
    expect(r.minX).toBe(13348);
    const phi = (40.1 * Math.PI) / 180;
    const row = Math.floor(((1 - Math.asinh(Math.tan(phi)) / Math.PI) / 2) * 2 ** 14);
    expect(r.minY).toBe(row);
    expect(tileBounds({ z: 14, x: r.minX, y: r.minY }).west).toBeLessThanOrEqual(113.3);
  });

  it('covers the box: every corner lies in a tile of the range, and no tile of the range lies outside it', () => {
    for (let z = 1; z <= 18; z++) {
      const r = tileRange(datong, z);
      const first = tileBounds({ z, x: r.minX, y: r.minY });
      const last = tileBounds({ z, x: r.maxX, y: r.maxY });
      expect(first.west).toBeLessThanOrEqual(datong.west);
      expect(first.north).toBeGreaterThanOrEqual(datong.north);
      expect(last.east).toBeGreaterThanOrEqual(datong.east);
      expect(last.south).toBeLessThanOrEqual(datong.south);
      expect(first.east).toBeGreaterThan(datong.west);
      expect(last.west).toBeLessThan(datong.east);
      expect(first.south).toBeLessThan(datong.north);
      expect(last.north).toBeGreaterThan(datong.south);
    }
  });

  it('takes exactly the tiles of a box that ends on tile edges (no neighbour from the edge)', () => {
    const a = tileBounds({ z: 12, x: 3337, y: 1540 });
    const b = tileBounds({ z: 12, x: 3339, y: 1541 });
    const r = tileRange({ west: a.west, north: a.north, east: b.east, south: b.south }, 12);
    expect(r).toEqual({ z: 12, minX: 3337, maxX: 3339, minY: 1540, maxY: 1541 });
    expect(countTiles([r])).toBe(6);
  });

  it('counts the world as 4^z tiles and lists exactly the counted tiles, each once', () => {
    const world = { west: -180, south: -85.0511, east: 180, north: 85.0511 };
    expect(countTiles(tileRanges(world, 0, 3))).toBe(1 + 4 + 16 + 64);
    const ranges = tileRanges(datong, 10, 15);
    const listed = [...tilesOf(ranges)];
    expect(listed.length).toBe(countTiles(ranges));
    expect(new Set(listed.map((t) => `${t.z}/${t.x}/${t.y}`)).size).toBe(listed.length);
  });

  it('grows by about 4× a zoom for a box larger than a tile', () => {
    const counts = tileRanges(datong, 14, 17).map((r) => countTiles([r]));
    for (let i = 1; i < counts.length; i++) {
      const ratio = (counts[i] as number) / (counts[i - 1] as number);
      expect(ratio).toBeGreaterThan(3);
      expect(ratio).toBeLessThan(5);
    }
  });

  it('refuses what is not a box or a zoom', () => {
    expect(() => tileRange({ west: 114, south: 40, east: 113, north: 41 }, 10)).toThrow(/not a bbox/);
    expect(() => tileRange(datong, 10.5)).toThrow(/zoom 10.5/);
    expect(() => tileRanges(datong, 12, 11)).toThrow(/minZoom 12/);
  });
});

describe('download estimate', () => {
  it('counts every layer and weighs tiles by the mean of those on the device', () => {
    const layers = [
      { id: 'tianditu-vec', knownTiles: 20, knownBytes: 20 * 9000, typicalBytes: 14_000 },
      { id: 'tianditu-cva', knownTiles: 20, knownBytes: 20 * 1000, typicalBytes: 6000 },
    ];
    const e = estimateDownload(datong, 12, 14, layers);
    const perLayer = countTiles(tileRanges(datong, 12, 14));
    expect(e.tilesPerLayer).toBe(perLayer);
    expect(e.tiles).toBe(2 * perLayer);
    expect(e.bytes).toBe(perLayer * 10_000);
    expect(e.measured).toBe(true);
  });

  it('falls back to typical sizes, and says so, when too few tiles are known', () => {
    const e = estimateDownload(datong, 12, 12, [{ id: 'v', knownTiles: 3, knownBytes: 3, typicalBytes: 14_000 }]);
    expect(e.bytes).toBe(e.tiles * 14_000);
    expect(e.measured).toBe(false);
  });
});
