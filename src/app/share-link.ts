/**
 * The shareable link of an answer: the page URL with the point (WGS-84, 6 decimals ≈ 0.1 m), the zone id
 * and version it was checked against, and the language. Opening it re-runs the check on the recipient's
 * device; if their zone version differs, the card says so.
 */

/** What a link carries. */
export interface SharedCheck {
  lng: number;
  lat: number;
  zoneId: string | null;
  zoneVersion: string | null;
}

/** Builds the link for a check. */
export function shareLink(base: string, check: SharedCheck, lang: string): string {
  const url = new URL(base);
  url.hash = '';
  url.search = '';
  const params = new URLSearchParams({ lng: check.lng.toFixed(6), lat: check.lat.toFixed(6) });
  if (check.zoneId) params.set('zone', check.zoneId);
  if (check.zoneVersion) params.set('v', check.zoneVersion);
  if (lang !== 'zh') params.set('lang', lang);
  url.search = params.toString();
  return url.toString();
}

/** Reads a link's check from a query string; null when it carries no valid point. */
export function readSharedCheck(search: string): SharedCheck | null {
  const params = new URLSearchParams(search);
  const lng = Number(params.get('lng'));
  const lat = Number(params.get('lat'));
  if (!params.has('lng') || !params.has('lat') || !Number.isFinite(lng) || !Number.isFinite(lat)) return null;
  if (Math.abs(lng) > 180 || Math.abs(lat) > 90) return null;
  return { lng, lat, zoneId: params.get('zone'), zoneVersion: params.get('v') };
}
