/**
 * The input classes that crashed the CLI with a stack trace (or were let through), one test each: every one
 * ends in one clear line naming the file (and line where there is one), exit 2 — and a bug of ours is exit 3
 * in one line, the stack only with COALZONE_DEBUG=1.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.ts';
import { tracksFromXml } from '../../src/io/read-tracks.ts';
import { capture } from '../helpers/capture.ts';

const dir = mkdtempSync(join(tmpdir(), 'coalzone-hostile-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
async function run(args: string[], out: Writable & { text?: () => string } = capture()) {
  const err = capture();
  const code = await main(args, out as never, err as never);
  return { code, out: out.text?.() ?? '', err: err.text() };
}
const STACK = /\n\s+at /;
const gpx = (name: string) =>
  `<?xml version="1.0"?>\n<gpx>\n<trk><name>${name}</name><trkseg>\n<trkpt lat="40.05" lon="113.3"/><trkpt lat="40.2" lon="113.3"/>\n</trkseg></trk></gpx>\n`;

describe('hostile input', () => {
  afterEach(() => {
    delete process.env.COALZONE_DEBUG;
  });

  it.each(['&#x110000;', '&#0;', '&#xD800;', '&#99999999999999999999;'])(
    'refuses a GPX whose name holds %s, with its line, on both readers',
    async (reference) => {
      const path = file('bad-ref.gpx', gpx(`a${reference}b`));
      const r = await run(['route', path]);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`${path}: not valid GPX: "${reference}" is not an XML character (line 3)`);
      expect(r.err).not.toMatch(STACK);
      // The DOM reader alone (what a GPX with routes or several segments goes through) refuses it too.
      expect(() => tracksFromXml(gpx(`a${reference}b`), 'gpx', 'WGS84', false)).toThrow(/line 3/);
    },
  );

  it('reads a GPX with valid references (&#x4E2D; is 中)', async () => {
    const r = await run(['route', file('ok-ref.gpx', gpx('晋B&#x4E2D;&#65;'))]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('晋B中A');
  });

  it('skips features that are null, numbers or lack an object geometry, and labels odd names', async () => {
    const path = file(
      'odd.geojson',
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          null,
          7,
          { type: 'Feature', geometry: 'x', properties: null },
          { type: 'Feature', geometry: { type: 'Point', coordinates: 'ab' }, properties: [] },
          {
            type: 'Feature',
            properties: { name: { toString: 1 } },
            geometry: { type: 'Point', coordinates: [113.3, 40.09] },
          },
        ],
      }),
    );
    const check = await run(['check', path]);
    expect(check.code).toBe(0);
    expect(check.err).toContain('feature 1 is null, not a GeoJSON Feature');
    expect(check.err).toContain('feature 2 is number, not a GeoJSON Feature');
    expect(check.err).toContain('合计 5');
    expect(check.out).toContain('"{""toString"":1}"');
    const route = await run(['route', path]);
    expect(route.code).toBe(0);
    expect(route.err).toContain(`skipped [NOT_A_FEATURE] ${path}: feature 1 is null`);
    expect(route.err).toContain('轨迹 0 条');
    expect(`${check.err}${route.err}`).not.toMatch(STACK);
  });

  it('names values that cannot be turned into text (a type or a side of {"toString": 1}) instead of crashing', async () => {
    const points = file(
      'typed.geojson',
      '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":{"toString":1}}},{"type":"Feature","geometry":7}]}',
    );
    const check = await run(['check', points]);
    expect(check.code).toBe(0);
    expect(check.err).toContain('feature 1: {"toString":1} is not a Point / 已跳过：不是点要素');
    expect(check.err).toContain('feature 2: a number geometry is not a Point');
    const zone = JSON.parse(
      readFileSync(new URL('../../data/zones/datong-city-2024-106.geojson', import.meta.url), 'utf8'),
    );
    zone.properties.rings[0].vertices[0].edge.side = { toString: 1 };
    const r = await run(['zones', 'validate', file('side.geojson', JSON.stringify(zone))]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('[UNKNOWN_SIDE]');
    expect(r.out).toContain('edge.side {"toString":1} is not a side');
  });

  it('says in Chinese too what is wrong, and names the zone file (not the input) when a --zone is refused', async () => {
    const bad = file('bad.geojson', '{"type": "FeatureCollection",\n "features": [}');
    const r = await run(['check', bad]);
    expect(r.err).toMatch(/not valid JSON \(line 2\).* \/ 文件无法读取或格式不对（第 2 行）\n$/);
    const input = file('in.csv', 'lng,lat\n113.3,40.09\n');
    const zone = file('zone.geojson', '{"type":"Polygon"}');
    const refused = await run(['check', '--zone', zone, input]);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(
      new RegExp(`^coalzone: \\[INVALID_ZONE\\] ${zone} is not a valid zone / 区域文件无效：\n`),
    );
    expect(refused.err).not.toContain(input);
    const missing = await run(['check', '--zone', join(dir, 'absent.geojson'), input]);
    expect(missing.err).toContain(`absent.geojson: no such file / 找不到文件 ${join(dir, 'absent.geojson')}`);
    expect((await run(['point', 'hello'])).err).toContain('/ 读不出坐标');
  });

  it('names the file for a check on a track file or an unknown type', async () => {
    const track = file('t.gpx', gpx('x'));
    expect((await run(['check', track])).err).toContain(`${track}: GPX 与 KML 是轨迹文件`);
    const unknown = file('p.xlsx', 'PK');
    const r = await run(['check', unknown]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`[UNSUPPORTED_FORMAT] ${unknown}: unsupported file type ".xlsx"`);
  });

  it('names the file and keeps a megabyte header line out of the message', async () => {
    const path = file('wide.csv', `${'x'.repeat(1_000_000)},${Array(50).fill('c').join(',')}\n1,2\n`);
    const r = await run(['check', path]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`[MISSING_COLUMN] ${path}: no longitude/latitude columns`);
    expect(r.err).toContain('(51 columns)');
    expect(r.err.length).toBeLessThan(1_000);
  });

  it('gives no line 0 for an XML file with no element', async () => {
    const path = file('empty.kml', '   ');
    const r = await run(['route', path]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(path);
    expect(r.err).not.toContain('line 0');
  });

  it('turns a bug of ours into exit 3 and one line; the stack only with COALZONE_DEBUG=1', async () => {
    const broken = () =>
      new Writable({
        write() {
          throw new TypeError('the output broke');
        },
      });
    const path = file('p.csv', 'lng,lat\n113.3,40.09\n');
    const r = await run(['check', path], broken());
    expect(r.code).toBe(3);
    expect(r.err).toBe('coalzone: 内部错误 / internal error: the output broke\n');
    process.env.COALZONE_DEBUG = '1';
    const debug = await run(['check', path], broken());
    expect(debug.code).toBe(3);
    expect(debug.err).toMatch(STACK);
  });
});
