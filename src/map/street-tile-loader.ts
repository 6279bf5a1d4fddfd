/**
 * Where a street tile comes from when the map asks for `cztile://LAYER/Z/X/Y`: the device's tile cache
 * first (a saved area's tiles, or a visited tile younger than MAX_AGE_MS), else the network — the tile is
 * then kept in the cache (bounded) — else, offline, an older cached tile. So the map shows streets online,
 * and offline shows what was saved or seen. The cache is given, so this holds no database.
 */
import { fetchTile as networkTile, type TileFailure, TileFetchError } from './fetch-tile.ts';
import type { StreetLayer } from './street-sources.ts';

/** What the loader needs of the tile cache. */
export interface TileCacheAccess {
  get: (
    layer: string,
    z: number,
    x: number,
    y: number,
  ) => Promise<{ data: ArrayBuffer; fetchedAt: number; pinned: boolean } | undefined>;
  putVisited: (layer: string, z: number, x: number, y: number, data: ArrayBuffer) => Promise<void>;
}

/** One tile served, for the status line: from where, or why not. */
export type TileEvent =
  | { layer: string; source: 'network' | 'cache' | 'stale-cache' }
  | { layer: string; source: 'none'; failure: TileFailure | 'unknown-layer' };

/** A visited tile older than this is fetched again when the network answers (streets change slowly). */
export const MAX_AGE_MS = 30 * 24 * 3600 * 1000;

/** The URL scheme of street tiles inside the map. */
export const STREET_PROTOCOL = 'cztile';

/** A tile URL for the map's source. */
export function streetTileTemplate(layerId: string): string {
  return `${STREET_PROTOCOL}://${layerId}/{z}/{x}/{y}`;
}

/** Makes the loader: `load(url, signal)` resolves with the tile's bytes. */
export function createStreetTileLoader(
  layers: () => ReadonlyMap<string, StreetLayer>,
  cache: TileCacheAccess,
  onEvent: (event: TileEvent) => void = () => undefined,
  fetchTile: (url: string, signal?: AbortSignal) => Promise<ArrayBuffer> = networkTile,
): (url: string, signal?: AbortSignal) => Promise<ArrayBuffer> {
  return async (url, signal) => {
    const match = /^cztile:\/\/([^/]+)\/(\d+)\/(\d+)\/(\d+)$/.exec(url);
    if (!match) throw new Error(`not a street tile URL: ${url}`);
    const [, id, zs, xs, ys] = match as unknown as [string, string, string, string, string];
    const [z, x, y] = [Number(zs), Number(xs), Number(ys)];
    const layer = layers().get(id);
    if (!layer) {
      onEvent({ layer: id, source: 'none', failure: 'unknown-layer' });
      throw new Error(`no street layer ${id}`);
    }
    const cached = await cache.get(id, z, x, y).catch(() => undefined);
    if (cached && (cached.pinned || Date.now() - cached.fetchedAt < MAX_AGE_MS)) {
      onEvent({ layer: id, source: 'cache' });
      return cached.data;
    }
    try {
      const data = await fetchTile(layer.url(z, x, y), signal);
      // A full disk must not cost the user the tile they are looking at.
      await cache.putVisited(id, z, x, y, data).catch(() => undefined);
      onEvent({ layer: id, source: 'network' });
      return data;
    } catch (error) {
      if (signal?.aborted) throw error;
      if (cached) {
        onEvent({ layer: id, source: 'stale-cache' });
        return cached.data;
      }
      onEvent({ layer: id, source: 'none', failure: error instanceof TileFetchError ? error.failure : 'network' });
      throw error;
    }
  };
}
