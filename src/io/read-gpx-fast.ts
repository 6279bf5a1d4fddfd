/**
 * The common GPX — tracks of one segment, points with lat/lon and maybe a time, as phones and truck GPS
 * units write them — read in one pass over the text, without building a DOM (xmldom + togeojson take
 * ~40 ms for a 2,000-point file; this ~2 ms). The pass checks that the tags are well formed and balanced;
 * anything else (routes, waypoints, several segments, CDATA, namespaced tags, a point without a position,
 * times on some points only, malformed XML) returns null and the caller uses the full reader, which also
 * gives malformed files their line number. It yields the same GeoJSON features togeojson would for these
 * files (tests/io/read-gpx-fast.test.ts compares them).
 */

/** A track feature as togeojson writes it. */
export interface GpxTrackFeature {
  type: 'Feature';
  properties: { name?: string; coordinateProperties?: { times: string[] } };
  geometry: { type: 'LineString'; coordinates: number[][] };
}

const OPEN = /<([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/y;
const CLOSE = /<\/([A-Za-z_][\w.-]*)\s*>/y;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** The track features of a plain GPX text, or null when the full reader must read it. */
export function fastGpxTracks(text: string): GpxTrackFeature[] | null {
  if (text.includes('<![CDATA[') || text.includes('<!DOCTYPE')) return null;
  const stack: string[] = [];
  const features: GpxTrackFeature[] = [];
  let track: {
    name: string | null;
    names: number;
    segments: number;
    points: number[][];
    times: string[];
    untimed: number;
  } | null = null;
  let point: number[] | null = null;
  let pointTime: string | null = null;
  let roots = 0;
  let at = 0;
  while (at < text.length) {
    const lt = text.indexOf('<', at);
    const textEnd = lt < 0 ? text.length : lt;
    if (stack.length === 0 && text.slice(at, textEnd).trim() !== '') return null;
    if (lt < 0) break;
    if (text.startsWith('<?', lt)) {
      const end = text.indexOf('?>', lt);
      if (end < 0) return null;
      at = end + 2;
      continue;
    }
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt);
      if (end < 0) return null;
      at = end + 3;
      continue;
    }
    CLOSE.lastIndex = lt;
    const close = text.charCodeAt(lt + 1) === 47 /* / */ ? CLOSE.exec(text) : null;
    if (close) {
      const name = close[1] as string;
      if (stack.pop() !== name) return null;
      if (name === 'trkpt' && track && point) {
        track.points.push(point);
        if (pointTime === null) track.untimed++;
        else track.times.push(pointTime);
        point = null;
      } else if (name === 'trk' && track) {
        if (track.segments !== 1 || (track.untimed > 0 && track.times.length > 0)) return null;
        if (track.points.length >= 2)
          features.push({
            type: 'Feature',
            properties: {
              ...(track.name !== null ? { name: track.name } : {}),
              ...(track.times.length > 0 ? { coordinateProperties: { times: track.times } } : {}),
            },
            geometry: { type: 'LineString', coordinates: track.points },
          });
        track = null;
      }
      at = CLOSE.lastIndex;
      continue;
    }
    OPEN.lastIndex = lt;
    const open = OPEN.exec(text);
    if (!open) return null;
    const name = open[1] as string;
    const selfClosing = open[3] === '/';
    const parent = stack[stack.length - 1];
    if (stack.length === 0 && ++roots > 1) return null;
    if (stack.length === 0 && name !== 'gpx') return null;
    if (name === 'rte' || name === 'wpt' || name === 'rtept') return null;
    if (name === 'trk') {
      if (track || selfClosing) return null;
      track = { name: null, names: 0, segments: 0, points: [], times: [], untimed: 0 };
    } else if (name === 'trkseg' && track && parent === 'trk') track.segments++;
    else if (name === 'trkpt') {
      if (!track || parent !== 'trkseg') return null;
      const lon = attribute(open[2] as string, 'lon');
      const lat = attribute(open[2] as string, 'lat');
      if (lon === null || lat === null || Number.isNaN(lon) || Number.isNaN(lat)) return null;
      point = [lon, lat];
      pointTime = null;
      if (selfClosing) {
        track.points.push(point);
        track.untimed++;
        point = null;
      }
    } else if ((name === 'name' || name === 'time') && !selfClosing) {
      const end = text.indexOf('<', OPEN.lastIndex);
      if (end < 0) return null;
      const value = decode(text.slice(OPEN.lastIndex, end));
      if (value === null) return null;
      if (name === 'name' && track) {
        // Only the plain case — one <name>, directly in <trk>, before its points — is read here.
        if (parent !== 'trk' || ++track.names > 1 || track.points.length > 0) return null;
        track.name = value === '' ? null : value;
      }
      if (name === 'time' && parent === 'trkpt') pointTime = value === '' ? null : value;
    }
    if (!selfClosing) stack.push(name);
    at = OPEN.lastIndex;
  }
  if (stack.length > 0 || roots !== 1 || features.length === 0) return null;
  return features;
}

const ATTRIBUTE = {
  lat: /(?:^|\s)lat\s*=\s*(?:"([^"]*)"|'([^']*)')/,
  lon: /(?:^|\s)lon\s*=\s*(?:"([^"]*)"|'([^']*)')/,
};

function attribute(attributes: string, name: 'lat' | 'lon'): number | null {
  const m = ATTRIBUTE[name].exec(attributes);
  if (!m) return null;
  const v = (m[1] ?? m[2] ?? '').trim();
  return v === '' ? null : Number.parseFloat(v);
}

function decode(text: string): string | null {
  if (!text.includes('&')) return text;
  let ok = true;
  const out = text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);|&/g, (whole, entity: string | undefined) => {
    if (!entity) {
      ok = false;
      return whole;
    }
    if (entity.startsWith('#')) {
      const code = entity.startsWith('#x')
        ? Number.parseInt(entity.slice(2), 16)
        : Number.parseInt(entity.slice(1), 10);
      // Only XML 1.0 characters (§2.2): anything else (&#x110000;, &#0;, a lone surrogate) is not well-formed;
      // the DOM reader then names the line.
      if (!isXmlChar(code)) {
        ok = false;
        return whole;
      }
      return String.fromCodePoint(code);
    }
    const named = ENTITIES[entity];
    if (named === undefined) ok = false;
    return named ?? whole;
  });
  return ok ? out : null;
}

/** Whether a code point may appear in an XML 1.0 document (Char production, §2.2). */
export function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}
