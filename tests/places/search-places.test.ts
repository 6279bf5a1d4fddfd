import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildGazetteer, romanise } from '../../scripts/build-gazetteer.ts';
import {
  buildPlaceIndex,
  type GazetteerPlace,
  type SearchablePlace,
  searchPlaces,
} from '../../src/places/search-places.ts';

const read = (name: string) => JSON.parse(readFileSync(new URL(`../../data/places/${name}`, import.meta.url), 'utf8'));
const gazetteer = read('gazetteer.json').places as GazetteerPlace[];
const index = buildPlaceIndex(gazetteer);
const names = (q: string, i = index) => searchPlaces(i, q).map((h) => h.place.name);

describe('the gazetteer, romanised at build time', () => {
  it('is what scripts/build-gazetteer.ts makes of places.json and extra.json (npm run places)', () => {
    expect(gazetteer).toEqual(buildGazetteer(read('places.json').places, read('extra.json').places));
  });

  it('carries pinyin and initials for every name', () => {
    expect(romanise('华严寺')).toEqual({ pinyin: 'huayansi', initials: 'hys' });
    expect(romanise('京拉线G109')).toEqual({ pinyin: 'jinglaxiang109', initials: 'jlxg109' });
    for (const p of gazetteer) expect(p.pinyin, p.name).toMatch(/^[a-z0-9]+$/);
  });

  it('knows the places people ask for, and says it cannot place them rather than guess', () => {
    for (const name of ['云冈石窟', '九龙壁', '大同市第一人民医院', '华严寺']) {
      const hit = searchPlaces(index, name)[0];
      expect(hit?.place.name).toBe(name);
      expect(hit?.located).toBe(false);
    }
  });
});

describe('searchPlaces', () => {
  it.each(['大同站', 'datongzhan', 'dtz', '大同'])('finds 大同站 from %s', (q) => {
    expect(names(q)).toContain('大同站');
  });

  it('puts the exact name first', () => {
    expect(names('华严寺')[0]).toBe('华严寺');
    expect(names('华严寺')).toContain('华严寺社区');
  });

  it.each([
    ['华言寺', '华严寺'],
    ['大铜站', '大同站'],
    ['云岗石窟', '云冈石窟'],
  ])('tolerates one wrong character: %s finds %s', (q, name) => {
    const hits = searchPlaces(index, q);
    expect(hits[0]?.place.name).toBe(name);
    expect(hits[0]?.match).toBe('typo');
  });

  it('tolerates a missing or an extra character', () => {
    expect(names('大同市第一民医院')[0]).toBe('大同市第一人民医院');
    expect(names('大同站站')[0]).toBe('大同站');
  });

  it.each([
    ['huayansi', '华严寺'],
    ['hua yan si', '华严寺'],
    ['hys', '华严寺'],
    ['yungangshiku', '云冈石窟'],
    ['ygsk', '云冈石窟'],
    ['huayansy', '华严寺'],
  ])('finds by pinyin or initials: %s → %s', (q, name) => {
    expect(names(q)).toContain(name);
  });

  it('does not turn two characters with one wrong into a match', () => {
    expect(searchPlaces(index, '华言')).toEqual([]);
  });

  it('returns nothing for nonsense or empty input', () => {
    expect(searchPlaces(index, '   ')).toEqual([]);
    expect(searchPlaces(index, '巴黎铁塔')).toEqual([]);
    expect(searchPlaces(index, 'xqzw')).toEqual([]);
  });

  it('searches the records’ places after the gazetteer, by name and address', () => {
    const records: SearchablePlace[] = [
      {
        id: 'record-1',
        name: '华严煤炭经销部',
        kind: 'sales-point',
        lng: 113.29,
        lat: 40.09,
        accuracyM: 10,
        source: 'record 1',
        origin: 'record',
        address: '大西街12号',
      },
      {
        id: 'record-2',
        name: '华严寺',
        kind: 'checkpoint',
        lng: 113.3,
        lat: 40.1,
        accuracyM: 5,
        source: 'record 2',
        origin: 'record',
      },
    ];
    const withRecords = buildPlaceIndex(gazetteer, records);
    const hits = searchPlaces(withRecords, '华严');
    expect(hits.map((h) => h.place.id)).toContain('record-1');
    // Same name in both: the located record ranks above the unlocated gazetteer entry; the gazetteer's own
    // entry is still offered.
    const same = searchPlaces(withRecords, '华严寺');
    expect(same[0]?.place.id).toBe('record-2');
    expect(same.map((h) => h.place.origin)).toContain('gazetteer');
    expect(searchPlaces(withRecords, '大西街12号').map((h) => h.place.id)).toEqual(['record-1']);
    expect(searchPlaces(withRecords, '华言煤炭').map((h) => h.place.id)).toEqual(['record-1']);
  });

  it('does not mutate its inputs', () => {
    const copy = structuredClone(gazetteer);
    buildPlaceIndex(gazetteer);
    expect(gazetteer).toEqual(copy);
  });

  it('takes time linear in the gazetteer size', () => {
    const copies = (n: number) =>
      Array.from({ length: n }, (_, k) => gazetteer.map((p) => ({ ...p, id: `${p.id}-${k}` }))).flat();
    const small = buildPlaceIndex(copies(4));
    const large = buildPlaceIndex(copies(40));
    const time = (i: typeof index) => {
      const started = performance.now();
      for (const q of ['华言寺', 'huayansi', '大同', 'dtz']) searchPlaces(i, q);
      return performance.now() - started;
    };
    time(small);
    time(large);
    const ratio = Math.min(...[0, 1, 2].map(() => time(large))) / Math.min(...[0, 1, 2].map(() => time(small)));
    // 10× the places: ~10× the time (quadratic would be ~100×); wide bounds for a shared machine.
    expect(ratio).toBeGreaterThan(3);
    expect(ratio).toBeLessThan(30);
  });
});
