import { describe, expect, it } from 'vitest';
import { beijingDay, overview } from '../../src/records/overview.ts';
import type { FieldRecord } from '../../src/records/record.ts';

const record = (
  createdAt: string,
  kind: FieldRecord['kind'],
  status: string,
  deleted = false,
  zone: 'inside' | 'outside' | null = 'inside',
) => ({ createdAt, kind, status, deleted, zoneAnswer: zone ? { status: zone } : null }) as unknown as FieldRecord;

describe('overview', () => {
  it('counts by kind, status, zone and Beijing day, with empty days filled and deleted records left out', () => {
    const o = overview([
      record('2026-11-29T17:00:00Z', 'sales-point', 'found'), // 11-30 01:00 Beijing
      record('2026-11-30T02:00:00Z', 'sales-point', 'closed'),
      record('2026-12-01T20:00:00Z', 'appliance', 'found', false, 'outside'), // 12-02 Beijing
      record('2026-12-01T20:00:00Z', 'appliance', 'found', true),
    ]);
    expect(o.total).toBe(3);
    expect(o.byKind).toEqual({ 'sales-point': 2, appliance: 1 });
    expect(o.byStatus).toEqual({ 'sales-point:found': 1, 'sales-point:closed': 1, 'appliance:found': 1 });
    expect(o.byZone).toEqual({ inside: 2, outside: 1 });
    expect(o.byDay).toEqual([
      { day: '2026-11-30', count: 2 },
      { day: '2026-12-01', count: 0 },
      { day: '2026-12-02', count: 1 },
    ]);
    expect(beijingDay('2026-12-31T16:30:00Z')).toBe('2027-01-01');
  });
  it('is empty for no records', () => {
    expect(overview([])).toEqual({ total: 0, byKind: {}, byStatus: {}, byZone: {}, byDay: [] });
  });
});
