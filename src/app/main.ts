/**
 * The resident check: bootstraps the zone, the map and the four ways to give a place (GPS, map tap, typed
 * coordinates or a pasted map link, place search), and shows the answer card. The answer comes from src/geo
 * (never from the rendered map), so it works before the map has loaded, and without WebGL at all.
 */
import '@fontsource/noto-sans/latin-400.css';
import './style.css';
import cityZoneText from '../../data/zones/datong-city-2024-106.geojson?raw';
import { classifyPointInZones, type PointAnswer } from '../geo/classify-point.ts';
import type { Crs } from '../geo/convert-crs.ts';
import { readLocationText } from '../geo/read-location-text.ts';
import { circlePolygon, type EdgeProperties, edgeLines, uncertaintyBands } from '../geo/uncertainty-bands.ts';
import { formatBeijingTime } from '../io/parse-time.ts';
import type { MapView } from '../map/map-view.ts';
import type { Place, PlaceIndex } from '../places/search-places.ts';
import { type LocationSource, renderAnswerCard, renderCardMessage } from '../ui/answer-card.ts';
import { el, replaceChildren } from '../ui/dom.ts';
import { initialLang, type MessageKey, t } from '../ui/i18n.ts';
import { coordinateReasonWords, geolocationWords } from '../ui/reason-words.ts';
import { type LoadedZone, loadZone } from '../zones/catalogue.ts';
import { registerServiceWorker } from './register-sw.ts';
import { readSharedCheck, shareLink } from './share-link.ts';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const state = {
  lang: initialLang(location.search, localStorage.getItem('coalzone.lang')),
  zones: [loadZone(JSON.parse(cityZoneText), 'data/zones/datong-city-2024-106.geojson')] as LoadedZone[],
  map: null as MapView | null,
  places: null as PlaceIndex | null,
  last: null as { lng: number; lat: number; accuracyM: number; source: LocationSource; note: string | null } | null,
  /** A view that takes the map's taps for a while (placing a checkpoint, drawing a route). */
  pick: null as ((lng: number, lat: number, accuracyM: number) => void) | null,
  checkpoints: null as { redraw: () => void; dispose: () => void } | null,
  /** Rebuilds the record and checkpoint views (after a language change). */
  remountViews: (): void => undefined,
  records: null as { refresh: () => Promise<void> } | null,
};

const TEXTS: [string, MessageKey][] = [
  ['title', 'title'],
  ['subtitle', 'subtitle'],
  ['provisional', 'provisional'],
  ['ways-title', 'waysTitle'],
  ['gps', 'gps'],
  ['tap-hint', 'tapHint'],
  ['typed-label', 'typedLabel'],
  ['crs-label', 'crsLabel'],
  ['crs-wgs', 'crsWgs'],
  ['crs-gcj', 'crsGcj'],
  ['crs-bd', 'crsBd'],
  ['typed-submit', 'check'],
  ['search-label', 'searchLabel'],
  ['basemap-title', 'basemapTitle'],
  ['basemap-label', 'basemapLoad'],
  ['basemap-remove', 'basemapRemove'],
  ['lang', 'language'],
  ['tab-check', 'tabCheck'],
  ['tab-records', 'tabRecords'],
  ['tab-checkpoints', 'tabCheckpoints'],
  ['report-open', 'reportOpen'],
];

function applyTexts(): void {
  const { lang } = state;
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.title = `${t(lang, 'title')} · coalzone`;
  for (const [id, key] of TEXTS) $(id).textContent = t(lang, key);
  $('lang').setAttribute('lang', lang === 'zh' ? 'en' : 'zh-CN');
  $<HTMLInputElement>('typed').placeholder = t(lang, 'typedPlaceholder');
  $<HTMLInputElement>('search').placeholder = t(lang, 'searchPlaceholder');
  if (state.last) check(state.last.lng, state.last.lat, state.last.accuracyM, state.last.source, state.last.note);
}

/** Checks a WGS-84 point and shows the answer. */
function check(lng: number, lat: number, accuracyM: number, source: LocationSource, note: string | null): void {
  const card = $('card');
  const result = classifyPointInZones(
    state.zones.map((z) => z.index),
    lng,
    lat,
    { accuracyM },
  );
  if (!result.ok) {
    renderCardMessage(card, t(state.lang, 'invalid', { message: coordinateReasonWords(result.reason, state.lang) }));
    return;
  }
  if (!state.last) performance.mark('coalzone:first-answer');
  state.last = { lng, lat, accuracyM, source, note };
  const answer = result.zones.find((z) => z.status === result.status) as PointAnswer;
  const link = shareLink(
    location.href,
    { lng, lat, zoneId: answer.zoneId, zoneVersion: answer.zoneVersion },
    state.lang,
  );
  history.replaceState(null, '', link);
  renderAnswerCard(card, { answer, lng, lat, source, note, link }, state.lang);
  const here = el(
    'button',
    { type: 'button', class: 'secondary', 'data-testid': 'report-here' },
    t(state.lang, 'reportHere'),
  );
  here.addEventListener('click', () => void openReport());
  card.append(here);
  state.map?.showPoint(lng, lat, accuracyM > 0 ? circlePolygon(lng, lat, accuracyM) : null);
  bringIntoView(card);
}

/** The answer (or the message) is where the person looks next: scroll it into view if it is off screen. */
function bringIntoView(card: HTMLElement): void {
  const box = card.getBoundingClientRect();
  if (box.top < 0 || box.top > window.innerHeight - 80)
    card.scrollIntoView({
      block: 'start',
      behavior: window.matchMedia('(prefers-reduced-motion)').matches ? 'auto' : 'smooth',
    });
}

/** A phone fix vaguer than this cannot answer for a house (a cell-tower or Wi-Fi guess). */
const VAGUE_FIX_M = 1000;

function wireGps(): void {
  $('gps').addEventListener('click', () => {
    if (!('geolocation' in navigator)) {
      renderCardMessage(
        $('card'),
        t(state.lang, 'gpsDenied', {
          reason: state.lang === 'zh' ? '此设备不支持定位' : 'this device has no geolocation',
        }),
      );
      return;
    }
    renderCardMessage($('card'), t(state.lang, 'gpsWaiting'), 'info');
    // A fresh fix every time (maximumAge 0): someone who walked to the edge must not get the old answer.
    navigator.geolocation.getCurrentPosition(
      (p) => {
        if (p.coords.accuracy > VAGUE_FIX_M) {
          renderCardMessage($('card'), t(state.lang, 'gpsVague', { acc: Math.round(p.coords.accuracy) }));
          bringIntoView($('card'));
          return;
        }
        const age = Math.max(0, Math.round((Date.now() - p.timestamp) / 1000));
        const time = formatBeijingTime(p.timestamp).slice(11);
        check(p.coords.longitude, p.coords.latitude, p.coords.accuracy, 'gps', t(state.lang, 'gpsFix', { time, age }));
      },
      (e) => {
        renderCardMessage($('card'), t(state.lang, 'gpsDenied', { reason: geolocationWords(e, state.lang) }));
        bringIntoView($('card'));
      },
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 0 },
    );
  });
}

/** How typed text was read, in words (never the internal code "amap" or "lat,lng"). */
const READ_AS: Record<string, MessageKey> = {
  'lng,lat': 'readAsLngLat',
  'lat,lng': 'readAsLatLng',
  amap: 'readAsAmap',
  baidu: 'readAsBaidu',
  tencent: 'readAsTencent',
  geo: 'readAsGeo',
};

function wireTyped(): void {
  $('typed-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const text = $<HTMLInputElement>('typed').value;
    const crs = $<HTMLSelectElement>('crs').value as Crs;
    const read = readLocationText(text, crs);
    if (!read.ok) {
      renderCardMessage(
        $('card'),
        t(state.lang, 'invalid', { message: coordinateReasonWords(read.reason, state.lang) }),
      );
      return;
    }
    check(
      read.lng,
      read.lat,
      read.accuracyM,
      'typed',
      `${t(state.lang, READ_AS[read.readAs] ?? 'readAsLngLat')}${read.name ? ` · ${read.name}` : ''}`,
    );
  });
}

function wireSearch(): void {
  const input = $<HTMLInputElement>('search');
  const results = $('search-results');
  // The gazetteer and pinyin dictionary load on first use: the first answer does not wait for them. Each
  // run renders only if no newer keystroke started a run meanwhile.
  let latest = 0;
  const run = async () => {
    const ticket = ++latest;
    const { buildPlaceIndex, searchPlaces } = await import('../places/search-places.ts');
    if (!state.places) {
      const data = (await import('../../data/places/places.json')).default as { places: Place[] };
      state.places ??= buildPlaceIndex(data.places);
    }
    if (ticket !== latest) return;
    const q = input.value;
    const hits = searchPlaces(state.places, q);
    if (q.trim() === '') return replaceChildren(results);
    if (hits.length === 0)
      return replaceChildren(results, el('li', { class: 'hint' }, t(state.lang, 'searchNone', { q })));
    replaceChildren(
      results,
      ...hits.map((hit) => {
        const suffix = hit.located ? '' : ` (${t(state.lang, 'unknownLocation')})`;
        const button = el('button', { type: 'button', 'data-place': hit.place.id }, hit.place.name, suffix);
        button.addEventListener('click', () => {
          const p = hit.place;
          if (p.lng === null || p.lat === null)
            renderCardMessage($('card'), t(state.lang, 'placeUnknown', { name: p.name }));
          else check(p.lng, p.lat, p.accuracyM ?? 0, 'place', p.name);
        });
        return el('li', {}, button);
      }),
    );
  };
  input.addEventListener('input', () => void run());
  $('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void run().then(() => (results.querySelector('button') as HTMLButtonElement | null)?.click());
  });
}

async function startMap(): Promise<void> {
  try {
    const { createMapView } = await import('../map/map-view.ts');
    const blob = await (await fetch(`${import.meta.env.BASE_URL}basemap/datong.pmtiles`)).blob();
    state.map = await createMapView(
      $('map'),
      blob,
      state.zones.map((z) => ({
        zone: z.feature as unknown as GeoJSON.Feature,
        bands: uncertaintyBands(z.index),
        edges: edgeLines(z.index),
      })),
      {
        // A tap is as precise as ~10 screen pixels at the current zoom.
        onPick: (lng, lat) => {
          const zoom = state.map?.map.getZoom() ?? 12;
          const accuracyM = Math.round(((156_543.03 * Math.cos((lat * Math.PI) / 180)) / 2 ** zoom) * 10);
          if (state.pick) return state.pick(lng, lat, accuracyM);
          check(lng, lat, accuracyM, 'map', null);
        },
        isPicking: () => state.pick !== null,
        onEdge: (edge) => edgeInfo(edge),
      },
    );
    const { store, db } = await basemaps();
    const stored = await store.loadBasemap(db).catch(() => undefined);
    if (stored) showBasemap(stored.name, stored.size, stored.blob);
    if (state.last)
      state.map.showPoint(
        state.last.lng,
        state.last.lat,
        state.last.accuracyM > 0 ? circlePolygon(state.last.lng, state.last.lat, state.last.accuracyM) : null,
      );
    state.checkpoints?.redraw();
    performance.mark('coalzone:map-ready');
    document.body.dataset.mapReady = 'true';
    (window as unknown as { coalzone: unknown }).coalzone = { project: state.map.project };
  } catch (error) {
    document.body.dataset.mapReady = 'failed';
    $('map').replaceChildren(
      el('p', { class: 'error', role: 'alert' }, `Map unavailable: ${(error as Error).message}`),
    );
  }
}

/** The popup for a tapped edge: its side, the notice's clause, the landmarks, and the band's width. */
function edgeInfo(edge: EdgeProperties): HTMLElement | null {
  const zone = state.zones.find((z) => z.index.id === edge.zoneId);
  const side = zone?.feature.properties.sides.find((s) => s.id === edge.side);
  if (!side) return null;
  const name = state.lang === 'zh' ? side.name.zh : side.name.en;
  return el(
    'div',
    { class: 'edge-info', 'data-testid': 'edge-info' },
    el('strong', {}, name),
    el('p', { lang: 'zh-CN' }, side.clause),
    el('p', {}, `${t(state.lang, 'landmarks')}: ${side.landmarks.join('、')}`),
    el('p', {}, t(state.lang, 'bandWidth', { unc: Math.round(edge.uncertaintyM) })),
  );
}

/** The basemap store (Dexie) loads with the map, not with the first answer: the first view carries no Dexie. */
let basemapStore: Promise<{
  store: typeof import('../store/basemap-store.ts');
  db: import('../store/basemap-store.ts').BasemapDatabase;
}> | null = null;
function basemaps() {
  basemapStore ??= import('../store/basemap-store.ts').then((store) => ({ store, db: new store.BasemapDatabase() }));
  return basemapStore;
}

function showBasemap(name: string, size: number, blob: Blob | null): void {
  state.map?.setUserBasemap(blob, name);
  $('basemap-status').textContent = blob
    ? t(state.lang, 'basemapLoaded', { name, size: `${(size / 2 ** 20).toFixed(1)} MB` })
    : '';
  $('basemap-remove').hidden = !blob;
}

function wireBasemap(): void {
  $<HTMLInputElement>('basemap-file').addEventListener('change', async (event) => {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (!file) return;
    try {
      const { store, db } = await basemaps();
      const stored = await store.saveBasemap(db, file);
      showBasemap(stored.name, stored.size, stored.blob);
    } catch (error) {
      $('basemap-status').textContent = t(state.lang, 'basemapError', { reason: (error as Error).message });
    }
  });
  $('basemap-remove').addEventListener('click', async () => {
    const { store, db } = await basemaps();
    await store.removeBasemap(db);
    showBasemap('', 0, null);
  });
}

const classifyForRecords = (lng: number, lat: number, accuracyM: number) => {
  const r = classifyPointInZones(
    state.zones.map((z) => z.index),
    lng,
    lat,
    { accuracyM },
  );
  return r.ok ? (r.zones.find((z) => z.status === r.status) ?? null) : null;
};

/** Enters (a handler) or leaves (null) a pick mode. Entering closes the edge popup, which would take the tap
 *  meant for the pick; while picking, the map has its full height again (the checkpoint tab shrinks it). */
function setPick(handler: ((lng: number, lat: number, accuracyM: number) => void) | null): void {
  state.pick = handler;
  if (handler) state.map?.closePopup();
  document.body.dataset.picking = String(handler !== null);
  state.map?.map.resize();
}

type View = 'check' | 'records' | 'checkpoints';

function wireTabs(): void {
  const mounted = new Set<View>();
  let current: View = 'check';
  const show = async (view: View) => {
    current = view;
    $('panel').hidden = view !== 'check';
    $('records').hidden = view !== 'records';
    $('checkpoints').hidden = view !== 'checkpoints';
    for (const v of ['check', 'records', 'checkpoints'] as View[])
      $(`tab-${v}`).setAttribute('aria-pressed', String(v === view));
    setPick(null);
    // The checkpoint tab gives the map less room on a phone (the inspection must fit one screen): the map
    // has to learn its new size.
    document.body.dataset.view = view;
    state.map?.map.resize();
    if (mounted.has(view)) {
      if (view === 'records') await state.records?.refresh();
      return;
    }
    mounted.add(view);
    if (view === 'records') {
      const { mountRecordsView } = await import('../ui/records-view.ts');
      state.records = await mountRecordsView($('records'), {
        lang: () => state.lang,
        classify: classifyForRecords,
        onRecords: (records) => {
          const features = records.map((r) => ({
            type: 'Feature' as const,
            properties: { kind: r.kind, status: r.status },
            geometry: { type: 'Point' as const, coordinates: [r.location.lng, r.location.lat] },
          }));
          state.map?.setRecords({ type: 'FeatureCollection', features });
          document.body.dataset.recordsOnMap = String(features.length);
        },
        lastLocation: () =>
          state.last && {
            lng: state.last.lng,
            lat: state.last.lat,
            accuracyM: state.last.accuracyM,
            source: state.last.source,
          },
      });
      document.body.dataset.recordsReady = 'true';
    }
    if (view === 'checkpoints') {
      const { mountCheckpointView } = await import('../ui/checkpoint-view.ts');
      state.checkpoints = await mountCheckpointView($('checkpoints'), {
        lang: () => state.lang,
        zone: state.zones[0] as LoadedZone,
        classify: classifyForRecords,
        map: () => state.map,
        setPick: (handler) => {
          setPick(handler);
        },
      });
      document.body.dataset.checkpointsReady = 'true';
    }
  };
  for (const v of ['check', 'records', 'checkpoints'] as View[])
    $(`tab-${v}`).addEventListener('click', () => void show(v));
  state.remountViews = () => {
    state.checkpoints?.dispose();
    state.checkpoints = null;
    mounted.clear();
    void show(current);
  };
}

/** The resident's report form, loaded on first use, at the last place checked (movable on the map). */
async function openReport(): Promise<void> {
  const box = $('report');
  const { mountReportForm } = await import('../ui/report-view.ts');
  mountReportForm(box, {
    lang: state.lang,
    place: () =>
      state.last && {
        lng: state.last.lng,
        lat: state.last.lat,
        accuracyM: state.last.accuracyM,
        source: state.last.source,
      },
    classify: classifyForRecords,
    setPick,
    showPoint: (lng, lat) => state.map?.showPoint(lng, lat, null),
  });
  box.hidden = false;
  box.scrollIntoView({ block: 'start' });
}

function wireLang(): void {
  $('lang').addEventListener('click', () => {
    state.lang = state.lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem('coalzone.lang', state.lang);
    applyTexts();
    // An open report form is in the old language: close it (nothing typed there was saved yet).
    $('report').hidden = true;
    replaceChildren($('report'));
    state.remountViews();
  });
}

applyTexts();
$('report-open').addEventListener('click', () => void openReport());
wireGps();
wireTyped();
wireSearch();
wireBasemap();
wireLang();
wireTabs();
const shared = readSharedCheck(location.search);
if (shared) check(shared.lng, shared.lat, 0, 'typed', t(state.lang, 'sharedLink'));
document.body.dataset.ready = 'true';
void startMap();
void navigator.storage?.persist?.().catch(() => false);
registerServiceWorker({
  onUpdate: (apply) => {
    const bar = $('update');
    replaceChildren(
      bar,
      t(state.lang, 'updateReady'),
      ' ',
      el('button', { type: 'button', class: 'primary', id: 'reload' }, t(state.lang, 'reload')),
    );
    bar.hidden = false;
    $('reload').addEventListener('click', apply);
  },
  onOffline: () => {
    $('offline').textContent = t(state.lang, 'offlineReady');
  },
});
