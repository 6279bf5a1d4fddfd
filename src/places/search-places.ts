/**
 * Offline place search: the embedded gazetteer (data/places/gazetteer.json, romanised at build time by
 * scripts/build-gazetteer.ts), then the records' own places (sales points, exempt enterprises, checkpoints).
 * Chinese names with one-character typos, full pinyin and initials ("huayansi", "hys" → 华严寺). Places
 * without a sourced coordinate are still found, so the app can say "we know this name but cannot place it"
 * instead of guessing. One linear pass over the places per query (match-name.ts); no dictionary in the browser.
 */
import { type MatchKind, matchChinese, matchLatin } from './match-name.ts';

/** One place. lng/lat are WGS-84, null when no sourced coordinate exists. */
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

/** A gazetteer entry as built: the name's pinyin and initials come with it. */
export interface GazetteerPlace extends Place {
  pinyin: string;
  initials: string;
}

/** Where a place comes from: the embedded gazetteer, this device's records, or 天地图 online. */
export type PlaceOrigin = 'gazetteer' | 'record' | 'network';

/** A place in the index: its origin, and an address to search and show (records, network results). */
export interface SearchablePlace extends Place {
  origin: PlaceOrigin;
  address?: string;
}

/** A search hit. */
export interface PlaceHit {
  place: SearchablePlace;
  located: boolean;
  match: MatchKind;
  score: number;
}

interface Entry {
  place: SearchablePlace;
  pinyin: string;
  initials: string;
  nameEn: string;
}

/** A built index: plain data, ready for searchPlaces. */
export interface PlaceIndex {
  entries: readonly Entry[];
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/** Builds the index from the gazetteer, then the records' places (these carry no pinyin: found by their
 *  characters, address and Latin text). Does not mutate its inputs. */
export function buildPlaceIndex(
  gazetteer: readonly GazetteerPlace[],
  records: readonly SearchablePlace[] = [],
): PlaceIndex {
  const entries: Entry[] = [];
  for (const { pinyin, initials, ...place } of gazetteer)
    entries.push({ place: { ...place, origin: 'gazetteer' }, pinyin, initials, nameEn: place.nameEn ?? '' });
  for (const place of records)
    entries.push({
      place,
      pinyin: '',
      initials: '',
      nameEn: `${place.nameEn ?? ''} ${CJK.test(place.name) ? '' : place.name}`,
    });
  return { entries };
}

/** Origins rank in this order when scores tie: the gazetteer, then records, then the network. */
const ORIGIN_RANK: Record<PlaceOrigin, number> = { gazetteer: 0, record: 1, network: 2 };

/** Searches: best match first; among equal matches, located places first, then the gazetteer before records. */
export function searchPlaces(index: PlaceIndex, query: string, limit = 8): PlaceHit[] {
  const q = query.trim().replace(/\s+/g, ' ');
  if (q === '') return [];
  const chinese = CJK.test(q);
  // The best `limit` hits, kept in order while scanning: O(places × limit), linear in the gazetteer's size
  // (no sort of every hit: "大同" matches hundreds of names).
  const best: PlaceHit[] = [];
  const before = (a: PlaceHit, b: PlaceHit) =>
    a.score > b.score || (a.score === b.score && ORIGIN_RANK[a.place.origin] < ORIGIN_RANK[b.place.origin]);
  for (const entry of index.entries) {
    const { place } = entry;
    let match = chinese ? matchChinese(q, place.name) : matchLatin(q, entry);
    if (!match && chinese && place.address) {
      const inAddress = matchChinese(q, place.address);
      // A hit in the address ranks below any hit in a name.
      if (inAddress && inAddress.kind !== 'typo') match = { kind: inAddress.kind, score: inAddress.score - 45 };
    }
    if (!match) continue;
    const located = place.lng !== null && place.lat !== null;
    const hit: PlaceHit = { place, located, match: match.kind, score: match.score + (located ? 5 : 0) };
    if (best.length === limit && !before(hit, best[limit - 1] as PlaceHit)) continue;
    let at = best.length;
    while (at > 0 && before(hit, best[at - 1] as PlaceHit)) at--;
    best.splice(at, 0, hit);
    if (best.length > limit) best.pop();
  }
  return best;
}
