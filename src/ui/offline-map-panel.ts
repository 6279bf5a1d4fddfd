/**
 * 街道图层与离线地图: the online street layer's settings (天地图 key, or an XYZ template) with a plain status
 * line (online / offline with saved tiles / only the embedded basemap, and why), and below it
 * "下载此区域离线地图" (offline-download-section.ts). Applies the settings to the map and gives it the street
 * tile loader (the device's cache, then the network). Loaded with the map. Text goes in as textContent only.
 */

import type { MapView } from '../map/map-view.ts';
import {
  resolveStreetLayers,
  type StreetLayer,
  type StreetProvider,
  type StreetSettings,
} from '../map/street-sources.ts';
import { createStreetTileLoader, type TileEvent } from '../map/street-tile-loader.ts';
import type { BasemapDatabase } from '../store/basemap-store.ts';
import { RecordsDatabase } from '../store/records-db.ts';
import { loadStreetSettings, loadTiandituKey, saveStreetSettings, saveTiandituKey } from '../store/settings.ts';
import { getTile, putVisitedTile } from '../store/tile-cache.ts';
import { button, el, replaceChildren } from './dom.ts';
import { L, type Lang } from './i18n.ts';
import { downloadSection } from './offline-download-section.ts';
import { type StreetState, stateText } from './street-words.ts';

/** What the panel needs from the app. */
export interface OfflineMapDeps {
  lang: () => Lang;
  map: () => MapView | null;
  /** The zone's GeoJSON coordinates (for "the whole zone", with a margin). */
  zoneCoordinates: unknown;
  tiles: BasemapDatabase;
  settingsDb?: RecordsDatabase;
}

// Module state: the loader, the layers and a running download outlive a re-render (language change).
const current = {
  layers: new Map<string, StreetLayer>(),
  state: 'no-key' as StreetState,
  offline: false,
  cacheHits: 0,
};
let render: (() => void) | null = null;

/** Mounts the panel into `root` and applies the saved street settings to the map; `rerender` redraws it
 *  (after a language change) without touching the map. */
export async function mountOfflineMapPanel(root: HTMLElement, deps: OfflineMapDeps): Promise<{ rerender: () => void }> {
  const settingsDb = deps.settingsDb ?? new RecordsDatabase();
  deps.map()?.setStreetTileLoader(
    createStreetTileLoader(
      () => current.layers,
      {
        get: (layer, z, x, y) => getTile(deps.tiles, layer, z, x, y),
        putVisited: (layer, z, x, y, data) => putVisitedTile(deps.tiles, layer, z, x, y, data),
      },
      (event) => onTileEvent(event),
    ),
  );
  const [settings, key] = await Promise.all([loadStreetSettings(settingsDb), loadTiandituKey(settingsDb)]);
  apply(deps, settings, key);
  render = () => void draw(root, deps, settingsDb);
  await draw(root, deps, settingsDb);
  return { rerender: () => render?.() };
}

/** Shows the layers for these settings on the map and sets the state. */
function apply(deps: OfflineMapDeps, settings: StreetSettings, key: string): void {
  const resolved = resolveStreetLayers(settings, key);
  current.layers = new Map(resolved.ok ? resolved.layers.map((l) => [l.id, l]) : []);
  current.offline = false;
  current.cacheHits = 0;
  current.state = resolved.ok ? (navigator.onLine ? 'online' : 'offline-none') : resolved.reason;
  if (!navigator.onLine) current.offline = true;
  deps.map()?.setStreets(resolved.ok ? resolved.layers : []);
  document.body.dataset.streets = current.state;
}

let pendingStatus = false;
function onTileEvent(event: TileEvent): void {
  if (!current.layers.has(event.layer)) return;
  const before = current.state;
  if (event.source === 'network') {
    current.offline = false;
    current.state = 'online';
  } else if (event.source === 'none') {
    if (event.failure === 'rejected') current.state = 'rejected';
    else if (event.failure === 'network' || event.failure === 'server') {
      current.offline = true;
      if (current.state !== 'rejected') current.state = current.cacheHits > 0 ? 'offline-cached' : 'offline-none';
    }
  } else {
    current.cacheHits++;
    if (current.offline || event.source === 'stale-cache' || !navigator.onLine) {
      current.offline = true;
      current.state = 'offline-cached';
    }
  }
  if (current.state === before || pendingStatus) return;
  pendingStatus = true;
  // Many tiles arrive together: say the state once per frame.
  setTimeout(() => {
    pendingStatus = false;
    document.body.dataset.streets = current.state;
    const status = document.getElementById('street-status');
    if (status) status.textContent = stateText(langNow, current.state);
  }, 50);
}
let langNow: Lang = 'zh';

async function draw(root: HTMLElement, deps: OfflineMapDeps, settingsDb: RecordsDatabase): Promise<void> {
  const lang = deps.lang();
  langNow = lang;
  const [settings, savedKey] = await Promise.all([
    loadStreetSettings(settingsDb),
    settingsDb.meta.get('tiandituKey').then((row) => (typeof row?.value === 'string' ? row.value : '')),
  ]);
  const status = el('p', { id: 'street-status', class: 'hint', role: 'status' }, stateText(lang, current.state));
  const provider = el(
    'select',
    { id: 'street-provider' },
    ...(
      [
        ['tianditu', L(lang, '天地图（国家地理信息公共服务平台）', '天地图 (national map service)')],
        ['xyz', L(lang, '其他 XYZ 瓦片服务', 'Another XYZ tile service')],
        ['off', L(lang, '关闭（只用内置底图）', 'Off (embedded basemap only)')],
      ] as [StreetProvider, string][]
    ).map(([value, text]) => el('option', { value }, text)),
  );
  provider.value = settings.provider;
  const keyInput = el('input', { id: 'street-key', autocomplete: 'off', spellcheck: 'false', inputmode: 'text' });
  keyInput.value = savedKey;
  keyInput.placeholder = L(lang, '32 位密钥；留空则用安装时设置的', '32-character key; empty: the one set at install');
  const hostInput = el('input', { id: 'street-host', autocomplete: 'off', spellcheck: 'false' });
  hostInput.value = settings.tiandituHost;
  const xyzInput = el('input', { id: 'street-xyz', autocomplete: 'off', spellcheck: 'false' });
  xyzInput.value = settings.xyzTemplate;
  xyzInput.placeholder = 'https://{s}.example.org/{z}/{x}/{y}.png';
  const xyzAttribution = el('input', { id: 'street-xyz-attribution', autocomplete: 'off' });
  xyzAttribution.value = settings.xyzAttribution;
  const save = button(L(lang, '保存并应用', 'Save and apply'), { primary: true, testid: 'street-save' });
  save.id = 'street-save';
  save.addEventListener('click', async () => {
    const next: StreetSettings = {
      provider: provider.value as StreetProvider,
      tiandituHost: hostInput.value.trim(),
      xyzTemplate: xyzInput.value.trim(),
      xyzAttribution: xyzAttribution.value.trim(),
    };
    await saveTiandituKey(settingsDb, keyInput.value);
    await saveStreetSettings(settingsDb, next);
    apply(deps, next, await loadTiandituKey(settingsDb));
    await draw(root, deps, settingsDb);
  });
  const field = (id: string, text: string, input: HTMLElement) => [el('label', { for: id }, text), input];
  const section = await downloadSection(lang, {
    ...deps,
    layers: [...current.layers.values()],
    rerender: () => render?.(),
  });
  // The state may have moved while the panel was being built (tiles arrive meanwhile).
  status.textContent = stateText(lang, current.state);
  replaceChildren(
    root,
    el('h3', {}, L(lang, '街道图层', 'Street layer')),
    status,
    ...field('street-provider', L(lang, '来源', 'Source'), provider),
    ...field('street-key', L(lang, '天地图密钥（tk）', '天地图 key (tk)'), keyInput),
    el(
      'details',
      { class: 'street-advanced' },
      el('summary', {}, L(lang, '高级：服务地址、其他瓦片服务', 'Advanced: service address, other tile services')),
      ...field(
        'street-host',
        L(lang, '天地图服务地址（{s} 代表 0–7）', '天地图 address ({s} stands for 0–7)'),
        hostInput,
      ),
      ...field('street-xyz', L(lang, 'XYZ 模板', 'XYZ template'), xyzInput),
      ...field(
        'street-xyz-attribution',
        L(lang, '署名（按其许可要求）', 'Attribution (as its licence requires)'),
        xyzAttribution,
      ),
    ),
    save,
    section,
  );
}
