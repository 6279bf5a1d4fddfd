import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BasemapDatabase, loadBasemap, removeBasemap, saveBasemap } from '../../src/store/basemap-store.ts';

const archive = readFileSync(new URL('../../public/basemap/datong.pmtiles', import.meta.url));
const file = (bytes: Uint8Array, name: string) => Object.assign(new Blob([bytes as Uint8Array<ArrayBuffer>]), { name });

describe('basemap store', () => {
  it('keeps a PMTiles file across database reopenings, and removes it', async () => {
    const db = new BasemapDatabase('t1');
    await saveBasemap(db, file(archive, 'datong-osm.pmtiles'));
    db.close();
    const again = new BasemapDatabase('t1');
    const stored = await loadBasemap(again);
    expect(stored?.name).toBe('datong-osm.pmtiles');
    expect(stored?.size).toBe(archive.length);
    await removeBasemap(again);
    expect(await loadBasemap(again)).toBeUndefined();
  });

  it('refuses a file that is not PMTiles v3, and keeps the previous basemap', async () => {
    const db = new BasemapDatabase('t2');
    await saveBasemap(db, file(archive, 'good.pmtiles'));
    await expect(
      saveBasemap(db, file(new TextEncoder().encode('{"type":"FeatureCollection"}'), 'x.geojson')),
    ).rejects.toThrow(/not a PMTiles archive/);
    const v2 = new Uint8Array(archive);
    v2[7] = 2;
    await expect(saveBasemap(db, file(v2, 'old.pmtiles'))).rejects.toThrow(/version 2/);
    expect((await loadBasemap(db))?.name).toBe('good.pmtiles');
  });

  it('reports a quota error clearly and keeps the previous basemap', async () => {
    const db = new BasemapDatabase('t3');
    await saveBasemap(db, file(archive, 'good.pmtiles'));
    const put = db.basemaps.put.bind(db.basemaps);
    db.basemaps.put = () => Promise.reject(Object.assign(new Error('quota'), { name: 'QuotaExceededError' })) as never;
    await expect(saveBasemap(db, file(archive, 'big.pmtiles'))).rejects.toThrow(/not enough storage/);
    db.basemaps.put = put;
    expect((await loadBasemap(db))?.name).toBe('good.pmtiles');
  });
});
