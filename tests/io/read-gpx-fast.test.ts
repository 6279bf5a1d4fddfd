import { describe, expect, it } from 'vitest';
import { FileFormatError } from '../../src/errors.ts';
import { fastGpxTracks } from '../../src/io/read-gpx-fast.ts';
import { tracksFromXml } from '../../src/io/read-tracks.ts';
import { random } from '../helpers/random-zones.ts';

const head =
  '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1">\n';
const pt = (lng: number, lat: number, time?: string, extra = '') =>
  `<trkpt lat="${lat}" lon="${lng}">${extra}${time ? `<time>${time}</time>` : ''}</trkpt>\n`;

/** Random plain GPX files: 1–3 tracks, names with entities, elevations, attributes in either order. */
function plainGpx(seed: number): string {
  const rand = random(seed);
  let s = `${head}<metadata><name>log ${seed}</name><time>2026-12-01T00:00:00Z</time></metadata>\n`;
  const tracks = 1 + Math.floor(rand() * 3);
  for (let t = 0; t < tracks; t++) {
    s += `<trk>${rand() < 0.7 ? `<name>晋B·${seed}${t} &amp; 挂 &#x4E00;</name>` : ''}<type>truck</type><trkseg>\n`;
    const timed = rand() < 0.6;
    // Later tracks are sometimes a single point, which togeojson drops.
    const n = t > 0 && rand() < 0.15 ? 1 : 2 + Math.floor(rand() * 30);
    for (let i = 0; i < n; i++) {
      const lng = (113.2 + rand() * 0.3).toFixed(6);
      const lat = (40 + rand() * 0.15).toFixed(6);
      const time = timed ? new Date(Date.UTC(2026, 11, 1, 0, 0, i * 7)).toISOString() : '';
      const ele = rand() < 0.5 ? `<ele>${(1000 + rand() * 100).toFixed(1)}</ele>` : '';
      s +=
        rand() < 0.5
          ? `<trkpt lat="${lat}" lon="${lng}">${ele}${time ? `<time>${time}</time>` : ''}</trkpt>\n`
          : `<trkpt lon='${lng}'  lat='${lat}' >${time ? `<time>${time}</time>` : ''}${ele}</trkpt>\n`;
    }
    s += '</trkseg></trk>\n';
  }
  return `${s}<!-- written by a test -->\n</gpx>\n`;
}

describe('one-pass GPX reader', () => {
  it('gives exactly what the DOM reader (xmldom + togeojson) gives, on 300 random plain files', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const text = plainGpx(seed);
      expect(fastGpxTracks(text), `seed ${seed}`).not.toBeNull();
      expect(tracksFromXml(text, 'gpx'), `seed ${seed}`).toEqual(tracksFromXml(text, 'gpx', 'WGS84', false));
    }
  });

  it('leaves every other shape to the DOM reader', () => {
    const one = (body: string) => `${head}${body}</gpx>\n`;
    const seg = (points: string) => `<trk><name>a</name><trkseg>${points}</trkseg></trk>`;
    const two = pt(113.3, 40.09, '2026-12-01T00:00:00Z') + pt(113.31, 40.09, '2026-12-01T00:00:10Z');
    expect(fastGpxTracks(one(seg(two)))).not.toBeNull();
    const others = {
      'two segments': one(`<trk><trkseg>${two}</trkseg><trkseg>${two}</trkseg></trk>`),
      route: one(`${seg(two)}<rte><rtept lat="40" lon="113"/></rte>`),
      waypoint: one(`<wpt lat="40" lon="113"><name>x</name></wpt>${seg(two)}`),
      'times on some points': one(seg(pt(113.3, 40.09, '2026-12-01T00:00:00Z') + pt(113.31, 40.09))),
      'a point without lon': one(seg(`${two}<trkpt lat="40.1"></trkpt>`)),
      'namespaced extensions': one(
        seg(pt(113.3, 40.09, undefined, '<extensions><gpxtpx:hr>90</gpxtpx:hr></extensions>')),
      ),
      CDATA: one(`<trk><name><![CDATA[a]]></name><trkseg>${two}</trkseg></trk>`),
      'a name in a point': one(seg(pt(113.3, 40.09, undefined, '<name>p</name>') + pt(113.31, 40.09))),
      'unbalanced tags': one(`<trk><trkseg>${two}</trk>`),
      'truncated file': `${head}${seg(two)}`,
      'a bare ampersand': one(`<trk><name>A & B</name><trkseg>${two}</trkseg></trk>`),
      'not GPX': '<kml><Document/></kml>',
    };
    for (const [what, text] of Object.entries(others)) expect(fastGpxTracks(text), what).toBeNull();
  });

  it('malformed files still get the DOM reader’s error with the line', () => {
    const broken = `${head}<trk><trkseg>\n${pt(113.3, 40.09)}${pt(113.31, 40.09)}<trkpt lat="40.1" lon="113.4">\n</trkseg></trk>\n</gpx>\n`;
    expect(() => tracksFromXml(broken, 'gpx')).toThrow(FileFormatError);
    expect(() => tracksFromXml(broken, 'gpx')).toThrow(/line \d+/);
  });
});
