import { describe, expect, it } from 'vitest';
import { summariseTrack } from '../../src/checkpoints/route-batch.ts';
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
