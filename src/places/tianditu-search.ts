/**
 * Online place search through 天地图 (api.tianditu.gov.cn), with the agency's key `tk`, built to the documented
 * request and response formats:
 * - 地理编码 (http://lbs.tianditu.gov.cn/server/geocodinginterface.html): GET /geocoder?ds={"keyWord":"…"}&tk=…
 *   → {"status":"0","msg":"ok","location":{"lon":"113.1","lat":"40.1","level":"兴趣点","score":100,"keyWord":"…"}}
 *   (status other than "0", e.g. "101", means no result).
 * - 地名搜索 V2.0 (http://lbs.tianditu.gov.cn/server/search2.html): GET /v2/search?postStr={…}&type=query&tk=…
 *   with queryType 1 (普通搜索) or 7 (纯地名搜索), keyWord, mapBound "minx,miny,maxx,maxy", level, start, count,
 *   specify (9-digit 国标码, 大同市 156140200) → {"resultType":1,"count":n,"pois":[{"name","address","lonlat":
 *   "lng,lat","hotPointID",…}],"status":{"infocode":1000,"cndesc":"服务正常"}}; resultType 3 is an
 *   administrative area ({"area":{"name","lonlat",…}}). Older answers write lonlat with a space.
 * 天地图 is CGCS2000, which equals WGS-84 to centimetres at Datong's scale: coordinates are used as they come
 * (no GCJ-02 shift). Results outside Datong's prefecture are dropped (a same-named place elsewhere in China
 * would give a wrong answer). The key never leaves this module in a result.
 */
import type { SearchablePlace } from './search-places.ts';

/** 天地图's public API host. */
export const TIANDITU_API = 'https://api.tianditu.gov.cn';

/** Datong prefecture (大同市) as 天地图's 9-digit 国标码. */
export const DATONG_ADMIN_CODE = '156140200';

/** Datong prefecture's bounding box (WGS-84), generous: results outside it are not Datong's. */
export const DATONG_BOUNDS: readonly [number, number, number, number] = [112.5, 39.0, 114.6, 40.8];

/** The geocoder request URL. */
export function geocoderUrl(api: string, keyWord: string, tk: string): string {
  return `${api.replace(/\/+$/, '')}/geocoder?ds=${encodeURIComponent(JSON.stringify({ keyWord }))}&tk=${encodeURIComponent(tk)}`;
}

/** The place search V2.0 request URL (普通搜索 in Datong by default). */
export function searchV2Url(
  api: string,
  keyWord: string,
  tk: string,
  options: { queryType?: 1 | 7; count?: number } = {},
): string {
  const [w, s, e, n] = DATONG_BOUNDS;
  const postStr = {
    keyWord,
    mapBound: `${w},${s},${e},${n}`,
    level: 12,
    queryType: options.queryType ?? 1,
    specify: DATONG_ADMIN_CODE,
    start: 0,
    count: options.count ?? 10,
    show: 1,
  };
  return `${api.replace(/\/+$/, '')}/v2/search?postStr=${encodeURIComponent(JSON.stringify(postStr))}&type=query&tk=${encodeURIComponent(tk)}`;
}

/** A network place's accuracy when 天地图 gives none: a POI is a building-sized point; a geocoded address is
 *  as good as its level (门址 / 兴趣点 vs a road or a township). */
const GEOCODER_ACCURACY_M: Record<string, number> = { 门址: 30, 兴趣点: 50, 道路: 300, 乡镇: 2000, 区县: 5000 };
const POI_ACCURACY_M = 50;

const inDatong = (lng: number, lat: number) =>
  lng >= (DATONG_BOUNDS[0] as number) &&
  lng <= (DATONG_BOUNDS[2] as number) &&
  lat >= (DATONG_BOUNDS[1] as number) &&
  lat <= (DATONG_BOUNDS[3] as number);

/** "113.1,40.1" or "113.1 40.1" → [lng, lat], or null. */
export function readLonLat(text: unknown): [number, number] | null {
  if (typeof text !== 'string') return null;
  const parts = text
    .trim()
    .split(/[\s,]+/)
    .map(Number);
  const [lng, lat] = parts;
  if (parts.length !== 2 || !Number.isFinite(lng) || !Number.isFinite(lat)) return null;
  return [lng as number, lat as number];
}

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

/** Places from a geocoder answer (zero or one). */
export function readGeocoderResponse(body: unknown, keyWord: string): SearchablePlace[] {
  const b = body as { status?: unknown; location?: Record<string, unknown> } | null;
  if (!b || str(b.status) !== '0' || !b.location) return [];
  const lng = Number(b.location.lon);
  const lat = Number(b.location.lat);
  if (!Number.isFinite(lng) || !Number.isFinite(lat) || !inDatong(lng, lat)) return [];
  const level = str(b.location.level);
  return [
    {
      id: `tianditu-geocoder-${lng.toFixed(6)},${lat.toFixed(6)}`,
      name: str(b.location.keyWord) || keyWord,
      kind: level || 'address',
      lng,
      lat,
      accuracyM: GEOCODER_ACCURACY_M[level] ?? 500,
      source: `天地图 geocoder (${level || 'no level'}; CGCS2000 ≈ WGS-84)`,
      origin: 'network',
    },
  ];
}

/** Places from a place search V2.0 answer (POIs, or the administrative area it names). */
export function readSearchV2Response(body: unknown): SearchablePlace[] {
  const b = body as {
    resultType?: unknown;
    pois?: unknown;
    area?: Record<string, unknown>;
    status?: { infocode?: unknown };
  } | null;
  if (!b) return [];
  const infocode = Number(b.status?.infocode ?? 1000);
  if (infocode !== 1000 && infocode !== 0) return [];
  const places: SearchablePlace[] = [];
  if (Array.isArray(b.pois))
    for (const poi of b.pois as Record<string, unknown>[]) {
      const at = readLonLat(poi?.lonlat);
      const name = str(poi?.name);
      if (!at || name === '' || !inDatong(at[0], at[1])) continue;
      const address = str(poi.address);
      places.push({
        id: `tianditu-${str(poi.hotPointID) || `${at[0]},${at[1]}`}`,
        name,
        kind: str(poi.typeName) || 'poi',
        lng: at[0],
        lat: at[1],
        accuracyM: POI_ACCURACY_M,
        source: '天地图 place search (CGCS2000 ≈ WGS-84)',
        origin: 'network',
        ...(address ? { address } : {}),
      });
    }
  if (b.area) {
    const at = readLonLat(b.area.lonlat);
    const name = str(b.area.name);
    if (at && name !== '' && inDatong(at[0], at[1]))
      places.push({
        id: `tianditu-area-${name}`,
        name,
        kind: 'area',
        lng: at[0],
        lat: at[1],
        // An area's centre answers for a district, not for a house.
        accuracyM: 3000,
        source: '天地图 place search, administrative area centre (CGCS2000 ≈ WGS-84)',
        origin: 'network',
      });
  }
  return places;
}

/** Why the online search gave nothing usable, for the UI to say plainly. */
export type OnlineFailure = 'unreachable' | 'refused' | 'bad-response' | 'timeout';

/** The online answer: places (maybe none), or why there are none. */
export type OnlineResult = { ok: true; places: SearchablePlace[] } | { ok: false; reason: OnlineFailure };

async function getJson(url: string, signal: AbortSignal, fetchFn: typeof fetch): Promise<unknown> {
  const response = await fetchFn(url, { signal, credentials: 'omit', referrerPolicy: 'no-referrer' });
  if (response.status === 401 || response.status === 403)
    throw Object.assign(new Error('refused'), { code: 'refused' });
  if (!response.ok) throw Object.assign(new Error(`HTTP ${response.status}`), { code: 'unreachable' });
  try {
    return await response.json();
  } catch {
    throw Object.assign(new Error('not JSON'), { code: 'bad-response' });
  }
}

/** Asks 天地图's place search and geocoder at once; POIs first, then the geocoded address when it is a
 *  different point. Fails with a reason when neither answers (network down, key refused, timeout). */
export async function searchTianditu(
  query: string,
  config: { api: string; tk: string; timeoutMs?: number; signal?: AbortSignal; fetch?: typeof fetch },
): Promise<OnlineResult> {
  const keyWord = query.trim();
  if (keyWord === '') return { ok: true, places: [] };
  const timeout = AbortSignal.timeout(config.timeoutMs ?? 6000);
  const signal = config.signal ? AbortSignal.any([config.signal, timeout]) : timeout;
  const fetchFn = config.fetch ?? fetch.bind(globalThis);
  const [search, geocoded] = await Promise.allSettled([
    getJson(searchV2Url(config.api, keyWord, config.tk), signal, fetchFn),
    getJson(geocoderUrl(config.api, keyWord, config.tk), signal, fetchFn),
  ]);
  if (search.status === 'rejected' && geocoded.status === 'rejected') {
    if (config.signal?.aborted) throw config.signal.reason;
    if (timeout.aborted) return { ok: false, reason: 'timeout' };
    const code = (search.reason as { code?: string }).code ?? (geocoded.reason as { code?: string }).code;
    return { ok: false, reason: code === 'refused' || code === 'bad-response' ? code : 'unreachable' };
  }
  const places = search.status === 'fulfilled' ? readSearchV2Response(search.value) : [];
  if (geocoded.status === 'fulfilled')
    // The geocoder often names the same POI: keep it only when it is a different point (> ~30 m).
    for (const p of readGeocoderResponse(geocoded.value, keyWord))
      if (!places.some((q) => Math.abs((q.lng ?? 0) - (p.lng ?? 0)) + Math.abs((q.lat ?? 0) - (p.lat ?? 0)) < 0.0003))
        places.push(p);
  return { ok: true, places };
}
