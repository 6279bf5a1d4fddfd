import { describe, expect, it } from 'vitest';
import { roadCrossings } from '../../src/checkpoints/road-crossings.ts';
import { buildZoneIndex } from '../../src/geo/zone-index.ts';
import { cityZone } from '../helpers/fixtures.ts';

describe('road crossings', () => {
  const index = buildZoneIndex(cityZone());
  const roads = {
    type: 'FeatureCollection' as const,
    features: [
      {
        type: 'Feature' as const,
        properties: { name: '东西向测试路' },
        geometry: {
          type: 'LineString' as const,
          coordinates: [
            [113.2, 40.09],
            [113.45, 40.09],
          ],
        },
      },
      {
        type: 'Feature' as const,
        properties: { name: '区外道路' },
        geometry: {
          type: 'LineString' as const,
          coordinates: [
            [113.5, 40.0],
            [113.6, 40.05],
          ],
        },
      },
    ],
  };

  it('finds where a road crosses the traced line, with the side, and flags crossings without a checkpoint', () => {
    const checkpoints = [
      {
        type: 'Feature' as const,
        properties: { name: '东侧卡点' },
        geometry: { type: 'Point' as const, coordinates: [113.3752, 40.0901] },
      },
    ];
    const crossings = roadCrossings(index, roads, checkpoints);
    expect(crossings.map((c) => [c.road, c.direction, c.side])).toEqual([
      ['东西向测试路', 'entry', 'west'],
      ['东西向测试路', 'exit', 'east'],
    ]);
    expect(crossings[1]!.lng).toBeCloseTo(113.375, 6);
    expect(crossings[1]!.checkpoint).toBe('东侧卡点');
    expect(crossings[0]!.checkpoint).toBeNull();
    expect(crossings[0]!.edgeUncertaintyM).toBe(2000);
  });
});

describe('road crossings where the road is the boundary', () => {
  it('marks the G109 crossings along the north side as `along`, and a road that cuts across as a way in', async () => {
    const { readFileSync } = await import('node:fs');
    const index = buildZoneIndex(cityZone());
    const g109 = JSON.parse(readFileSync(new URL('../../data/context/g109.geojson', import.meta.url), 'utf8'));
    const crossings = roadCrossings(index, g109);
    const north = crossings.filter((c) => c.side === 'north');
    expect(north.length).toBeGreaterThan(0);
    expect(north.filter((c) => c.along).length).toBeGreaterThanOrEqual(north.length - 1);
    // A densely noded road crossing the east side at right angles (a vertex every ~20 m) is a way in.
    const dense = Array.from({ length: 200 }, (_, i) => [113.35 + i * 0.00025, 40.09]);
    const across = roadCrossings(index, {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { name: '密点路' }, geometry: { type: 'LineString', coordinates: dense } },
      ],
    });
    expect(across.map((c) => [c.side, c.along])).toEqual([['east', false]]);
  });
});
