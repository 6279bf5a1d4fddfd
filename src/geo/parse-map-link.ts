/**
 * Locations shared from Chinese map apps, as residents paste them: Amap (高德) `position=lng,lat` links,
 * Baidu (百度) `location=lat,lng` links with their coord_type, Tencent (腾讯) `coord:lat,lng` markers, and
 * `geo:lat,lng` URIs. Returns the coordinate in the CRS the app uses (Amap/Tencent GCJ-02, Baidu BD-09 unless
 * it says otherwise, geo: WGS-84); the caller converts to WGS-84. Short links (surl.amap.com …) need the
 * network to expand and are refused with a reason that says what to do instead.
 */
import type { Reason } from '../errors.ts';
import type { Crs } from './convert-crs.ts';

/** A coordinate read from a map link, in `crs`. */
export interface MapLink {
  ok: true;
  lng: number;
  lat: number;
  crs: Crs;
  app: 'amap' | 'baidu' | 'tencent' | 'geo';
  name: string | null;
}

const SHORT_HOSTS = /(?:surl\.amap\.com|dwz\.amap\.com|j\.map\.baidu\.com|url\.cn|map\.qq\.com\/s\/)/i;
const NUMBER = String.raw`(-?\d+(?:\.\d+)?)`;

/** True when the text looks like a map link or URI rather than typed coordinates. */
export function looksLikeMapLink(text: string): boolean {
  return /^\s*(?:https?:\/\/|[a-z]+map:\/\/|geo:)/i.test(text) || /(?:position|location|marker|lnglat)=/i.test(text);
}

/** Reads a shared map link. */
export function parseMapLink(text: string): MapLink | { ok: false; reason: Reason } {
  const input = text.trim();
  if (SHORT_HOSTS.test(input))
    return refuse(
      'SHORT_LINK',
      'this is a short link, which needs the network to open; open it in the map app and share the coordinates or the full link',
    );
  const geo = new RegExp(`^geo:${NUMBER},${NUMBER}`, 'i').exec(input);
  if (geo) return link(Number(geo[2]), Number(geo[1]), 'WGS84', 'geo', null);
  const params = queryParams(input);
  const name = params.get('name') ?? params.get('title') ?? null;
  if (/amap|gaode|autonavi/i.test(input) || params.has('position') || params.has('lnglat')) {
    const pair = params.get('position') ?? params.get('lnglat') ?? params.get('p');
    const m = pair ? new RegExp(`^${NUMBER},${NUMBER}`).exec(pair) : null;
    if (m) return link(Number(m[1]), Number(m[2]), 'GCJ02', 'amap', name);
    const lng = params.get('lon') ?? params.get('lng');
    const lat = params.get('lat');
    if (lng && lat) return link(Number(lng), Number(lat), params.get('dev') === '1' ? 'WGS84' : 'GCJ02', 'amap', name);
    return refuse('NO_COORDINATES', 'this Amap link has no position=lng,lat in it');
  }
  if (/baidu|bdapp|baidumap/i.test(input) || params.has('location')) {
    const m = new RegExp(`^${NUMBER},${NUMBER}`).exec(params.get('location') ?? '');
    if (!m) return refuse('NO_COORDINATES', 'this Baidu link has no location=lat,lng in it');
    const type = (params.get('coord_type') ?? 'bd09ll').toLowerCase();
    const crs: Crs = type === 'gcj02' ? 'GCJ02' : type === 'wgs84' ? 'WGS84' : 'BD09';
    return link(Number(m[2]), Number(m[1]), crs, 'baidu', name);
  }
  if (/qq\.com|qqmap|tencent/i.test(input) || /coord:/i.test(input)) {
    const m = new RegExp(`coord:${NUMBER},${NUMBER}`, 'i').exec(decodeURIComponent(input));
    if (!m) return refuse('NO_COORDINATES', 'this Tencent link has no coord:lat,lng in it');
    const title = /title:([^;&]+)/.exec(decodeURIComponent(input));
    return link(Number(m[2]), Number(m[1]), 'GCJ02', 'tencent', title?.[1] ?? name);
  }
  return refuse('UNKNOWN_LINK', 'not a map link coalzone can read (Amap, Baidu, Tencent or geo:)');
}

function queryParams(input: string): URLSearchParams {
  const q = input.indexOf('?');
  return new URLSearchParams(q >= 0 ? input.slice(q + 1).replace(/#.*$/, '') : '');
}

function link(
  lng: number,
  lat: number,
  crs: Crs,
  app: MapLink['app'],
  name: string | null,
): MapLink | { ok: false; reason: Reason } {
  if (!Number.isFinite(lng) || !Number.isFinite(lat) || Math.abs(lat) > 90 || Math.abs(lng) > 180)
    return refuse('OUT_OF_RANGE', `the link's coordinates ${lng}, ${lat} are not valid`);
  return { ok: true, lng, lat, crs, app, name };
}

function refuse(code: string, message: string): { ok: false; reason: Reason } {
  return { ok: false, reason: { code, message } };
}
