/**
 * Typed coordinates as people paste them: "113.30, 40.08", "40.08 113.30", "40°05′12″N 113°18′30″E",
 * "北纬40.08 东经113.30", "N40 5.2 E113 18.5" — decimal or degrees-minutes-seconds, either order.
 * Without hemisphere labels the order is read from Datong's extent (lng ≈ 112–115, lat ≈ 39–41); when both
 * the order is read from China's extent instead, and `orderBy` says which rule decided, so the UI can show
 * it ("read as latitude, longitude"). Never guesses silently.
 */
import type { Reason } from '../errors.ts';
import { CHINA_EXTENT, DATONG_EXTENT, inExtent } from './datong-extent.ts';
import { metresPerDegree } from './ellipsoid.ts';

/** A parsed coordinate. `accuracyM` is the precision the text carries (half its last digit). */
export interface ParsedCoordinate {
  ok: true;
  lng: number;
  lat: number;
  /** The order the text was read in. */
  order: 'lng,lat' | 'lat,lng';
  /** How the order was decided. */
  orderBy: 'labels' | 'datong-extent' | 'range';
  accuracyM: number;
}

/** A refusal with a reason code. */
export interface CoordinateRefusal {
  ok: false;
  reason: Reason;
}

type Axis = 'lat' | 'lng';

interface Value {
  value: number;
  axis: Axis | null;
  /** Degrees per unit of the last digit typed (for precision). */
  resolutionDeg: number;
  labelled: 'prefix' | 'suffix' | null;
  /** The degrees were a whole number, so bare numbers after a prefix label continue it ("N40 5 24"). */
  wholeDegrees: boolean;
}

const LABELS: Record<string, { axis: Axis; sign: 1 | -1 }> = {
  N: { axis: 'lat', sign: 1 },
  S: { axis: 'lat', sign: -1 },
  E: { axis: 'lng', sign: 1 },
  W: { axis: 'lng', sign: -1 },
  北纬: { axis: 'lat', sign: 1 },
  南纬: { axis: 'lat', sign: -1 },
  东经: { axis: 'lng', sign: 1 },
  西经: { axis: 'lng', sign: -1 },
  纬度: { axis: 'lat', sign: 1 },
  经度: { axis: 'lng', sign: 1 },
};

const TOKEN =
  /(北纬|南纬|东经|西经|纬度|经度|[NSEW](?![a-z]))|([+-]?\d+(?:\.\d+)?)\s*(°|º|度|′|'|分|″|"|''|秒)?|([,;，；\s]+)|(\S)/giu;

/** Parses one typed coordinate pair. */
export function parseCoordinates(text: string): ParsedCoordinate | CoordinateRefusal {
  const input = normalise(text);
  if (input === '') return refuse('EMPTY', 'no coordinates were given');
  const values: Value[] = [];
  let pendingLabel: { axis: Axis; sign: 1 | -1 } | null = null;
  let current: (Value & { sign: 1 | -1; unit: 'deg' | 'min' | 'sec' }) | null = null;
  const close = () => {
    if (current) values.push({ ...current, value: current.sign * current.value });
    current = null;
  };
  for (const m of input.matchAll(TOKEN)) {
    const [, label, number, unit, separator, other] = m;
    if (other !== undefined) return refuse('UNREADABLE', `"${other}" is not part of a coordinate`);
    if (separator !== undefined) continue;
    if (label !== undefined) {
      const info = LABELS[label.toUpperCase()] ?? LABELS[label];
      if (!info) return refuse('UNREADABLE', `"${label}" is not a hemisphere`);
      const open = current as (Value & { sign: 1 | -1 }) | null;
      if (open && open.axis === null) {
        open.axis = info.axis;
        open.sign = (open.sign * info.sign) as 1 | -1;
        open.labelled = 'suffix';
        close();
      } else {
        close();
        pendingLabel = info;
      }
      continue;
    }
    const n = Number(number);
    const decimals = (number?.split('.')[1] ?? '').length;
    const kind = unitKind(unit);
    const open = current as (Value & { sign: 1 | -1; unit: 'deg' | 'min' | 'sec' }) | null;
    // Minutes and seconds continue the value before them: "40°5'12"" or "N40 5.2".
    if (
      open &&
      (kind === 'min' || kind === 'sec' || (kind === null && open.unit !== 'sec' && isContinuation(open, n)))
    ) {
      const part = kind ?? (open.unit === 'deg' ? 'min' : 'sec');
      if (n >= 60 || n < 0)
        return refuse('OUT_OF_RANGE', `${number} is not a valid number of ${part === 'min' ? 'minutes' : 'seconds'}`);
      const scale = part === 'min' ? 60 : 3600;
      open.value += Math.abs(n) / scale;
      open.resolutionDeg = 10 ** -decimals / scale;
      open.unit = part;
      continue;
    }
    close();
    const sign: 1 | -1 = n < 0 ? -1 : 1;
    const p = pendingLabel as { axis: Axis; sign: 1 | -1 } | null;
    current = {
      value: Math.abs(n),
      axis: p?.axis ?? null,
      sign: (sign * (p?.sign ?? 1)) as 1 | -1,
      resolutionDeg: 10 ** -decimals,
      labelled: p ? 'prefix' : null,
      wholeDegrees: decimals === 0,
      unit: 'deg',
    };
    pendingLabel = null;
  }
  close();
  if (values.length !== 2)
    return refuse('NEED_TWO_NUMBERS', `expected a longitude and a latitude, found ${values.length} value(s)`);
  return decideOrder(values[0] as Value, values[1] as Value);
}

function isContinuation(open: { labelled: string | null; wholeDegrees: boolean }, n: number): boolean {
  // Bare numbers continue a labelled, whole-degree value ("N40 5 12"); otherwise they start a new value.
  return open.labelled === 'prefix' && open.wholeDegrees && Number.isFinite(n) && n >= 0 && n < 60;
}

function decideOrder(a: Value, b: Value): ParsedCoordinate | CoordinateRefusal {
  const accuracy = (v: Value, axis: Axis) =>
    (v.resolutionDeg / 2) * (axis === 'lat' ? 111_000 : metresPerDegree(40).kx);
  if (a.axis && b.axis) {
    if (a.axis === b.axis)
      return refuse('SAME_AXIS', `both values are labelled ${a.axis === 'lat' ? 'latitude' : 'longitude'}`);
    const lat = a.axis === 'lat' ? a : b;
    const lng = a.axis === 'lng' ? a : b;
    return finish(
      lng.value,
      lat.value,
      a.axis === 'lng' ? 'lng,lat' : 'lat,lng',
      'labels',
      Math.max(accuracy(lng, 'lng'), accuracy(lat, 'lat')),
    );
  }
  if (a.axis || b.axis) {
    const lngFirst = a.axis === 'lng' || b.axis === 'lat';
    const [lng, lat] = lngFirst ? [a, b] : [b, a];
    return finish(
      lng.value,
      lat.value,
      lngFirst ? 'lng,lat' : 'lat,lng',
      'labels',
      Math.max(accuracy(lng, 'lng'), accuracy(lat, 'lat')),
    );
  }
  const asLngLat = { lng: a.value, lat: b.value };
  const asLatLng = { lng: b.value, lat: a.value };
  const acc = Math.max(accuracy(a, 'lng'), accuracy(b, 'lng'));
  const inDatong1 = inExtent(asLngLat.lng, asLngLat.lat, DATONG_EXTENT);
  const inDatong2 = inExtent(asLatLng.lng, asLatLng.lat, DATONG_EXTENT);
  if (inDatong1 !== inDatong2)
    return inDatong1
      ? finish(a.value, b.value, 'lng,lat', 'datong-extent', acc)
      : finish(b.value, a.value, 'lat,lng', 'datong-extent', acc);
  const valid1 = Math.abs(asLngLat.lat) <= 90 && Math.abs(asLngLat.lng) <= 180;
  const valid2 = Math.abs(asLatLng.lat) <= 90 && Math.abs(asLatLng.lng) <= 180;
  if (!valid1 && !valid2)
    return refuse('OUT_OF_RANGE', `${a.value}, ${b.value} is not a valid longitude/latitude in either order`);
  if (valid1 !== valid2)
    return valid1
      ? finish(a.value, b.value, 'lng,lat', 'range', acc)
      : finish(b.value, a.value, 'lat,lng', 'range', acc);
  const china1 = inExtent(asLngLat.lng, asLngLat.lat, CHINA_EXTENT);
  const china2 = inExtent(asLatLng.lng, asLatLng.lat, CHINA_EXTENT);
  if (china1 !== china2)
    return china1
      ? finish(a.value, b.value, 'lng,lat', 'range', acc)
      : finish(b.value, a.value, 'lat,lng', 'range', acc);
  // Inside China the orders never collide (its longitudes, 73–135, exceed any latitude), so failing both
  // is not an ambiguity to resolve but a place coalzone cannot be about.
  return refuse('OUTSIDE_CHINA', `${a.value}, ${b.value} is not a place in China in either order`);
}

function finish(
  lng: number,
  lat: number,
  order: ParsedCoordinate['order'],
  orderBy: ParsedCoordinate['orderBy'],
  accuracyM: number,
): ParsedCoordinate | CoordinateRefusal {
  if (Math.abs(lat) > 90) return refuse('OUT_OF_RANGE', `latitude ${lat} is beyond ±90°`);
  if (Math.abs(lng) > 180) return refuse('OUT_OF_RANGE', `longitude ${lng} is beyond ±180°`);
  if (!inExtent(lng, lat, CHINA_EXTENT)) return refuse('OUTSIDE_CHINA', `${lng}, ${lat} is not in China`);
  return { ok: true, lng, lat, order, orderBy, accuracyM: Math.round(accuracyM * 100) / 100 };
}

function unitKind(unit: string | undefined): 'deg' | 'min' | 'sec' | null {
  if (unit === undefined) return null;
  if (unit === '°' || unit === 'º' || unit === '度') return 'deg';
  if (unit === '′' || unit === "'" || unit === '分') return 'min';
  return 'sec';
}

/** Full-width digits and punctuation to ASCII; trims. */
function normalise(text: string): string {
  return String(text ?? '')
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/．/g, '.')
    .replace(/[－−–]/g, '-')
    .replace(/[’‘]/g, "'")
    .replace(/[“”]/g, '"')
    .trim();
}

function refuse(code: string, message: string): CoordinateRefusal {
  return { ok: false, reason: { code, message } };
}
