/**
 * Offline place search over the gazetteer (data/places/places.json): Chinese names, full pinyin and
 * initials ("datongzhan", "dtz" → 大同站), with MiniSearch's prefix and fuzzy matching. Places without a
 * sourced coordinate are still found — so the app can say "we know this name but cannot place it" instead
 * of guessing.
 */
import MiniSearch from 'minisearch';
import { pinyin } from 'pinyin-pro';

/** One gazetteer entry. lng/lat are WGS-84, null when no sourced coordinate exists. */
export interface Place {
  id: string;
  name: string;
  nameEn?: string;
  kind: string;
  lng: number | null;
  lat: number | null;
  accuracyM: number | null;
  source: string;
}

/** A search hit. */
export interface PlaceHit {
  place: Place;
  located: boolean;
  score: number;
}

/** A built search index (plain data + the MiniSearch instance). */
export interface PlaceIndex {
  places: Map<string, Place>;
  search: MiniSearch;
}

/** Builds the index. */
export function buildPlaceIndex(places: readonly Place[]): PlaceIndex {
  const search = new MiniSearch({
    fields: ['name', 'pinyin', 'initials', 'nameEn'],
    storeFields: [],
    // Chinese has no spaces: index every character and the whole name, so 大同 finds 大同站.
    tokenize: (text) => {
      const words = text
        .toLowerCase()
        .split(/[\s,，·()（）/]+/)
        .filter(Boolean);
      const chars = /[\u4e00-\u9fff]/.test(text) ? [...text.replace(/\s+/g, '')] : [];
      return [...words, ...chars];
    },
    searchOptions: { prefix: true, fuzzy: (term) => (term.length > 3 ? 0.2 : 0), boost: { name: 3, initials: 2 } },
  });
  search.addAll(
    places.map((p) => ({
      id: p.id,
      name: p.name,
      nameEn: p.nameEn ?? '',
      pinyin: pinyin(p.name, { toneType: 'none', type: 'array' }).join(''),
      initials: pinyin(p.name, { pattern: 'first', toneType: 'none', type: 'array' }).join(''),
    })),
  );
  return { places: new Map(places.map((p) => [p.id, p])), search };
}

/** Searches; located places first, then by score. */
export function searchPlaces(index: PlaceIndex, query: string, limit = 8): PlaceHit[] {
  const q = query.trim();
  if (q === '') return [];
  const hits = index.search.search(q, { combineWith: /[\u4e00-\u9fff]/.test(q) ? 'AND' : 'OR' });
  return hits
    .map((h) => {
      const place = index.places.get(String(h.id)) as Place;
      const exact = place.name === q ? 1000 : 0;
      return { place, located: place.lng !== null && place.lat !== null, score: h.score + exact };
    })
    .sort((a, b) => Number(b.located) - Number(a.located) || b.score - a.score)
    .slice(0, limit);
}
