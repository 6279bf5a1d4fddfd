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
import { countyLines, type LocationSource, renderAnswerCard, renderCardMessage } from '../ui/answer-card.ts';
import { el, replaceChildren } from '../ui/dom.ts';
import { initialLang, L, type MessageKey, t } from '../ui/i18n.ts';
import { coordinateReasonWords, errorWords, geolocationWords } from '../ui/reason-words.ts';
import { type LoadedZone, loadZone } from '../zones/catalogue.ts';
import { registerServiceWorker } from './register-sw.ts';
import { readSharedCheck, shareLink } from './share-link.ts';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const state = {
  lang: initialLang(location.search, localStorage.getItem('coalzone.lang')),
  zones: [loadZone(JSON.parse(cityZoneText), 'data/zones/datong-city-2024-106.geojson')] as LoadedZone[],
  map: null as MapView | null,
  last: null as {
    lng: number;
    lat: number;
    accuracyM: number;
    source: LocationSource;
    note: string | null;
    /** When it was checked (ms): the records form says how old the place it offers is. */
    at: number;
  } | null,
  /** A view that takes the map's taps for a while (placing a checkpoint, drawing a route). */
  pick: null as ((lng: number, lat: number, accuracyM: number) => void) | null,
  checkpoints: null as { redraw: () => void; dispose: () => void } | null,
  tracer: null as { dispose: () => void } | null,
  editor: null as { dispose: () => void } | null,
  /** The signed package the city zone came from (null: the built-in zone), and why a kept one was not used. */
  zonePackage: null as import('../zones/zone-package.ts').ZonePackage | null,
  zonePackageProblem: null as string | null,
  /** The county slots' packages answering alongside the city zone (state.zones[1…]), decision 0030. */
  countyPackages: [] as import('../zones/zone-package.ts').ZonePackage[],
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
  ['tab-zones', 'tabZones'],
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
  state.last = { lng, lat, accuracyM, source, note, at: Date.now() };
  // The city zone's answer heads the card; the county zones adopted on this phone answer beside it.
  const answer = result.zones[0] as PointAnswer;
  const link = shareLink(
    location.href,
    { lng, lat, zoneId: answer.zoneId, zoneVersion: answer.zoneVersion },
    state.lang,
  );
  history.replaceState(null, '', link);
  renderAnswerCard(card, { answer, lng, lat, source, note, link }, state.lang);
  // The district's own zone (云冈、新荣、云州 publish theirs): looked up after the answer, with its outlines.
  void import('../zones/county-slots.ts').then(({ countySlotsAt, countySlotFor }) => {
    if (state.last?.lng !== lng || state.last?.lat !== lat) return;
    const published = new Set(state.countyPackages.map((p) => p.zoneId));
    const counties = result.zones.slice(1).flatMap((a) => {
      const slot = countySlotFor(a.zoneId);
      return slot ? [{ name: slot.name, answer: a }] : [];
    });
    const lines = countyLines(countySlotsAt(lng, lat, published), counties, state.lang);
    (card.querySelector('.near-detail') ?? card.querySelector('.verdict'))?.after(...lines);
  });
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
  // The search (gazetteer, records' places, 天地图 when a key is set) loads on first use: the first answer
  // does not wait for it (src/ui/place-search.ts).
  let search: Promise<import('../ui/place-search.ts').PlaceSearch> | null = null;
  const load = () =>
    (search ??= import('../ui/place-search.ts').then(({ createPlaceSearch }) =>
      createPlaceSearch(input, $('search-results'), {
        lang: () => state.lang,
        check: (lng, lat, accuracyM, note) => check(lng, lat, accuracyM, 'place', note),
        message: (text, actions) => {
          renderCardMessage($('card'), text);
          $('card').append(...actions);
          bringIntoView($('card'));
        },
        pickOnMap: (name) => {
          renderCardMessage($('card'), t(state.lang, 'pickOnMapHint', { name }), 'info');
          setPick((lng, lat, accuracyM) => {
            setPick(null);
            check(lng, lat, accuracyM, 'map', name);
          });
          $('map').scrollIntoView({ block: 'center' });
        },
      }),
    ));
  input.addEventListener('input', () => void load().then((s) => s.run()));
  $('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void load().then((s) => s.submit());
  });
}

/** The zone packages accepted on this phone: the city's, if any, replaces the built-in city zone, and each
 *  county slot's (云冈、新荣、云州) answers alongside it (decision 0030). Each is read and checked again
 *  (signature, trusted key for that zone, validity) at every start; a package that no longer checks is not used,
 *  and the 区域 tab says why. An answer given before they were read is given again. */
async function applyAcceptedZone(): Promise<void> {
  try {
    const [{ acceptedZones }, { countySlots }] = await Promise.all([
      import('../zones/accepted-zones.ts'),
      import('../zones/county-slots.ts'),
    ]);
    const builtIn = state.zones[0] as LoadedZone;
    const ids = [builtIn.feature.properties.id, ...countySlots().map((s) => s.id)];
    const problems: string[] = [];
    const zones: LoadedZone[] = [builtIn];
    // Checked and indexed in a worker (src/zones/zone-load-worker.ts): the page answers meanwhile.
    for (const accepted of await acceptedZones(ids)) {
      const { zoneId } = accepted;
      if (!accepted.ok) {
        const { why, sequence } = accepted;
        const county = countySlots().find((c) => c.id === zoneId)?.name;
        problems.push(
          county
            ? L(
                state.lang,
                `本机保存的${county.zh}第 ${sequence} 号发布未被使用：${why.zh}。该区按尚未公布处理。`,
                `Publication ${sequence} of ${county.en} kept on this phone is not used: ${why.en}. That district counts as not yet published.`,
              )
            : L(
                state.lang,
                `本机保存的第 ${sequence} 号发布未被使用：${why.zh}。正在使用内置版本。`,
                `Publication ${sequence} kept on this phone is not used: ${why.en}. The built-in version answers.`,
              ),
        );
        continue;
      }
      const loaded: LoadedZone = { feature: accepted.pkg.zone, index: accepted.index };
      if (zoneId === ids[0]) {
        zones[0] = loaded;
        state.zonePackage = accepted.pkg;
        document.body.dataset.zoneVersion = accepted.pkg.zone.properties.version;
      } else {
        zones.push(loaded);
        state.countyPackages.push(accepted.pkg);
      }
    }
    state.zonePackageProblem = problems.length > 0 ? problems.join(' ') : null;
    state.zones = zones;
    document.body.dataset.countyZones = state.countyPackages.map((p) => p.zoneId).join(' ');
    if (zones.length > 1 || state.zonePackage) {
      if (state.last) check(state.last.lng, state.last.lat, state.last.accuracyM, state.last.source, state.last.note);
      // The answer from the adopted packages (npm run measure:zone-adopt times it).
      performance.mark('coalzone:package-answer');
    }
  } catch {
    // No IndexedDB (a private window): the built-in zone answers.
  }
}
const zonesReady = applyAcceptedZone();

/** Runs `then` once the first screen (and any shared link's answer) has been painted — the browser's own
 *  first-contentful-paint entry, not a guess from animation frames, which can run before a busy browser paints —
 *  and the main thread is idle, so MapLibre's start-up (and its 290 KiB chunk) never delays the first answer
 *  (issue 15; docs/decisions/0026). A tab that never paints (opened in the background) starts it after 3 s. */
function afterFirstPaint(then: () => void): void {
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    setTimeout(() => ('requestIdleCallback' in window ? requestIdleCallback(then, { timeout: 2_000 }) : then()), 0);
  };
  setTimeout(start, 3_000);
  if (performance.getEntriesByName('first-contentful-paint').length > 0) {
    start();
    return;
  }
  try {
    new PerformanceObserver((entries, observer) => {
      if (!entries.getEntriesByName('first-contentful-paint').length) return;
      observer.disconnect();
      start();
    }).observe({ type: 'paint', buffered: true });
  } catch {
    requestAnimationFrame(start); // no paint timing (an old browser): after the next frame
  }
}

async function startMap(): Promise<void> {
  try {
    await zonesReady;
    const [{ createMapView }, { countyColour }] = await Promise.all([
      import('../map/map-view.ts'),
      import('../zones/county-slots.ts'),
    ]);
    const blob = await (await fetch(`${import.meta.env.BASE_URL}basemap/datong.pmtiles`)).blob();
    state.map = await createMapView(
      $('map'),
      blob,
      state.zones.map((z) => ({
        // Each county zone has its own outline colour (the city's: the map's default red).
        zone: {
          ...z.feature,
          properties: { ...z.feature.properties, colour: countyColour(z.feature.properties.id) },
        } as unknown as GeoJSON.Feature,
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
    void mountStreets();
    performance.mark('coalzone:map-ready');
    document.body.dataset.mapReady = 'true';
    const map = state.map.map;
    (window as unknown as { coalzone: unknown }).coalzone = {
      project: state.map.project,
      // For browser tests: what a GeoJSON source of the map holds now (the tracer's preview, say).
      sourceData: (id: string) => (map.getSource(id) as { getData?: () => Promise<unknown> } | undefined)?.getData?.(),
      // For browser tests: a layer's paint property as the map holds it.
      paint: (layer: string, property: string) =>
        map.getPaintProperty(layer, property as Parameters<typeof map.getPaintProperty>[1]),
      // For browser tests: resolves once the map has drawn every tile it asked for.
      idle: () =>
        new Promise<void>((resolve) =>
          setTimeout(() => (map.loaded() ? resolve() : map.once('idle', () => resolve())), 150),
        ),
    };
  } catch (error) {
    document.body.dataset.mapReady = 'failed';
    $('map').replaceChildren(
      el(
        'p',
        { class: 'error', role: 'alert' },
        t(state.lang, 'mapUnavailable', { reason: errorWords(error, state.lang) }),
      ),
    );
  }
}

/** The street layer and offline maps (src/ui/offline-map-panel.ts), loaded with the map, in the basemap box. */
let streetPanel: { rerender: () => void } | null = null;
async function mountStreets(): Promise<void> {
  try {
    const [{ mountOfflineMapPanel }, { db }] = await Promise.all([import('../ui/offline-map-panel.ts'), basemaps()]);
    const box = el('div', { id: 'street-panel', class: 'street-panel' });
    $('basemap-remove').after(box);
    streetPanel = await mountOfflineMapPanel(box, {
      lang: () => state.lang,
      map: () => state.map,
      zoneCoordinates: (state.zones[0]?.feature.geometry as { coordinates?: unknown } | undefined)?.coordinates,
      tiles: db,
    });
    document.body.dataset.streetPanel = 'ready';
  } catch (error) {
    document.body.dataset.streetPanel = 'failed';
    console.error(error);
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
      $('basemap-status').textContent = t(state.lang, 'basemapError', { reason: errorWords(error, state.lang) });
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

type View = 'check' | 'records' | 'checkpoints' | 'zones';
const VIEWS: View[] = ['check', 'records', 'checkpoints', 'zones'];

function wireTabs(): void {
  const mounted = new Set<View>();
  let current: View = 'check';
  const show = async (view: View) => {
    current = view;
    $('panel').hidden = view !== 'check';
    $('records').hidden = view !== 'records';
    $('sync').hidden = view !== 'records';
    if (view === 'records') void showSyncStatus();
    else $('bureau').hidden = true;
    $('checkpoints').hidden = view !== 'checkpoints';
    $('zones').hidden = view !== 'zones';
    for (const v of VIEWS) $(`tab-${v}`).setAttribute('aria-pressed', String(v === view));
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
    // Views take the zone at mount: the one accepted on this phone, once it is read.
    await zonesReady;
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
            at: state.last.at,
          },
        setPick,
        showPoint: (lng, lat) => state.map?.showPoint(lng, lat, null),
      });
      document.body.dataset.recordsReady = 'true';
    }
    if (view === 'checkpoints') {
      const { mountCheckpointView } = await import('../ui/checkpoint-view.ts');
      const countyNames = (await import('../zones/county-slots.ts')).countySlots();
      state.checkpoints = await mountCheckpointView($('checkpoints'), {
        lang: () => state.lang,
        zone: state.zones[0] as LoadedZone,
        classify: classifyForRecords,
        map: () => state.map,
        countyZones: () =>
          state.countyPackages.map((p) => ({
            zoneId: p.zoneId,
            name: countyNames.find((c) => c.id === p.zoneId)?.name ?? { zh: p.zoneId, en: p.zoneId },
            feature: p.zone,
          })),
        setPick: (handler) => {
          setPick(handler);
        },
      });
      document.body.dataset.checkpointsReady = 'true';
    }
    if (view === 'zones') {
      const [{ mountTracePanel }, { mountBoundaryImport }] = await Promise.all([
        import('../ui/trace-panel.ts'),
        import('../ui/boundary-import-panel.ts'),
      ]);
      const zoneDeps = {
        lang: state.lang,
        zone: () => (state.zones[0] as LoadedZone).feature,
        map: () => state.map,
        today: () => formatBeijingTime(Date.now()).slice(0, 10),
      };
      const { mountZonePackagePanel } = await import('../ui/zone-package-panel.ts');
      const slots = (await import('../zones/county-slots.ts')).countySlots();
      await zonesReady;
      const { mountZoneEditor } = await import('../ui/zone-editor-panel.ts');
      const published = el('div', { id: 'zones-published' });
      const publishing = el('div', { id: 'zones-publishing' });
      const editor = el('div', { id: 'zones-editor' });
      const tracer = el('div', { id: 'zones-trace' });
      const boundary = el('div', { id: 'zones-import' });
      replaceChildren($('zones'), published, publishing, editor, tracer, boundary);
      state.editor?.dispose();
      state.editor = await mountZoneEditor(editor, {
        lang: state.lang,
        zone: () => (state.zones[0] as LoadedZone).feature,
        map: () => state.map,
        points: storedRecordPlaces,
      });
      mountZonePackagePanel(published, {
        lang: state.lang,
        zone: () => (state.zones[0] as LoadedZone).feature,
        active: () => state.zonePackage,
        startupProblem: () => state.zonePackageProblem,
        points: storedRecordPlaces,
        counties: () =>
          slots.map((c) => ({ ...c, active: state.countyPackages.find((p) => p.zoneId === c.id) ?? null })),
        reload: () => location.reload(),
      });
      const { mountZonePublishPanel } = await import('../ui/zone-publish-panel.ts');
      await mountZonePublishPanel(publishing, {
        lang: state.lang,
        zone: () => (state.zones[0] as LoadedZone).feature,
        active: () => state.zonePackage,
      });
      state.tracer?.dispose();
      state.tracer = mountTracePanel(tracer, { ...zoneDeps, points: storedRecordPlaces });
      mountBoundaryImport(boundary, zoneDeps);
      document.body.dataset.zonesReady = 'true';
    }
  };
  for (const v of VIEWS) $(`tab-${v}`).addEventListener('click', () => void show(v));
  state.remountViews = () => {
    bureau?.dispose();
    bureau = null;
    if (current === 'records') void showBureau();
    state.checkpoints?.dispose();
    state.checkpoints = null;
    state.tracer?.dispose();
    state.tracer = null;
    state.editor?.dispose();
    state.editor = null;
    mounted.clear();
    void show(current);
  };
}

/** The sync status line above the records (src/ui/sync-status.ts), loaded with the records tab. */
let syncLine: Promise<import('../ui/sync-status.ts').SyncStatusLine> | null = null;
async function showSyncStatus(): Promise<void> {
  if (syncLine) return void (await syncLine).refresh();
  syncLine = import('../ui/sync-status.ts').then(({ mountSyncStatus }) =>
    mountSyncStatus($('sync'), {
      lang: () => state.lang,
      onEnrolled: () => void showBureau(),
      onSynced: () => void state.records?.refresh(),
    }),
  );
  await syncLine;
  await showBureau();
}

/** The bureau's page under the records, on a device enrolled as an admin (src/ui/bureau-panel.ts). */
let bureau: import('../ui/bureau-panel.ts').BureauPanel | null = null;
async function showBureau(): Promise<void> {
  if (localStorage.getItem('coalzone.sync') !== '1') return;
  if (bureau?.active) {
    $('bureau').hidden = document.body.dataset.view !== 'records';
    return void (await bureau.refresh());
  }
  const { mountBureauPanel } = await import('../ui/bureau-panel.ts');
  bureau = await mountBureauPanel($('bureau'), {
    lang: state.lang,
    showPoint: (lng, lat) => state.map?.showPoint(lng, lat, null),
    onChange: async () => {
      await state.records?.refresh();
    },
  });
  if (document.body.dataset.view !== 'records') $('bureau').hidden = true;
}

/** A phone that syncs starts its engine soon after the first view (sends queued reports, retries when back
 *  online); a phone that never set a server loads none of it. */
function startSyncWhenSet(): void {
  if (localStorage.getItem('coalzone.sync') !== '1') return;
  setTimeout(() => void import('../sync/app-sync.ts').then(({ appSync }) => appSync().engine.syncNow()), 1_500);
}

/** The places of the records on this phone (for the tracer's "records whose answer changes"). */
async function storedRecordPlaces(): Promise<{ id: string; lng: number; lat: number }[]> {
  const { RecordsDatabase } = await import('../store/records-db.ts');
  const db = new RecordsDatabase();
  try {
    const rows = await db.records.toArray();
    return rows.filter((r) => !r.deleted).map((r) => ({ id: r.id, lng: r.location.lng, lat: r.location.lat }));
  } finally {
    db.close();
  }
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
    streetPanel?.rerender();
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
startSyncWhenSet();
afterFirstPaint(() => void startMap());
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
