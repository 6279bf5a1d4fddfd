import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildZone, traceTable } from '../../scripts/trace-zone.ts';
import { validateZone } from '../../src/geo/validate-zone.ts';

const committed = (name: string) => readFileSync(new URL(`../../data/zones/${name}`, import.meta.url), 'utf8');

describe('scripts/trace-zone.ts', () => {
  it('produces exactly the committed zone file and vertex table (run npm run zones:trace after editing)', () => {
    expect(`${JSON.stringify(buildZone(), null, 1)}\n`).toBe(committed('datong-city-2024-106.geojson'));
    expect(traceTable()).toBe(committed('datong-city-2024-106.trace.md'));
  });

  it('builds a valid, provisional zone whose every reasoned edge is at least ±1 km', () => {
    const zone = buildZone();
    expect(validateZone(zone)).toEqual({ valid: true });
    expect(zone.properties.status).toBe('provisional');
    for (const v of zone.properties.rings[0]!.vertices)
      if (v.edge.basis === 'reasoned') expect(v.edge.uncertaintyM).toBeGreaterThanOrEqual(1000);
  });
});
