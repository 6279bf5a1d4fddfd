/** The street tile cache in IndexedDB (fake-indexeddb): visited tiles bounded (LRU), saved areas kept and deleted. */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { BasemapDatabase } from '../../src/store/basemap-store.ts';
import {
  clearVisitedTiles,
  completeArea,
  createArea,
  deleteArea,
  getTile,
  listAreas,
  putAreaTile,
  putVisitedTile,
  tileStats,
} from '../../src/store/tile-cache.ts';

let n = 0;
const fresh = () => new BasemapDatabase(`tile-cache-test-${++n}`);
const bytes = (size: number, fill = 1) => new Uint8Array(size).fill(fill).buffer;
const area = (id: string) => ({
  id,
  bbox: { west: 113.2, south: 40, east: 113.4, north: 40.2 },
  minZoom: 12,
  maxZoom: 14,
  layers: ['tianditu-vec'],
  status: 'downloading' as const,
  tiles: 0,
  bytes: 0,
  failed: 0,
  createdAt: new Date(2026, 11, n).toISOString(),
});

describe('tile cache', () => {
  it('keeps a visited tile and gives back the same bytes', async () => {
    const db = fresh();
    await putVisitedTile(db, 'tianditu-vec', 14, 1, 2, new Uint8Array([9, 8, 7]).buffer);
    const tile = await getTile(db, 'tianditu-vec', 14, 1, 2);
    expect([...new Uint8Array(tile?.data ?? new ArrayBuffer(0))]).toEqual([9, 8, 7]);
    expect(tile?.pinned).toBe(false);
    expect(await getTile(db, 'tianditu-cva', 14, 1, 2)).toBeUndefined();
  });

  it('keeps at most `cap` visited tiles, evicting the least recently used (a read counts as a use)', async () => {
    const db = fresh();
    for (let i = 0; i < 5; i++) await putVisitedTile(db, 'v', 10, i, 0, bytes(10), 5, 1000 + i * 100_000);
    await getTile(db, 'v', 10, 0, 0, 2_000_000); // tile 0 used last now
    await putVisitedTile(db, 'v', 10, 5, 0, bytes(10), 5, 2_100_000);
    await putVisitedTile(db, 'v', 10, 6, 0, bytes(10), 5, 2_200_000);
    const left = (await db.tiles.toArray()).map((t) => t.x).sort();
    expect(left).toEqual([0, 3, 4, 5, 6]);
    expect(await db.tileData.count()).toBe(5);
  });

  it('never evicts the tiles of a saved area, and deleting the area frees them unless another area holds them', async () => {
    const db = fresh();
    await createArea(db, area('a'));
    await createArea(db, area('b'));
    for (let x = 0; x < 4; x++) await putAreaTile(db, 'a', 'v', 12, x, 0, bytes(100));
    await putAreaTile(db, 'b', 'v', 12, 3, 0, bytes(100));
    for (let x = 10; x < 20; x++) await putVisitedTile(db, 'v', 12, x, 0, bytes(10), 2);
    expect((await tileStats(db)).savedTiles).toBe(4);
    expect((await tileStats(db)).visitedTiles).toBe(2);
    await completeArea(db, 'a', { tiles: 4, bytes: 400, failed: 0 });
    expect((await listAreas(db)).find((x) => x.id === 'a')?.status).toBe('complete');
    expect(await deleteArea(db, 'a')).toBe(3);
    const left = await db.tiles.toArray();
    expect(left.filter((t) => t.pinned).map((t) => [t.x, t.areas])).toEqual([[3, ['b']]]);
    expect(await db.tileData.count()).toBe(left.length);
    expect((await listAreas(db)).map((x) => x.id)).toEqual(['b']);
  });

  it('a visited tile saved later in an area stays pinned when visited again', async () => {
    const db = fresh();
    await putVisitedTile(db, 'v', 13, 1, 1, bytes(10));
    await putAreaTile(db, 'a', 'v', 13, 1, 1, bytes(20));
    await putVisitedTile(db, 'v', 13, 1, 1, bytes(30), 0);
    expect((await getTile(db, 'v', 13, 1, 1))?.pinned).toBe(true);
    expect((await tileStats(db)).savedBytes).toBe(30);
  });

  it('counts per layer and clears visited tiles only', async () => {
    const db = fresh();
    await putVisitedTile(db, 'tianditu-vec', 14, 1, 1, bytes(1000));
    await putVisitedTile(db, 'tianditu-cva', 14, 1, 1, bytes(200));
    await putAreaTile(db, 'a', 'tianditu-vec', 14, 2, 2, bytes(3000));
    const stats = await tileStats(db);
    expect(stats.perLayer).toEqual({
      'tianditu-vec': { tiles: 2, bytes: 4000 },
      'tianditu-cva': { tiles: 1, bytes: 200 },
    });
    expect(await clearVisitedTiles(db)).toBe(2);
    expect((await tileStats(db)).savedTiles).toBe(1);
    expect((await tileStats(db)).visitedTiles).toBe(0);
  });

  it('opens a v1 basemap database (a stored .pmtiles) and keeps its basemap', async () => {
    const name = `tile-cache-upgrade-${++n}`;
    const { default: Dexie } = await import('dexie');
    const v1 = new Dexie(name);
    v1.version(1).stores({ basemaps: 'id' });
    await v1.table('basemaps').put({ id: 'user', name: 'osm.pmtiles', size: 3, savedAt: 'x', blob: new Blob(['abc']) });
    v1.close();
    const db = new BasemapDatabase(name);
    expect((await db.basemaps.get('user'))?.name).toBe('osm.pmtiles');
    await putVisitedTile(db, 'v', 1, 0, 0, bytes(5));
    expect(await db.tiles.count()).toBe(1);
  });
});
