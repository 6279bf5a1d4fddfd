import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildPlaceIndex, type Place, searchPlaces } from '../../src/places/search-places.ts';

const places = JSON.parse(readFileSync(new URL('../../data/places/places.json', import.meta.url), 'utf8'))
  .places as Place[];
const index = buildPlaceIndex(places);

describe('searchPlaces', () => {
  it.each(['大同站', 'datongzhan', 'dtz', '大同'])('finds 大同站 from %s', (q) => {
    expect(searchPlaces(index, q).map((h) => h.place.name)).toContain('大同站');
  });

  it('finds a village it cannot place, and says so', () => {
    const hit = searchPlaces(index, '上皇庄').find((h) => h.place.name.includes('上皇庄'));
    expect(hit?.located).toBe(false);
  });

  it('returns nothing for nonsense or empty input', () => {
    expect(searchPlaces(index, '   ')).toEqual([]);
    expect(searchPlaces(index, '巴黎铁塔')).toEqual([]);
  });
});
