/**
 * Keeps a user-loaded basemap (.pmtiles) on the device, in IndexedDB through Dexie, so it survives reloads
 * and works offline. The only Dexie importer for basemaps (CONVENTIONS §7). A file is checked before it is
 * stored (PMTiles magic and version 3); a failed write (quota) leaves the previous basemap in place.
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

/** The database: one table, one row ('user'). */
export class BasemapDatabase extends Dexie {
  basemaps!: Table<StoredBasemap, string>;
  constructor(name = 'coalzone-basemaps') {
    super(name);
    this.version(1).stores({ basemaps: 'id' });
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
