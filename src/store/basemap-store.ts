/**
 * Keeps a user-loaded basemap (.pmtiles) on the device, in IndexedDB through Dexie, so it survives reloads
 * and works offline. The only Dexie importer for basemaps (CONVENTIONS §7). A file is checked before it is
 * stored (PMTiles magic and version 3); a failed write (quota) leaves the previous basemap in place.
 * Version 2 adds the street tile cache's tables (operations in tile-cache.ts).
 */
import Dexie, { type Table } from 'dexie';
import { InputError } from '../errors.ts';

/** A stored basemap. */
export interface StoredBasemap {
  id: 'user';
  name: string;
  size: number;
  savedAt: string;
  blob: Blob;
}

/** What the tile cache knows of one street tile (small: statistics and eviction read only these). */
export interface TileMeta {
  /** `layer/z/x/y`. */
  key: string;
  layer: string;
  z: number;
  x: number;
  y: number;
  bytes: number;
  /** When it came from the network (ms since 1970). */
  fetchedAt: number;
  /** When the map last used it, for the least-recently-used eviction of visited tiles. */
  lastUsed: number;
  /** 1 while a saved area holds it (never evicted), else 0 (IndexedDB cannot index booleans). */
  pinned: 0 | 1;
  /** The saved areas holding it. */
  areas: string[];
}

/** A tile's bytes, apart from its meta so that counting and evicting never read images. */
export interface TileData {
  key: string;
  data: ArrayBuffer;
}

/** An area saved for offline use ("下载此区域离线地图"). */
export interface TileArea {
  id: string;
  bbox: { west: number; south: number; east: number; north: number };
  minZoom: number;
  maxZoom: number;
  layers: string[];
  /** 'downloading' until every tile was tried; an area left so (page closed) shows as unfinished. */
  status: 'downloading' | 'complete';
  tiles: number;
  bytes: number;
  failed: number;
  createdAt: string;
}

/** The database: the user basemap (one row, 'user'); street tiles (meta + bytes) and saved areas (v2). */
export class BasemapDatabase extends Dexie {
  basemaps!: Table<StoredBasemap, string>;
  tiles!: Table<TileMeta, string>;
  tileData!: Table<TileData, string>;
  tileAreas!: Table<TileArea, string>;
  constructor(name = 'coalzone-basemaps') {
    super(name);
    this.version(1).stores({ basemaps: 'id' });
    this.version(2).stores({
      basemaps: 'id',
      tiles: 'key, layer, [pinned+lastUsed], *areas',
      tileData: 'key',
      tileAreas: 'id',
    });
  }
}

/** Checks that a file is a PMTiles v3 archive; throws InputError naming what is wrong. */
export async function checkPmtilesFile(file: Blob & { name?: string }): Promise<void> {
  const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  const magic = new TextDecoder().decode(head.slice(0, 7));
  if (magic !== 'PMTiles')
    throw new InputError('UNSUPPORTED_FORMAT', `${file.name ?? 'the file'} is not a PMTiles archive`);
  if (head[7] !== 3)
    throw new InputError(
      'UNSUPPORTED_FORMAT',
      `${file.name ?? 'the file'} is PMTiles version ${head[7]}; version 3 is needed`,
    );
}

/** Stores a basemap file, replacing the previous one in one transaction. */
export async function saveBasemap(db: BasemapDatabase, file: Blob & { name?: string }): Promise<StoredBasemap> {
  await checkPmtilesFile(file);
  const row: StoredBasemap = {
    id: 'user',
    name: file.name ?? 'basemap.pmtiles',
    size: file.size,
    savedAt: new Date().toISOString(),
    blob: file,
  };
  try {
    await db.transaction('rw', db.basemaps, async () => {
      await db.basemaps.put(row);
    });
  } catch (error) {
    const name = (error as { name?: string; inner?: { name?: string } }).name;
    const inner = (error as { inner?: { name?: string } }).inner?.name;
    if (name === 'QuotaExceededError' || inner === 'QuotaExceededError')
      throw new InputError(
        'MALFORMED_FILE',
        `not enough storage on this device for ${row.name} (${row.size} bytes); the previous basemap is kept`,
      );
    throw error;
  }
  return row;
}

/** The stored basemap, if any. */
export async function loadBasemap(db: BasemapDatabase): Promise<StoredBasemap | undefined> {
  return db.basemaps.get('user');
}

/** Removes the stored basemap. */
export async function removeBasemap(db: BasemapDatabase): Promise<void> {
  await db.basemaps.delete('user');
}
