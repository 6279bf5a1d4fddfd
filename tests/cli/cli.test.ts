import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.ts';
import { capture } from '../helpers/capture.ts';
import { cityZone } from '../helpers/fixtures.ts';

const fixture = (name: string) => new URL(`../fixtures/files/${name}`, import.meta.url).pathname;

async function run(args: string[]) {
  const out = capture();
  const err = capture();
  const code = await main(args, out as never, err as never);
  return { code, out: out.text(), err: err.text() };
}

function temp(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'coalzone-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('coalzone check', () => {
  it('answers each CSV row, skips malformed rows with their line, and summarises', async () => {
    const path = temp(
      'points.csv',
      '名称,经度,纬度\n鼓楼,113.300,40.092\n空,,40\n反了,40.09,113.3\n云州区政府,113.605784,40.039318\n南站,113.3581,40.0436\n',
    );
    const r = await run(['check', path]);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\r\n');
    expect(lines[0]).toMatch(/^line,id,lng_wgs84/);
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 5).join(','))).toEqual([
      '2,鼓楼,113.3,40.092,inside',
      '5,云州区政府,113.605784,40.039318,outside',
      '6,南站,113.3581,40.0436,near',
    ]);
    expect(r.err).toContain('line 3: longitude or latitude is empty');
    expect(r.err).toContain('[SWAPPED_LNG_LAT] line 4');
    expect(r.err).toContain('合计 5：区内 1，区外 1，临界（需现场核实）1，无法识别 2');
    expect(r.err).toContain('provisional');
  });

  it('reads a GB18030 CSV and converts GCJ-02 input', async () => {
    const plain = await run(['check', fixture('points-gb18030.csv'), '--format', 'json']);
    const gcj = await run(['check', fixture('points-gb18030.csv'), '--format', 'json', '--crs', 'amap']);
    const first = JSON.parse(plain.out.split('\n')[0] as string);
    const converted = JSON.parse(gcj.out.split('\n')[0] as string);
    expect(first.id).toBe('鼓楼');
    expect(first.lng - converted.lng).toBeCloseTo(0.007, 3);
  });

  it('neutralises formulas in ids it echoes', async () => {
    const path = temp('evil.csv', 'name,lng,lat\n=cmd|calc,113.3,40.09\n');
    const r = await run(['check', path]);
    expect(r.out).toContain("'=cmd|calc");
  });

  it('checks GeoJSON points', async () => {
    const path = temp(
      'p.geojson',
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { name: 'a' },
            geometry: { type: 'Point', coordinates: [113.3, 40.09] },
          },
          { type: 'Feature', properties: { name: 'b' }, geometry: { type: 'LineString', coordinates: [] } },
        ],
      }),
    );
    const r = await run(['check', path, '--format', 'json']);
    expect(JSON.parse(r.out.trim()).status).toBe('inside');
    expect(r.err).toContain('[NOT_A_POINT] feature 2');
  });

  it('gives clear errors for missing files, bad JSON, unknown types and bad options', async () => {
    expect((await run(['check', '/nonexistent.csv'])).err).toMatch(/no such file/);
    const bad = temp('bad.geojson', '{"type": "FeatureCollection",\n "features": [}');
    const badJson = await run(['check', bad]);
    expect(badJson.code).toBe(2);
    expect(badJson.err).toMatch(/not valid JSON \(line 2\)/);
    expect((await run(['check', temp('x.shp', '')])).err).toMatch(/unsupported file type/);
    expect((await run(['check', bad, '--crs', 'utm'])).err).toMatch(/--crs must be/);
    expect((await run(['check', temp('nocols.csv', 'a,b\n1,2\n')])).err).toMatch(/MISSING_COLUMN/);
  });
});

describe('coalzone route', () => {
  it('reports the entry of a GPX truck track with side and Beijing time', async () => {
    const r = await run(['route', fixture('truck-entering.gpx'), '--format', 'json']);
    const answer = JSON.parse(r.out.trim());
    expect(answer.status).toBe('inside');
    expect(answer.crossings).toHaveLength(1);
    expect(answer.crossings[0]).toMatchObject({ kind: 'entry', side: 'east' });
    expect(answer.crossings[0].time).toMatch(/^2026-11-30 08:0\d:\d\d$/);
  });

  it('reads several files of several formats, and refuses malformed GPX with its line', async () => {
    const r = await run(['route', fixture('tracks.csv'), fixture('truck-outside.kml')]);
    expect(r.out.trim().split('\r\n')).toHaveLength(4); // header + 3 tracks
    expect(r.err).toContain('line 6');
    const bad = await run(['route', fixture('malformed.gpx')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/line 5/);
  });
});

describe('coalzone zones', () => {
  it('validates the embedded catalogue', async () => {
    const r = await run(['zones', 'validate']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('✓ datong-city-2024-106.geojson');
  });

  it('refuses a broken zone file with reasons and exit code 1', async () => {
    const zone = cityZone();
    zone.geometry.coordinates = [zone.geometry.coordinates[0]!.map((p) => [p[1]!, p[0]!])];
    const r = await run(['zones', 'validate', temp('z.geojson', JSON.stringify(zone))]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('SWAPPED_LNG_LAT');
  });

  it('uses a zone file given with --zone', async () => {
    const r = await run([
      'point',
      '113.3000, 40.0900',
      '--zone',
      temp(
        'z.geojson',
        readFileSync(new URL('../../data/zones/datong-city-2024-106.geojson', import.meta.url), 'utf8'),
      ),
    ]);
    expect(r.out).toMatch(/^区内 inside/);
  });
});

describe('coalzone point', () => {
  it('reads typed coordinates either way round', async () => {
    expect((await run(['point', '40.092, 113.300'])).out).toMatch(/^区内 inside/);
    const near = await run(['point', '北纬40.0436', '东经113.3581']);
    expect(near.out).toMatch(/^临界/);
    expect(near.out).toContain('0352-5022085');
    expect((await run(['point', 'hello'])).code).toBe(2);
  });
});

describe('the installed bin', () => {
  it('runs through bin/coalzone.mjs', () => {
    const bin = new URL('../../bin/coalzone.mjs', import.meta.url).pathname;
    const r = spawnSync(process.execPath, [bin, 'point', '113.300,40.090'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^区内 inside/);
  });
});
