import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.ts';
import { validateZone } from '../../src/geo/validate-zone.ts';
import { capture } from '../helpers/capture.ts';

const fixture = (name: string) => new URL(`../fixtures/trace/${name}`, import.meta.url).pathname;

async function run(args: string[]) {
  const out = capture();
  const err = capture();
  const code = await main(args, out as never, err as never);
  return { code, out: out.text(), err: err.text() };
}

describe('coalzone zones trace', () => {
  it('traces the synthetic city from a .osm.pbf, reports per side in Chinese and English, writes the zone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coalzone-trace-'));
    const out = join(dir, 'zone.geojson');
    const points = join(dir, 'records.csv');
    writeFileSync(points, 'id,经度,纬度\nA,113.300,40.090\nB,113.385,40.080\n');
    const r = await run([
      'zones',
      'trace',
      '--roads',
      fixture('synthetic-city.osm.pbf'),
      '--out',
      out,
      '--points',
      points,
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/✓ 东侧 east: 已沿道路描绘 traced/);
    expect(r.out).toMatch(/京拉线: [\d.]+ km（双向分离路中线/);
    expect(r.out).toMatch(/✓ 校核 check kaiyuan-corridor-16km: 1[67]\.\d km/);
    expect(r.out).toMatch(/最大移动 largest move from the previous version: \d+ m/);
    expect(r.out).toMatch(/答案改变的记录 records whose answer changes: \d/);
    expect(r.err).toMatch(/第 3 遍 \/ pass 3: 100 %/);
    const zone = JSON.parse(readFileSync(out, 'utf8'));
    expect(zone.properties.status).toBe('traced-from-roads');
    const v = validateZone(zone);
    expect(v.valid ? [] : v.reasons).toEqual([]);
  });

  it('says in JSON which sides were kept, and exits 1 when nothing could be traced', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coalzone-trace-'));
    const empty = join(dir, 'empty.osm');
    writeFileSync(empty, '<?xml version="1.0"?>\n<osm version="0.6"></osm>\n');
    const r = await run(['zones', 'trace', '--roads', empty, '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out).report;
    expect(report.sides.map((s: { traced: boolean }) => s.traced)).toEqual([false, false, false, false]);
    expect(report.sides[0].refusals[0].zh).toMatch(/未找到/);
  });

  it('names a broken or unknown file and exits 2, without a stack', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coalzone-trace-'));
    const broken = join(dir, 'broken.osm.pbf');
    writeFileSync(broken, readFileSync(fixture('synthetic-city.osm.pbf')).subarray(0, 300));
    const a = await run(['zones', 'trace', '--roads', broken]);
    expect(a.code).toBe(2);
    expect(a.err).toMatch(/broken\.osm\.pbf: .*(ends inside block|not valid)/);
    expect(a.err).not.toMatch(/\n\s+at /);
    const b = await run(['zones', 'trace', '--roads', join(dir, 'roads.kml')]);
    expect(b.code).toBe(2);
    const c = await run(['zones', 'trace', '--roads', fixture('synthetic-city.osm'), '--crs', 'gcj02']);
    expect(c.code).toBe(2);
    expect(c.err).toMatch(/OpenStreetMap data is WGS-84/);
    const d = await run(['zones', 'trace']);
    expect(d.code).toBe(2);
    const overpass = join(dir, 'bad.json');
    writeFileSync(overpass, JSON.stringify({ elements: [{ type: 'node', id: 1, lat: 40 }] }));
    const e = await run(['zones', 'trace', '--roads', overpass]);
    expect(e.code).toBe(2);
    expect(e.err).toMatch(/bad\.json: elements\[0\] \(node 1\) has no lat\/lon/);
    const layer = join(dir, 'layer.geojson');
    writeFileSync(
      layer,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [{ type: 'Feature', properties: { 路宽: 3 }, geometry: null }],
      }),
    );
    const f = await run(['zones', 'trace', '--roads', layer]);
    expect(f.code).toBe(2);
    expect(f.err).toMatch(/no name field found .*--name-field/);
  });
});

describe('traceFiles (the Web Worker entry)', () => {
  it('traces from Blobs as the CLI does from paths', async () => {
    const { traceFiles } = await import('../../src/trace/trace-files.ts');
    const { PREVIOUS, SPEC } = await import('./helpers.ts');
    const blob = new Blob([readFileSync(fixture('synthetic-city.osm.pbf'))]);
    const passes = new Set<number>();
    const { result } = await traceFiles([{ name: 'city.osm.pbf', file: blob }], SPEC, PREVIOUS, {
      date: '2026-12-02',
      onProgress: (p) => passes.add(p.pass),
    });
    const golden = JSON.parse(readFileSync(fixture('synthetic-city.trace.golden.geojson'), 'utf8'));
    expect(result.zone!.geometry).toEqual(golden.geometry);
    expect([...passes]).toEqual([1, 2, 3]);
  });
});
