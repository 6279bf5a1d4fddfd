/**
 * What a resident types or pastes into the one text box: a map-app share link (Amap / Baidu / Tencent / geo:)
 * or typed coordinates (decimal or 度分秒, either order) in the CRS they say they come from. Returns WGS-84
 * with the precision the text carries, or a reason.
 */
import type { Reason } from '../errors.ts';
import { type Crs, toWgs84 } from './convert-crs.ts';
import { parseCoordinates } from './parse-coordinates.ts';
import { looksLikeMapLink, parseMapLink } from './parse-map-link.ts';

/** A location read from text, in WGS-84. */
export interface TextLocation {
  ok: true;
  lng: number;
  lat: number;
  accuracyM: number;
  /** How it was read: 'lng,lat' / 'lat,lng' for typed text, or the map app of a link. */
  readAs: string;
  crs: Crs;
  name: string | null;
}

/** Reads the text box. `crs` applies to typed coordinates; links say their own CRS. */
export function readLocationText(text: string, crs: Crs): TextLocation | { ok: false; reason: Reason } {
  if (looksLikeMapLink(text)) {
    const link = parseMapLink(text);
    if (!link.ok) return link;
    const [lng, lat] = toWgs84([link.lng, link.lat], link.crs);
    // Shared links carry 6 decimals or so; the app's own fix is unknown: say ±10 m.
    return { ok: true, lng, lat, accuracyM: 10, readAs: link.app, crs: link.crs, name: link.name };
  }
  const parsed = parseCoordinates(text);
  if (!parsed.ok) return parsed;
  const [lng, lat] = toWgs84([parsed.lng, parsed.lat], crs);
  return { ok: true, lng, lat, accuracyM: parsed.accuracyM, readAs: parsed.order, crs, name: null };
}
