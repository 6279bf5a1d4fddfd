import { describe, expect, it } from 'vitest';
import { summariseFile, summariseTrack } from '../../src/checkpoints/route-batch.ts';
import { buildZoneIndex } from '../../src/geo/zone-index.ts';
import { cityZone } from '../helpers/fixtures.ts';

describe('summariseTrack (the route worker’s core)', () => {
  const index = buildZoneIndex(cityZone());
  it('summarises a flat track that enters the zone', () => {
    const flat = new Float64Array([113.45, 40.09, 113.4, 40.09, 113.35, 40.09, 113.3, 40.09]);
    expect(summariseTrack(index, 7, flat)).toMatchObject({ id: 7, ok: true, status: 'inside', entries: 1, exits: 0 });
  });
  it('reports a bad track with its reason', () => {
    const r = summariseTrack(index, 1, new Float64Array([113.3, 40.09, 40.09, 113.3]));
    expect(r).toMatchObject({ ok: false, status: 'invalid' });
    expect(r.reason).toMatch(/point 2/);
  });
});

describe('summariseFile (files read in the worker)', () => {
  const index = buildZoneIndex(cityZone());
  const gpx = (body: string) =>
    `<?xml version="1.0"?>\n<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">\n<trk><name>晋B12345</name><trkseg>\n${body}</trkseg></trk>\n</gpx>\n`;
  const pt = (lng: number, lat: number, time: string) =>
    `<trkpt lat="${lat}" lon="${lng}"><time>${time}</time></trkpt>\n`;

  it('reads a GPX track entering from the east with the entry time, side and geometry', async () => {
    const text = gpx(
      pt(113.45, 40.09, '2026-12-01T00:00:00Z') +
        pt(113.4, 40.09, '2026-12-01T00:10:00Z') +
        pt(113.35, 40.09, '2026-12-01T00:20:00Z') +
        pt(113.3, 40.09, '2026-12-01T00:30:00Z'),
    );
    const r = await summariseFile(index, 0, new Blob([text]), 'truck.gpx', 'WGS84', true);
    expect(r).toMatchObject({ ok: true, refusedCount: 0 });
    const [track] = r.tracks;
    expect(track).toMatchObject({ name: '晋B12345', status: 'inside', entries: 1, exits: 0, points: 4 });
    expect(track?.crossings[0]).toMatchObject({ kind: 'entry', side: 'east' });
    const t = track?.crossings[0]?.time as number;
    expect(t).toBeGreaterThan(Date.parse('2026-12-01T00:00:00Z'));
    expect(t).toBeLessThan(Date.parse('2026-12-01T00:30:00Z'));
    expect(Array.from(track?.flat ?? [])).toHaveLength(8);
  });

  it('refuses malformed GPX naming the line, and a CSV point outside China with its line', async () => {
    const broken = gpx(`${pt(113.45, 40.09, '2026-12-01T00:00:00Z')}<trkpt lat="40.1" lon="113.4">\n`);
    const bad = await summariseFile(index, 0, new Blob([broken]), 'broken.gpx', 'WGS84', false);
    expect(bad.ok).toBe(false);
    expect(bad.error).toMatch(/not valid GPX.*line \d+/);
    const csv =
      '经度,纬度,时间\n113.45,40.09,2026-12-01 08:00\n40.09,113.40,2026-12-01 08:10\n113.30,40.09,2026-12-01 08:20\n';
    const r = await summariseFile(index, 1, new Blob([csv]), 'log.csv', 'WGS84', false);
    expect(r).toMatchObject({ ok: true, refusedCount: 1 });
    expect(r.refusals[0]).toMatch(/line 3/);
    expect(r.tracks[0]).toMatchObject({ status: 'inside', entries: 1, points: 2 });
    const other = await summariseFile(index, 2, new Blob(['x']), 'notes.docx', 'WGS84', false);
    expect(other.error).toMatch(/unsupported file type "\.docx"/);
  });
});

describe('route report (CSV)', () => {
  const index = buildZoneIndex(cityZone());
  it('writes one row per track with the first entry and nearest checkpoint, and neutralises formulas', async () => {
    const { routeReportCsv } = await import('../../src/checkpoints/route-report.ts');
    const flat = new Float64Array([113.45, 40.09, 113.4, 40.09, 113.35, 40.09, 113.3, 40.09]);
    const times = new Float64Array(
      [0, 600_000, 1_200_000, 1_800_000].map((t) => t + Date.parse('2026-12-01T00:00:00Z')),
    );
    const track = summariseTrack(index, 0, flat, times, '=HYPERLINK("x")');
    const csv = routeReportCsv(
      [
        { id: 0, name: 'a.gpx', ok: true, tracks: [track], refusals: [], refusedCount: 0 },
        { id: 1, name: 'b.gpx', ok: false, error: 'not valid GPX (line 3)', tracks: [], refusals: [], refusedCount: 0 },
      ],
      (id) => (id === 'east' ? '东侧' : String(id)),
      [{ type: 'Feature', properties: { name: '东口' }, geometry: { type: 'Point', coordinates: [113.376, 40.09] } }],
    );
    const lines = csv.split('\r\n');
    expect(lines[0]?.startsWith('\uFEFF文件,轨迹,结果')).toBe(true);
    expect(lines[1]).toMatch(
      /^a\.gpx,"'=HYPERLINK\(""x""\)",进入,4,1,0,2026-12-01 08:1\d:\d\d,东侧,113\.375,40\.09,\d+,东口,85,/,
    );
    expect(lines[2]).toBe('b.gpx,,无法核查,,,,,,,,,,,,,,not valid GPX (line 3)');
  });

  it('adds a column naming the county zones a track enters, only when county zones answer', async () => {
    const { routeReportCsv } = await import('../../src/checkpoints/route-report.ts');
    const flat = new Float64Array([113.45, 40.09, 113.4, 40.09]);
    const files = [
      { id: 0, name: 'a.gpx', ok: true, tracks: [summariseTrack(index, 0, flat)], refusals: [], refusedCount: 0 },
      { id: 1, name: 'b.gpx', ok: false, error: 'not valid GPX', tracks: [], refusals: [], refusedCount: 0 },
    ];
    const calls: [number, number][] = [];
    const csv = routeReportCsv(files, String, [], (f, t) => {
      calls.push([f, t]);
      return '进入云州区禁煤区，区内 1.7 km';
    });
    const lines = csv.split('\r\n');
    expect(lines[0]?.endsWith(',说明,区县禁煤区')).toBe(true);
    expect(lines[1]?.endsWith(',进入云州区禁煤区，区内 1.7 km')).toBe(true);
    expect(lines[2]).toBe('b.gpx,,无法核查,,,,,,,,,,,,,,not valid GPX,');
    expect(calls).toEqual([[0, 0]]);
    expect(routeReportCsv(files, String, []).split('\r\n')[0]?.endsWith(',说明')).toBe(true);
  });
});
