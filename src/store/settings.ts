/** Device settings kept in the records database: who is writing (role + officer id), the 天地图 key, the street layer. */
import { DEFAULT_STREET_SETTINGS, type StreetSettings } from '../map/street-sources.ts';
import type { Author } from '../records/record.ts';
import type { RecordsDatabase } from './records-db.ts';

const DEFAULT_AUTHOR: Author = { role: 'resident', officerId: '' };

/** The author set on this device, or the resident default. */
export async function loadAuthor(db: RecordsDatabase): Promise<Author> {
  return ((await db.meta.get('author'))?.value as Author | undefined) ?? DEFAULT_AUTHOR;
}

/** Saves the author. */
export async function saveAuthor(db: RecordsDatabase, author: Author): Promise<void> {
  await db.meta.put({ key: 'author', value: author });
}

/** The 天地图 key (`tk`) of the agency: the one saved on this device, else the one set at build
 *  (`VITE_TIANDITU_TK`), else '' (no online layer, no online search). Shared by the street layer and search. */
export async function loadTiandituKey(db: RecordsDatabase): Promise<string> {
  const saved = (await db.meta.get('tiandituKey'))?.value;
  if (typeof saved === 'string' && saved !== '') return saved;
  return (import.meta.env.VITE_TIANDITU_TK as string | undefined)?.trim() ?? '';
}

/** Saves the 天地图 key on this device ('' removes it, falling back to the build's key). */
export async function saveTiandituKey(db: RecordsDatabase, key: string): Promise<void> {
  const value = key.trim();
  if (value === '') await db.meta.delete('tiandituKey');
  else await db.meta.put({ key: 'tiandituKey', value });
}

/** The 天地图 web-service API (place search, geocoder) base: the one saved on this device, else the one set at
 *  build (`VITE_TIANDITU_API`, e.g. an agency mirror or a test server), else https://api.tianditu.gov.cn. */
export async function loadTiandituApi(db: RecordsDatabase): Promise<string> {
  const saved = (await db.meta.get('tiandituApi'))?.value;
  if (typeof saved === 'string' && /^https?:\/\//.test(saved)) return saved;
  const built = (import.meta.env.VITE_TIANDITU_API as string | undefined)?.trim() ?? '';
  return /^https?:\/\//.test(built) ? built : 'https://api.tianditu.gov.cn';
}

/** Saves the 天地图 API base on this device ('' removes it, falling back to the build's). */
export async function saveTiandituApi(db: RecordsDatabase, api: string): Promise<void> {
  const value = api.trim().replace(/\/+$/, '');
  if (value === '') await db.meta.delete('tiandituApi');
  else await db.meta.put({ key: 'tiandituApi', value });
}

/** The street layer settings (provider, 天地图 host, XYZ template), defaults filled in. */
export async function loadStreetSettings(db: RecordsDatabase): Promise<StreetSettings> {
  const saved = (await db.meta.get('streetLayer'))?.value as Partial<StreetSettings> | undefined;
  return { ...DEFAULT_STREET_SETTINGS, ...(saved ?? {}) };
}

/** Saves the street layer settings. */
export async function saveStreetSettings(db: RecordsDatabase, settings: StreetSettings): Promise<void> {
  await db.meta.put({ key: 'streetLayer', value: { ...settings } });
}
