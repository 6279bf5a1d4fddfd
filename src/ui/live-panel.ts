/**
 * Live mode: follows the phone's GPS (watchPosition) and alerts on entering and leaving the zone — shown,
 * spoken (speechSynthesis, zh-CN) and felt (vibrate) — with the smoothed hysteresis of live-alerts.ts, so
 * driving along the line does not set off an alert storm. A recorded track can be replayed through the same
 * follower to see what it would have alerted.
 */
import { type Fix, followFix, type LiveAlert, type LiveState, START } from '../checkpoints/live-alerts.ts';
import type { ZoneIndex } from '../geo/zone-index.ts';
import { formatBeijingTime } from '../io/parse-time.ts';
import { readTrackFile } from '../io/read-file.ts';
import type { MapView } from '../map/map-view.ts';
import { button, el, replaceChildren } from './dom.ts';
import { L, type Lang } from './i18n.ts';
import { errorWords, geolocationWords } from './reason-words.ts';

/** Accuracy assumed for replayed fixes that carry none (GPX, KML). */
const REPLAY_ACCURACY_M = 10;

/** Mounts the panel; the returned function stops following (when the view is taken down). */
export function mountLivePanel(root: HTMLElement, lang: Lang, index: ZoneIndex, map: () => MapView | null): () => void {
  const start = button(L(lang, '开始跟踪（GPS）', 'Start following (GPS)'), { primary: true, testid: 'live-start' });
  const stop = button(L(lang, '停止', 'Stop'), { testid: 'live-stop', hidden: true });
  const speak = el('input', { id: 'live-speak', type: 'checkbox', checked: '' });
  const state = el('p', { class: 'live-state', role: 'status', 'data-testid': 'live-state' });
  const alerts = el('ol', { class: 'record-list', 'data-testid': 'live-alerts', 'aria-live': 'assertive' });
  const replay = el('input', { id: 'live-replay', type: 'file', accept: '.gpx,.kml,.geojson,.json,.csv,.txt' });
  let live: LiveState = START;
  let watch: number | null = null;

  const describe = (s: LiveState['state']) =>
    s === 'inside'
      ? L(lang, '在禁煤区内', 'inside the zone')
      : s === 'outside'
        ? L(lang, '在禁煤区外', 'outside the zone')
        : L(lang, '判断中…', 'deciding…');

  const announce = (alert: LiveAlert, quiet: boolean) => {
    const words =
      alert.kind === 'entered'
        ? L(lang, '已进入禁煤区', 'Entered the coal-ban zone')
        : L(lang, '已离开禁煤区', 'Left the coal-ban zone');
    alerts.prepend(
      el(
        'li',
        { 'data-testid': 'live-alert', 'data-kind': alert.kind, class: alert.kind === 'entered' ? 'bad' : 'ok' },
        `${formatBeijingTime(alert.at)} · ${words} · ${alert.lng.toFixed(5)}, ${alert.lat.toFixed(5)} · ${L(lang, '此处边界不确定', 'line uncertain here by')} ±${Math.round(alert.edgeUncertaintyM)} m`,
      ),
    );
    if (quiet) return;
    navigator.vibrate?.([300, 100, 300]);
    if (speak.checked && 'speechSynthesis' in window) {
      const u = new SpeechSynthesisUtterance(words);
      u.lang = lang === 'zh' ? 'zh-CN' : 'en';
      speechSynthesis.speak(u);
    }
  };

  const feed = (fix: Fix, quiet = false) => {
    const step = followFix(index, live, fix);
    live = step.state;
    const d = step.distanceM;
    const unc = step.edgeUncertaintyM;
    state.dataset.state = live.state;
    // The state is smoothed over several fixes; the distance is this fix's, so say which side this fix is on
    // and, while the state has not followed yet, that it is being confirmed.
    const side = step.fixInside ? L(lang, '区内一侧', 'inside') : L(lang, '区外一侧', 'outside');
    const settling =
      live.state !== 'unknown' && step.fixInside !== (live.state === 'inside')
        ? L(lang, '（最新定位在另一侧，确认中）', ' (the latest fix is on the other side: confirming)')
        : '';
    state.textContent = `${describe(live.state)}${settling} · ${L(lang, '距推定边界', 'from the traced line')} ${Math.round(d)} m（${side}） · ${L(lang, 'GPS 精度', 'GPS accuracy')} ±${Math.round(fix.accuracyM)} m${
      d <= unc + fix.accuracyM
        ? L(
            lang,
            ` · 在边界不确定范围内（±${Math.round(unc)} m），以现场为准`,
            ` · within the line's uncertainty (±${Math.round(unc)} m): check on site`,
          )
        : ''
    }`;
    if (step.alert) announce(step.alert, quiet);
  };

  start.addEventListener('click', () => {
    if (!('geolocation' in navigator)) {
      state.textContent = L(lang, '此设备不支持定位', 'This device has no geolocation');
      return;
    }
    live = START;
    alerts.replaceChildren();
    state.textContent = L(lang, '等待 GPS…', 'Waiting for GPS…');
    watch = navigator.geolocation.watchPosition(
      (p) => {
        feed({ lng: p.coords.longitude, lat: p.coords.latitude, accuracyM: p.coords.accuracy, time: p.timestamp });
        map()?.showPoint(p.coords.longitude, p.coords.latitude, null);
      },
      (e) => {
        state.textContent = L(
          lang,
          `无法定位：${geolocationWords(e, lang)}`,
          `No position: ${geolocationWords(e, lang)}`,
        );
      },
      { enableHighAccuracy: true, maximumAge: 0, timeout: 30_000 },
    );
    start.hidden = true;
    stop.hidden = false;
  });
  stop.addEventListener('click', () => {
    if (watch !== null) navigator.geolocation.clearWatch(watch);
    watch = null;
    start.hidden = false;
    stop.hidden = true;
    state.textContent = L(lang, '已停止跟踪', 'Stopped');
  });
  replay.addEventListener('change', async () => {
    const file = replay.files?.[0];
    replay.value = '';
    if (!file) return;
    try {
      const read = await readTrackFile(file, file.name);
      live = START;
      alerts.replaceChildren();
      let n = 0;
      for (const track of read.tracks)
        track.coordinates.forEach((c, i) => {
          n++;
          feed(
            {
              lng: c[0] as number,
              lat: c[1] as number,
              accuracyM: REPLAY_ACCURACY_M,
              time: track.times[i] ?? i * 1000,
            },
            true,
          );
        });
      state.textContent += L(
        lang,
        ` · 回放 ${file.name}：${n} 个点，${alerts.children.length} 次提醒`,
        ` · replayed ${file.name}: ${n} fixes, ${alerts.children.length} alerts`,
      );
    } catch (e) {
      state.textContent = L(lang, `${file.name} 无法回放：`, `${file.name} cannot be replayed: `) + errorWords(e, lang);
    }
  });

  replaceChildren(
    root,
    el(
      'p',
      { class: 'hint' },
      L(
        lang,
        '跟随手机 GPS，进入或离开禁煤区时提醒（显示、语音、振动）。沿边界行驶时按 15 秒平均判断，不会反复提醒；边界本身是推定的，见提醒中的不确定范围。',
        'Follows the phone’s GPS and alerts on entering or leaving (shown, spoken, vibration). Along the line it decides on a 15-second average, so it does not keep alerting; the line itself is a trace — see the uncertainty in each alert.',
      ),
    ),
    el(
      'div',
      { class: 'row-form' },
      start,
      stop,
      speak,
      el('label', { for: 'live-speak' }, L(lang, '语音提醒', 'Speak alerts')),
    ),
    state,
    alerts,
    el(
      'label',
      { for: 'live-replay' },
      L(lang, '回放记录的轨迹（检验提醒）', 'Replay a recorded track (to test the alerts)'),
    ),
    replay,
  );
  return () => {
    if (watch !== null) navigator.geolocation.clearWatch(watch);
    watch = null;
  };
}
