/**
 * Where a record is, on its form (issue 14 item 17): the place is always shown — coordinates, accuracy, how it
 * was given and the zone answer there — and set by GPS (a fresh fix, never a cached one), a tap on the map or
 * typed coordinates / a pasted map link. The last place checked on 查询 is taken only while it is fresh
 * (10 minutes) and then says so with its time; an older one is offered as a button with its time, never
 * used silently. An edited record starts at its own place and can be moved.
 */
import type { PointAnswer } from '../geo/classify-point.ts';
import type { Crs } from '../geo/convert-crs.ts';
import { readLocationText } from '../geo/read-location-text.ts';
import { formatBeijingTime } from '../io/parse-time.ts';
import type { RecordLocation } from '../records/record.ts';
import { SOURCE_LABELS, ZONE_LABELS } from '../records/record-labels.ts';
import { button, el, replaceChildren } from './dom.ts';
import { L, type Lang, t } from './i18n.ts';
import { coordinateReasonWords, geolocationWords } from './reason-words.ts';

/** The last place checked on 查询, with when (ms since the epoch). */
export type CheckedPlace = RecordLocation & { at?: number };

/** What the place field needs from the app. */
export interface PlaceDeps {
  lang: Lang;
  classify: (lng: number, lat: number, accuracyM: number) => PointAnswer | null;
  lastLocation: () => CheckedPlace | null;
  /** Waits for one tap on the map (null cancels). Absent: no map to tap. */
  setPick?: (handler: ((lng: number, lat: number, accuracyM: number) => void) | null) => void;
  /** Marks the place on the map. */
  showPoint?: (lng: number, lat: number) => void;
  /** Told each place chosen (the view keeps it for the next form, e.g. after the kind is switched). */
  placeChosen?: (place: RecordLocation) => void;
}

/** How long the last checked place is taken without asking. */
const FRESH_MS = 10 * 60_000;

/** The field: its element, the place chosen (or null), and a way to show a refusal. */
export interface PlaceField {
  element: HTMLElement;
  value: () => RecordLocation | null;
  error: (text: string) => void;
  /** Leaves a pending map pick (when the form goes away). */
  dispose: () => void;
}

/** Builds the field, starting at `initial` (an edited record's place) or the fresh last checked place. */
export function placeField(deps: PlaceDeps, initial: RecordLocation | null): PlaceField {
  const { lang } = deps;
  let place: RecordLocation | null = initial ? { ...initial } : null;
  let origin = '';
  const last = deps.lastLocation();
  const lastTime = last?.at ? formatBeijingTime(last.at).slice(11, 16) : '';
  if (!place && last && last.at !== undefined && Date.now() - last.at <= FRESH_MS) {
    place = strip(last);
    origin = L(lang, `（取自 ${lastTime} 在“查询”中查过的位置）`, ` (the place checked at ${lastTime} on Check)`);
  }
  const shown = el('p', { class: 'place-now', 'data-testid': 'record-place' });
  const error = el('span', { class: 'field-error', id: 'field-place-error', role: 'alert' });
  const note = el('p', { class: 'hint', 'data-testid': 'record-place-note', role: 'status' });
  const show = () => {
    error.textContent = '';
    if (!place) {
      shown.className = 'place-now warn';
      shown.textContent = L(
        lang,
        '尚未定位：请用 GPS、在地图上点选或输入坐标。',
        'No place yet: use GPS, tap the map or type coordinates.',
      );
      return;
    }
    const answer = deps.classify(place.lng, place.lat, place.accuracyM);
    const zone = answer
      ? `${ZONE_LABELS[answer.status][lang]}${L(lang, `，距边界约 ${Math.round(Math.abs(answer.signedDistanceM))} 米`, `, ~${Math.round(Math.abs(answer.signedDistanceM))} m from the line`)}`
      : L(lang, '无法判断区内外', 'inside or outside cannot be told');
    shown.className = 'place-now';
    shown.textContent = L(
      lang,
      `经度 ${place.lng.toFixed(5)}，纬度 ${place.lat.toFixed(5)}（±${Math.round(place.accuracyM)} 米，${SOURCE_LABELS[place.source].zh}）· ${zone}${origin}`,
      `Longitude ${place.lng.toFixed(5)}, latitude ${place.lat.toFixed(5)} (±${Math.round(place.accuracyM)} m, ${SOURCE_LABELS[place.source].en}) · ${zone}${origin}`,
    );
    deps.showPoint?.(place.lng, place.lat);
  };
  const set = (next: RecordLocation, from = '') => {
    place = next;
    origin = from;
    deps.placeChosen?.(next);
    note.textContent = '';
    show();
  };

  const gps = button(L(lang, 'GPS 定位', 'Use GPS'), { testid: 'place-gps' });
  gps.addEventListener('click', () => {
    if (!navigator.geolocation) {
      note.textContent = L(lang, '此浏览器不能定位', 'This browser cannot locate');
      return;
    }
    note.textContent = t(lang, 'gpsWaiting');
    gps.disabled = true;
    navigator.geolocation.getCurrentPosition(
      (p) => {
        gps.disabled = false;
        set({ lng: p.coords.longitude, lat: p.coords.latitude, accuracyM: p.coords.accuracy, source: 'gps' });
      },
      (e) => {
        gps.disabled = false;
        note.textContent = geolocationWords(e, lang);
      },
      // A fresh fix: an officer who walked to the shop must not get the fix from the street (issue 14 item 3).
      { enableHighAccuracy: true, maximumAge: 0, timeout: 20_000 },
    );
  });

  let picking = false;
  const pick = button(L(lang, '在地图上点选', 'Tap the map'), { testid: 'place-pick' });
  const stopPick = () => {
    if (!picking) return;
    picking = false;
    deps.setPick?.(null);
    pick.textContent = L(lang, '在地图上点选', 'Tap the map');
  };
  pick.hidden = !deps.setPick;
  pick.addEventListener('click', () => {
    if (picking) {
      stopPick();
      note.textContent = '';
      return;
    }
    picking = true;
    pick.textContent = L(lang, '取消点选', 'Cancel the tap');
    note.textContent = L(lang, '请在地图上点记录的位置', 'Tap the record’s place on the map');
    document.getElementById('map')?.scrollIntoView({ block: 'nearest' });
    deps.setPick?.((lng, lat, accuracyM) => {
      stopPick();
      set({ lng, lat, accuracyM, source: 'map' });
      element.scrollIntoView({ block: 'nearest' });
    });
  });

  const typed = el('input', {
    id: 'place-typed',
    class: 'place-typed-input',
    inputmode: 'decimal',
    placeholder: t(lang, 'typedPlaceholder'),
    'aria-label': L(lang, '输入坐标或粘贴地图链接', 'Type coordinates or paste a map link'),
  });
  const crs = el('select', { id: 'place-crs', class: 'place-typed-crs', 'aria-label': t(lang, 'crsLabel') });
  for (const [value, key] of [
    ['WGS84', 'crsWgs'],
    ['GCJ02', 'crsGcj'],
    ['BD09', 'crsBd'],
  ] as const)
    crs.append(el('option', { value }, t(lang, key)));
  const useTyped = button(L(lang, '用此坐标', 'Use these coordinates'), { testid: 'place-typed-use' });
  useTyped.addEventListener('click', () => {
    const read = readLocationText(typed.value, crs.value as Crs);
    if (!read.ok) {
      error.textContent = coordinateReasonWords(read.reason, lang);
      typed.setAttribute('aria-invalid', 'true');
      return;
    }
    typed.removeAttribute('aria-invalid');
    set({ lng: read.lng, lat: read.lat, accuracyM: read.accuracyM, source: 'typed' });
  });

  const useLast = button(
    L(lang, `用 ${lastTime} 在“查询”中查过的位置`, `Use the place checked at ${lastTime} on Check`),
    { testid: 'place-last', hidden: !last || place !== null },
  );
  useLast.addEventListener('click', () => {
    if (!last) return;
    set(
      strip(last),
      L(lang, `（取自 ${lastTime} 在“查询”中查过的位置）`, ` (the place checked at ${lastTime} on Check)`),
    );
    useLast.hidden = true;
  });

  const element = el(
    'fieldset',
    { class: 'place-field', 'data-testid': 'place-field' },
    el('legend', {}, L(lang, '位置 *', 'Place *')),
    shown,
    el('div', { class: 'place-ways' }, gps, pick, useLast),
    el('div', { class: 'place-typed' }, typed, crs, useTyped),
    note,
    error,
  );
  show();
  return {
    element,
    value: () => place,
    error: (text) => {
      replaceChildren(error, text);
    },
    dispose: stopPick,
  };
}

function strip(p: CheckedPlace): RecordLocation {
  return { lng: p.lng, lat: p.lat, accuracyM: p.accuracyM, source: p.source };
}
