/**
 * Downloading an area and serving street tiles, against our loopback 天地图-style server (real HTTP, real PNGs)
 * with the real tile cache on fake-indexeddb: the exact tiles are fetched and kept, the estimate matches,
 * cancel stops midway, a refused key stops at once, and the loader serves from the cache with the server down.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadTiles } from '../../src/map/download-area.ts';
import { estimateDownload } from '../../src/map/estimate-download.ts';
import { fetchTile, TileFetchError } from '../../src/map/fetch-tile.ts';
import { DEFAULT_STREET_SETTINGS, resolveStreetLayers, type StreetLayer } from '../../src/map/street-sources.ts';
import { createStreetTileLoader, type TileEvent } from '../../src/map/street-tile-loader.ts';
import { countTiles, tileRanges, tilesOf } from '../../src/map/tile-math.ts';
import { BasemapDatabase } from '../../src/store/basemap-store.ts';
import { getTile, putAreaTile, putVisitedTile, tileStats } from '../../src/store/tile-cache.ts';
import { startTileServer, type TileServer } from '../helpers/tile-server.ts';

const KEY = 'test-key-3f9a';
let server: TileServer;
let n = 0;
const box = { west: 113.28, south: 40.08, east: 113.32, north: 40.11 };

beforeAll(async () => {
  server = await startTileServer(KEY);
});
afterAll(async () => {
  await server.stop();
});

function layers(key = KEY): StreetLayer[] {
  const r = resolveStreetLayers({ ...DEFAULT_STREET_SETTINGS, tiandituHost: server.url }, key);
  if (!r.ok) throw new Error(r.reason);
  return r.layers;
}

describe('area download against the loopback tile server', () => {
  it('fetches and keeps exactly the estimated tiles, for both layers, and the byte estimate holds', async () => {
    const db = new BasemapDatabase(`download-${++n}`);
    // Tiles seen first (views at z 13 and 14) give the estimate its measured mean.
    for (const layer of layers())
      for (const { z, x, y } of tilesOf(tileRanges(box, 13, 14)))
        await putVisitedTile(db, layer.id, z, x, y, await fetchTile(layer.url(z, x, y)));
    const stats = await tileStats(db);
    expect(stats.perLayer['tianditu-vec']?.tiles).toBeGreaterThanOrEqual(8);
    const ranges = tileRanges(box, 13, 16);
    const estimate = estimateDownload(
      box,
      13,
      16,
      layers().map((l) => ({
        id: l.id,
        knownTiles: stats.perLayer[l.id]?.tiles ?? 0,
        knownBytes: stats.perLayer[l.id]?.bytes ?? 0,
        typicalBytes: l.typicalBytes,
      })),
    );
    server.served.length = 0;
    const seen: number[] = [];
    const result = await downloadTiles(
      ranges,
      layers(),
      { fetchTile, saveTile: (layer, z, x, y, data) => putAreaTile(db, 'a1', layer, z, x, y, data) },
      { signal: new AbortController().signal, onProgress: (p) => seen.push(p.done) },
    );
    expect(result.total).toBe(estimate.tiles);
    expect(result.saved).toBe(estimate.tiles);
    expect(server.served.length).toBe(estimate.tiles);
    expect(new Set(server.served.map((t) => `${t.layer}/${t.z}/${t.x}/${t.y}`)).size).toBe(estimate.tiles);
    expect(seen.at(-1)).toBe(estimate.tiles);
    expect((await tileStats(db)).savedTiles).toBe(estimate.tiles);
    expect(result.bytes).toBe(server.served.reduce((s, t) => s + t.bytes, 0));
    // The estimate from the sample is within 25 % of what came.
    expect(Math.abs(estimate.bytes - result.bytes) / result.bytes).toBeLessThan(0.25);
  });

  it('stops when cancelled: in-flight requests abort, fewer tiles than the whole are saved', async () => {
    const db = new BasemapDatabase(`download-${++n}`);
    const ranges = tileRanges(box, 14, 16);
    const total = countTiles(ranges) * 2;
    server.delayMs = 30;
    const controller = new AbortController();
    let saved = 0;
    const run = downloadTiles(
      ranges,
      layers(),
      {
        fetchTile,
        saveTile: async (layer, z, x, y, data) => {
          await putAreaTile(db, 'a2', layer, z, x, y, data);
          if (++saved === 10) controller.abort(new DOMException('cancelled', 'AbortError'));
        },
      },
      { signal: controller.signal, concurrency: 3 },
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    server.delayMs = 0;
    const kept = await db.tiles.count();
    expect(kept).toBeGreaterThanOrEqual(10);
    expect(kept).toBeLessThan(total / 2);
  });

  it('stops at once when the server refuses the key (403), naming it', async () => {
    const refused = server.refused.length;
    const run = downloadTiles(
      tileRanges(box, 14, 15),
      layers('wrong-key'),
      { fetchTile, saveTile: async () => undefined },
      { signal: new AbortController().signal },
    );
    await expect(run).rejects.toMatchObject({ failure: 'rejected', status: 403 });
    expect(server.refused.length - refused).toBeLessThanOrEqual(8);
  });

  it('refuses a 200 answer that is not an image, so it is never cached as a tile', async () => {
    await expect(fetchTile(`${server.url}/vec_w/wmts?SERVICE=WMTS`)).rejects.toBeInstanceOf(TileFetchError);
  });
});

describe('street tile loader', () => {
  it('fetches online and caches, then serves the cache with the server stopped, and fails plainly without it', async () => {
    const db = new BasemapDatabase(`loader-${++n}`);
    const byId = new Map(layers().map((l) => [l.id, l]));
    const events: TileEvent[] = [];
    const load = createStreetTileLoader(
      () => byId,
      {
        get: (layer, z, x, y) => getTile(db, layer, z, x, y),
        putVisited: (layer, z, x, y, data) => putVisitedTile(db, layer, z, x, y, data),
      },
      (e) => events.push(e),
    );
    const first = await load('cztile://tianditu-vec/15/26697/12386');
    expect(new Uint8Array(first).subarray(1, 4)).toEqual(new TextEncoder().encode('PNG'));
    expect(events.at(-1)).toEqual({ layer: 'tianditu-vec', source: 'network' });
    await server.stop();
    try {
      const again = await load('cztile://tianditu-vec/15/26697/12386');
      expect(new Uint8Array(again)).toEqual(new Uint8Array(first));
      expect(events.at(-1)).toEqual({ layer: 'tianditu-vec', source: 'cache' });
      await expect(load('cztile://tianditu-vec/15/26698/12386')).rejects.toBeInstanceOf(TileFetchError);
      expect(events.at(-1)).toEqual({ layer: 'tianditu-vec', source: 'none', failure: 'network' });
    } finally {
      await server.start();
    }
  });
});
