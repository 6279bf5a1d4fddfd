/**
 * Zone files made to be expensive, through `coalzone zones validate` and `--zone`: 1,001 copies of one ring
 * (> 120 s and 4.5 GB before the grid crossing search), a ring of 200,000 vertices and a comb of 40,000
 * long edges (48 s on a plain grid). The answer must be
 * a short, clear refusal or an answer; the time bound is loose on purpose — a guard against quadratic
 * pairwise work (which needs minutes here), not a speed claim.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.ts';
import { capture } from '../helpers/capture.ts';

const GUARD_MS = 15_000;
const dir = mkdtempSync(join(tmpdir(), 'coalzone-zones-'));
const city = JSON.parse(
  readFileSync(new URL('../../data/zones/datong-city-2024-106.geojson', import.meta.url), 'utf8'),
) as { geometry: { type: string; coordinates: number[][][] | number[][][][] }; properties: Record<string, unknown> };

async function run(args: string[]) {
  const out = capture();
  const err = capture();
  const started = performance.now();
  const code = await main(args, out as never, err as never);
  return { code, out: out.text(), err: err.text(), ms: performance.now() - started };
}

function write(name: string, document: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(document));
  return path;
}

describe('zone files made to be expensive', () => {
  it('refuses 1,001 identical rings quickly, in a few lines that name the file', async () => {
    const ring =
      city.geometry.type === 'Polygon'
        ? (city.geometry.coordinates as number[][][])[0]
        : (city.geometry.coordinates as number[][][][])[0]?.[0];
    const path = write('rings.geojson', {
      ...city,
      geometry: { type: 'Polygon', coordinates: Array(1001).fill(ring) },
    });
    const r = await run(['zones', 'validate', path]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(path);
    expect(r.out).toContain('SELF_INTERSECTION');
    expect(r.out.split('\n').length).toBeLessThan(60);
    expect(r.ms).toBeLessThan(GUARD_MS);
    const check = await run(['check', '--zone', path, join(dir, 'none.csv')]);
    expect(check.code).toBe(2);
    expect(check.err).toContain(path);
    expect(check.err).not.toMatch(/\n\s+at /);
  });

  it('validates a 200,000-vertex zone without pairwise work', async () => {
    const n = 200_000;
    const ring = Array.from({ length: n }, (_, k) => [
      113.3 + 0.05 * Math.cos((2 * Math.PI * k) / n),
      40.09 + 0.05 * Math.sin((2 * Math.PI * k) / n),
    ]);
    ring.push(ring[0] as number[]);
    const path = write('big.geojson', { ...city, geometry: { type: 'Polygon', coordinates: [ring] } });
    const r = await run(['zones', 'validate', path]);
    // Provenance and uncertainty describe the city's 25 vertices, not these: refused, but for that reason only.
    expect(r.code).toBe(1);
    expect(r.out).not.toContain('SELF_INTERSECTION');
    expect(r.out.split('\n').length).toBeLessThan(60);
    expect(r.ms).toBeLessThan(GUARD_MS);
  });

  it('refuses a comb of 40,000 long crowded edges as too complex to check, instead of running for a minute', async () => {
    const teeth = 20_000;
    const h = 0.1 / teeth;
    const ring: number[][] = [];
    for (let k = 0; k < teeth; k++) ring.push([113.2, 40 + 2 * k * h], [113.4, 40 + (2 * k + 1) * h]);
    ring.push([113.1, 40 + 2 * teeth * h], [113.1, 40], ring[0] as number[]);
    const path = write('comb.geojson', { ...city, geometry: { type: 'Polygon', coordinates: [ring] } });
    const r = await run(['zones', 'validate', path]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`✗ ${path} [TOO_COMPLEX]`);
    expect(r.out.split('\n').length).toBeLessThan(60);
    expect(r.ms).toBeLessThan(GUARD_MS);
  });
});
