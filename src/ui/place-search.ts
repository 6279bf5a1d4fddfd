/**
 * The resident's place search (loaded on first use): offline first — the embedded gazetteer, then this
 * device's own records (sales points, exempt enterprises, checkpoints) — and, when a 天地图 key is set,
 * 天地图's place search and geocoder, whose results are marked 来自网络. A name we know without a coordinate
 * says so and offers to pick the place on the map. When the network is down the offline results stay and a
 * line says why there is nothing from the network.
 */
import gazetteer from '../../data/places/gazetteer.json';
import { PLACE_RECORD_KINDS, recordPlaces } from '../places/record-places.ts';
import {
  buildPlaceIndex,
  type GazetteerPlace,
  type PlaceHit,
  type SearchablePlace,
  searchPlaces,
} from '../places/search-places.ts';
import type { OnlineFailure, OnlineResult } from '../places/tianditu-search.ts';
import type { FieldRecord } from '../records/record.ts';
import { el, replaceChildren } from './dom.ts';
import { L, type Lang, t } from './i18n.ts';

/** What the search needs from the page. */
export interface PlaceSearchDeps {
  lang: () => Lang;
  /** Checks a located place (WGS-84) and shows the answer. */
  check: (lng: number, lat: number, accuracyM: number, note: string) => void;
  /** Shows a message on the answer card, with optional buttons under it. */
  message: (text: string, actions: HTMLElement[]) => void;
  /** Lets the person tap the place on the map; the tap is then checked under this name. */
  pickOnMap: (name: string) => void;
}

/** The search, wired to its input and result list. */
export interface PlaceSearch {
  /** Runs for the current input (offline at once, online after a short pause). */
  run: () => Promise<void>;
  /** Enter: the best located result is checked (waiting for the network's when offline has none). */
  submit: () => Promise<void>;
}

const RECORDS_FRESH_MS = 5_000;
const ONLINE_PAUSE_MS = 350;

/** Reads the records' places and the online settings through src/store (Dexie loads here, not in the first view). */
async function openStore() {
  const [{ RecordsDatabase }, repo, settings] = await Promise.all([
    import('../store/records-db.ts'),
    import('../store/records-repo.ts'),
    import('../store/settings.ts'),
  ]);
  const db = new RecordsDatabase();
  return {
    records: async (): Promise<FieldRecord[]> =>
      (await Promise.all(PLACE_RECORD_KINDS.map((kind) => repo.listRecords(db, { kind })))).flat(),
    online: async () => ({ tk: await settings.loadTiandituKey(db), api: await settings.loadTiandituApi(db) }),
  };
}

/** Creates the search over `input`, rendering into `results`. */
export function createPlaceSearch(input: HTMLInputElement, results: HTMLElement, deps: PlaceSearchDeps): PlaceSearch {
  const places = (gazetteer as { places: GazetteerPlace[] }).places;
  let index = buildPlaceIndex(places);
  let recordsReadAt = -Infinity;
  const store = openStore().catch(() => null);
  let latest = 0;
  /** The online search for the query last typed: done once 天地图 answered, failed, or there is no key. */
  let online: { query: string; done: boolean; result: OnlineResult | null; pending: Promise<void> } | null = null;
  let hasKey: boolean | null = null;
  let controller: AbortController | null = null;

  const refreshRecords = async () => {
    if (performance.now() - recordsReadAt < RECORDS_FRESH_MS) return;
    recordsReadAt = performance.now();
    const s = await store;
    const records = s ? await s.records().catch(() => []) : [];
    index = buildPlaceIndex(places, recordPlaces(records));
  };

  const askOnline = (query: string): Promise<OnlineResult | null> => {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    return (async () => {
      const s = await store;
      const config = s ? await s.online().catch(() => null) : null;
      hasKey = !!config && config.tk !== '';
      if (!config || config.tk === '') return null;
      await new Promise((resolve) => setTimeout(resolve, ONLINE_PAUSE_MS));
      if (mine.signal.aborted) return null;
      const { searchTianditu } = await import('../places/tianditu-search.ts');
      return searchTianditu(query, { api: config.api, tk: config.tk, signal: mine.signal }).catch(() => null);
    })();
  };

  const choose = (hit: PlaceHit) => {
    const lang = deps.lang();
    const p = hit.place;
    if (p.lng === null || p.lat === null) {
      const pick = el(
        'button',
        { type: 'button', class: 'primary', 'data-testid': 'pick-on-map' },
        t(lang, 'pickOnMap'),
      );
      pick.addEventListener('click', () => deps.pickOnMap(p.name));
      deps.message(t(lang, 'placeUnknown', { name: p.name }), [pick]);
      return;
    }
    const from =
      p.origin === 'network'
        ? ` · ${t(lang, 'fromNetwork')}`
        : p.origin === 'record'
          ? ` · ${t(lang, 'fromRecords')}`
          : '';
    deps.check(p.lng, p.lat, p.accuracyM ?? 0, `${p.name}${p.address ? `（${p.address}）` : ''}${from}`);
  };

  const item = (hit: PlaceHit) => {
    const lang = deps.lang();
    const p = hit.place;
    const notes: string[] = [];
    if (!hit.located) notes.push(t(lang, 'unknownLocation'));
    if (hit.match === 'typo') notes.push(L(lang, '近似', 'close match'));
    if (p.origin === 'record') notes.push(t(lang, 'fromRecords'));
    const button = el(
      'button',
      { type: 'button', 'data-place': p.id, 'data-origin': p.origin, 'data-located': String(hit.located) },
      p.name,
      notes.length ? ` (${notes.join('，')})` : '',
      p.address ? el('small', {}, ` ${p.address}`) : null,
    );
    button.addEventListener('click', () => choose(hit));
    return el('li', {}, button);
  };

  const onlineLine = (): HTMLElement | null => {
    const lang = deps.lang();
    if (!online) return null;
    if (!online.done)
      return hasKey ? el('li', { class: 'hint', 'data-testid': 'online-pending' }, t(lang, 'onlineSearching')) : null;
    const result = online.result;
    if (result && !result.ok)
      return el(
        'li',
        { class: 'hint', 'data-testid': 'online-failed' },
        t(lang, 'onlineFailed', { reason: failureWords(result.reason, lang) }),
      );
    return null;
  };

  const render = (query: string) => {
    const lang = deps.lang();
    const offline = searchPlaces(index, query);
    const result = online?.query === query ? online.result : null;
    const fromNetwork = result?.ok ? searchNetwork(result.places, query) : [];
    const status = online?.query === query ? onlineLine() : null;
    if (offline.length === 0 && fromNetwork.length === 0) {
      replaceChildren(results, el('li', { class: 'hint' }, t(lang, 'searchNone', { q: query })), status);
      return;
    }
    replaceChildren(
      results,
      ...offline.map(item),
      fromNetwork.length
        ? el('li', { class: 'group', 'data-testid': 'network-group' }, t(lang, 'fromNetworkTitle'))
        : null,
      ...fromNetwork.map(item),
      status,
    );
  };

  const run = async () => {
    const ticket = ++latest;
    await refreshRecords();
    if (ticket !== latest) return;
    const query = input.value.trim();
    if (query === '') {
      controller?.abort();
      online = null;
      replaceChildren(results);
      return;
    }
    if (online?.query !== query) {
      const entry: NonNullable<typeof online> = { query, done: false, result: null, pending: Promise.resolve() };
      entry.pending = askOnline(query).then((result) => {
        entry.result = result;
        entry.done = true;
        if (online === entry) render(query);
      });
      online = entry;
    }
    render(query);
  };

  const submit = async () => {
    await run();
    const first = () =>
      (results.querySelector('button[data-located="true"]') ??
        results.querySelector('button')) as HTMLButtonElement | null;
    if (!results.querySelector('button[data-located="true"]') && online && !online.done) await online.pending;
    first()?.click();
  };

  return { run, submit };
}

/** Network results ranked like offline ones (they carry no pinyin: Chinese and Latin text only); a network
 *  result the search cannot match by name (an address hit) keeps 天地图's order after the matched ones. */
function searchNetwork(places: readonly SearchablePlace[], query: string): PlaceHit[] {
  const matched = searchPlaces(buildPlaceIndex([], places), query, 10);
  const seen = new Set(matched.map((h) => h.place.id));
  const rest = places
    .filter((p) => !seen.has(p.id))
    .map((place): PlaceHit => ({ place, located: true, match: 'contains', score: 0 }));
  return [...matched, ...rest].slice(0, 10);
}

function failureWords(reason: OnlineFailure, lang: Lang): string {
  switch (reason) {
    case 'refused':
      return L(lang, '天地图拒绝了密钥', '天地图 refused the key');
    case 'timeout':
      return L(lang, '网络超时', 'the network timed out');
    case 'bad-response':
      return L(lang, '天地图的回答无法读取', '天地图’s answer could not be read');
    default:
      return L(lang, '连不上天地图', '天地图 cannot be reached');
  }
}
