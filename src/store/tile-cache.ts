/**
 * The street tile cache in IndexedDB (Dexie, the basemap database's v2 tables): tiles the map showed online
 * (bounded: at most `cap` of them, least recently used evicted first) and tiles of areas saved for offline
 * use (kept until their area is deleted). Meta and bytes are separate tables so that statistics and eviction
 * never read an image. Why IndexedDB and not Cache Storage: docs/decisions/0020-street-tiles-offline.md.
 */
import Dexie from 'dexie';
import type { BasemapDatabase, TileArea, TileMeta } from './basemap-store.ts';

/** How many visited (not saved) tiles are kept: ~2,000 × 10–20 KB ≈ 20–40 MB. */
export const VISITED_TILE_CAP = 2000;

/** A cached tile. */
export interface CachedTile {
  data: ArrayBuffer;
  fetchedAt: number;
  pinned: boolean;
}

/** Tiles and bytes on the device, per layer, visited and saved. */
export interface TileStats {
  visitedTiles: number;
  visitedBytes: number;
  savedTiles: number;
  savedBytes: number;
  perLayer: Record<string, { tiles: number; bytes: number }>;
}

/** The cache key of a tile. */
export function tileKey(layer: string, z: number, x: number, y: number): string {
  return `${layer}/${z}/${x}/${y}`;
}

/** A cached tile, marking it used (at most once a minute: a read should not always cost a write). */
export async function getTile(
  db: BasemapDatabase,
  layer: string,
  z: number,
  x: number,
  y: number,
  now = Date.now(),
): Promise<CachedTile | undefined> {
  const key = tileKey(layer, z, x, y);
  const [meta, data] = await Promise.all([db.tiles.get(key), db.tileData.get(key)]);
  if (!meta || !data) return undefined;
  if (now - meta.lastUsed > 60_000) await db.tiles.update(key, { lastUsed: now });
  return { data: data.data, fetchedAt: meta.fetchedAt, pinned: meta.pinned === 1 };
}

/** Keeps a tile the map fetched online; past `cap` visited tiles the least recently used go. A tile of a
 *  saved area keeps its areas (its bytes are refreshed). */
export async function putVisitedTile(
  db: BasemapDatabase,
  layer: string,
  z: number,
  x: number,
  y: number,
  data: ArrayBuffer,
  cap = VISITED_TILE_CAP,
  now = Date.now(),
): Promise<void> {
  const key = tileKey(layer, z, x, y);
  await write(db, async () => {
    const old = await db.tiles.get(key);
    const areas = old?.areas ?? [];
    await db.tiles.put(meta(key, layer, z, x, y, data.byteLength, now, areas));
    await db.tileData.put({ key, data });
    if (areas.length === 0) await evictVisited(db, cap);
  });
}

/** Stores a tile as part of a saved area. */
export async function putAreaTile(
  db: BasemapDatabase,
  areaId: string,
  layer: string,
  z: number,
  x: number,
  y: number,
  data: ArrayBuffer,
  now = Date.now(),
): Promise<void> {
  const key = tileKey(layer, z, x, y);
  await write(db, async () => {
    const old = await db.tiles.get(key);
    const areas = [...new Set([...(old?.areas ?? []), areaId])];
    await db.tiles.put(meta(key, layer, z, x, y, data.byteLength, now, areas));
    await db.tileData.put({ key, data });
  });
}

/** Records an area about to be downloaded (status 'downloading'). */
export async function createArea(db: BasemapDatabase, area: TileArea): Promise<void> {
  await db.tileAreas.put(area);
}

/** Marks an area downloaded, with what it holds. */
export async function completeArea(
  db: BasemapDatabase,
  id: string,
  totals: { tiles: number; bytes: number; failed: number },
): Promise<void> {
  await db.tileAreas.update(id, { ...totals, status: 'complete' });
}

/** The saved areas, newest first. */
export async function listAreas(db: BasemapDatabase): Promise<TileArea[]> {
  return (await db.tileAreas.toArray()).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** Deletes a saved area: its tiles go unless another area holds them. Returns how many tiles were removed. */
export async function deleteArea(db: BasemapDatabase, id: string): Promise<number> {
  let removed = 0;
  await db.transaction('rw', db.tiles, db.tileData, db.tileAreas, async () => {
    const held = await db.tiles.where('areas').equals(id).toArray();
    const gone: string[] = [];
    for (const tile of held) {
      const areas = tile.areas.filter((a) => a !== id);
      if (areas.length === 0) gone.push(tile.key);
      else await db.tiles.put({ ...tile, areas });
    }
    await db.tiles.bulkDelete(gone);
    await db.tileData.bulkDelete(gone);
    await db.tileAreas.delete(id);
    removed = gone.length;
  });
  return removed;
}

/** Removes every visited tile (saved areas stay). */
export async function clearVisitedTiles(db: BasemapDatabase): Promise<number> {
  return db.transaction('rw', db.tiles, db.tileData, async () => {
    const keys = await visitedKeys(db).primaryKeys();
    await db.tiles.bulkDelete(keys);
    await db.tileData.bulkDelete(keys);
    return keys.length;
  });
}

/** What the cache holds. */
export async function tileStats(db: BasemapDatabase): Promise<TileStats> {
  const stats: TileStats = { visitedTiles: 0, visitedBytes: 0, savedTiles: 0, savedBytes: 0, perLayer: {} };
  await db.tiles.each((t) => {
    if (t.pinned) {
      stats.savedTiles++;
      stats.savedBytes += t.bytes;
    } else {
      stats.visitedTiles++;
      stats.visitedBytes += t.bytes;
    }
    const layer = stats.perLayer[t.layer] ?? { tiles: 0, bytes: 0 };
    stats.perLayer[t.layer] = layer;
    layer.tiles++;
    layer.bytes += t.bytes;
  });
  return stats;
}

function meta(
  key: string,
  layer: string,
  z: number,
  x: number,
  y: number,
  bytes: number,
  now: number,
  areas: string[],
) {
  return {
    key,
    layer,
    z,
    x,
    y,
    bytes,
    fetchedAt: now,
    lastUsed: now,
    pinned: areas.length > 0 ? 1 : 0,
    areas,
  } as TileMeta;
}

function visitedKeys(db: BasemapDatabase) {
  return db.tiles.where('[pinned+lastUsed]').between([0, Dexie.minKey], [0, Dexie.maxKey]);
}

async function evictVisited(db: BasemapDatabase, cap: number): Promise<void> {
  const over = (await visitedKeys(db).count()) - cap;
  if (over <= 0) return;
  const oldest = await visitedKeys(db).limit(over).primaryKeys();
  await db.tiles.bulkDelete(oldest);
  await db.tileData.bulkDelete(oldest);
}

/** One write transaction over the tile tables. */
async function write(db: BasemapDatabase, body: () => Promise<void>): Promise<void> {
  await db.transaction('rw', db.tiles, db.tileData, body);
}

/** Whether a failed write failed because the device's storage for this site is full. */
export function isQuotaError(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  const inner = (error as { inner?: { name?: string } } | null)?.inner?.name;
  return name === 'QuotaExceededError' || inner === 'QuotaExceededError';
}
