/**
 * The online street layers and their tile URLs. 天地图 (the national service, tianditu.gov.cn): the vector
 * base `vec_w` and its labels `cva_w`, Web Mercator (TILEMATRIXSET=w), through WMTS key-value requests on
 * the hosts t0–t7 as documented at http://lbs.tianditu.gov.cn/server/MapService.html:
 *   https://t{0-7}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec
 *     &STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={key}
 * 天地图 is CGCS2000, which is WGS-84 to centimetres at Datong's scale: no GCJ-02 shift (unlike 高德/腾讯).
 * Or any XYZ template ({z}/{x}/{y}, optional {s} = a|b|c). Pure: builds strings, fetches nothing.
 */

/** Which online layer the device uses. */
export type StreetProvider = 'tianditu' | 'xyz' | 'off';

/** The street layer settings kept on the device (plain data). */
export interface StreetSettings {
  provider: StreetProvider;
  /** The 天地图 host, `{s}` standing for 0–7 (a mirror or a test server may have none). */
  tiandituHost: string;
  /** An XYZ template for provider 'xyz'. */
  xyzTemplate: string;
  /** Its attribution as its licence requires (e.g. "© OpenStreetMap contributors"). */
  xyzAttribution: string;
}

/** The defaults: 天地图 on its own hosts (shown only once a key is set). */
export const DEFAULT_STREET_SETTINGS: StreetSettings = {
  provider: 'tianditu',
  tiandituHost: 'https://t{s}.tianditu.gov.cn',
  xyzTemplate: '',
  xyzAttribution: '',
};

/** 天地图's approval number for its maps (审图号), shown in the attribution as its terms ask; from 天地图's own
 *  page footer (2024), replaceable at build with VITE_TIANDITU_APPROVAL when 天地图 publishes a newer one. */
export const TIANDITU_APPROVAL: string =
  (import.meta.env?.VITE_TIANDITU_APPROVAL as string | undefined) ?? 'GS(2024)0568号 · 甲测资字1100471';

/** One raster layer to show and cache. */
export interface StreetLayer {
  /** Stable id, also the tile cache's layer key (never contains the key). */
  id: string;
  role: 'base' | 'labels';
  url: (z: number, x: number, y: number) => string;
  attribution: string;
  minZoom: number;
  maxZoom: number;
  /** What a tile typically weighs, for estimates before any tile of it is on the device. */
  typicalBytes: number;
}

/** Why there is no online layer, for the UI to say plainly. */
export type NoStreetReason = 'off' | 'no-key' | 'bad-template' | 'bad-host';

/** The layers to show, or why none. */
export type StreetResolution =
  | { ok: true; provider: StreetProvider; layers: StreetLayer[] }
  | { ok: false; reason: NoStreetReason };

/** A 天地图 `_w` WMTS GetTile URL (KVP). `host` may hold `{s}`, replaced by a host 0–7 chosen from x and y so
 *  one tile always comes from the same host (the browser's HTTP cache and ours agree). */
export function tiandituTileUrl(
  host: string,
  layer: 'vec' | 'cva',
  z: number,
  x: number,
  y: number,
  key: string,
): string {
  const base = host.replace('{s}', String((x + y) % 8)).replace(/\/+$/, '');
  return (
    `${base}/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}&STYLE=default` +
    `&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX=${z}&TILEROW=${y}&TILECOL=${x}&tk=${encodeURIComponent(key)}`
  );
}

/** An XYZ template filled for one tile. */
export function xyzTileUrl(template: string, z: number, x: number, y: number): string {
  return template
    .replace('{s}', 'abc'[(x + y) % 3] as string)
    .replace('{z}', String(z))
    .replace('{x}', String(x))
    .replace('{y}', String(y));
}

/** Checks an XYZ template typed by a person. */
export function validateXyzTemplate(
  template: string,
): { valid: true } | { valid: false; reason: 'not-http' | 'no-zxy' } {
  if (!/^https?:\/\/[^/\s]+/.test(template.trim())) return { valid: false, reason: 'not-http' };
  if (!['{z}', '{x}', '{y}'].every((p) => template.includes(p))) return { valid: false, reason: 'no-zxy' };
  return { valid: true };
}

/** The layers for these settings and key. */
export function resolveStreetLayers(settings: StreetSettings, tiandituKey: string): StreetResolution {
  if (settings.provider === 'off') return { ok: false, reason: 'off' };
  if (settings.provider === 'xyz') {
    const template = settings.xyzTemplate.trim();
    if (!validateXyzTemplate(template).valid) return { ok: false, reason: 'bad-template' };
    return {
      ok: true,
      provider: 'xyz',
      layers: [
        {
          id: `xyz-${hashText(template)}`,
          role: 'base',
          url: (z, x, y) => xyzTileUrl(template, z, x, y),
          attribution: settings.xyzAttribution.trim() || template.replace(/^https?:\/\/([^/]+).*$/, '$1'),
          minZoom: 0,
          maxZoom: 19,
          typicalBytes: 20_000,
        },
      ],
    };
  }
  const key = tiandituKey.trim();
  if (key === '') return { ok: false, reason: 'no-key' };
  const host = settings.tiandituHost.trim() || DEFAULT_STREET_SETTINGS.tiandituHost;
  if (!/^https?:\/\/[^/\s]+$/.test(host.replace(/\/+$/, ''))) return { ok: false, reason: 'bad-host' };
  const attribution = `© 天地图 tianditu.gov.cn · 审图号 ${TIANDITU_APPROVAL}`;
  const layer = (name: 'vec' | 'cva', role: 'base' | 'labels', typicalBytes: number): StreetLayer => ({
    id: `tianditu-${name}`,
    role,
    url: (z, x, y) => tiandituTileUrl(host, name, z, x, y, key),
    attribution,
    minZoom: 1,
    maxZoom: 18,
    typicalBytes,
  });
  return { ok: true, provider: 'tianditu', layers: [layer('vec', 'base', 14_000), layer('cva', 'labels', 6_000)] };
}

/** FNV-1a, 32 bits, hex: a short stable id for a template (not security). */
function hashText(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}
