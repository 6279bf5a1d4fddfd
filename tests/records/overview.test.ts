import { describe, expect, it } from 'vitest';
import { beijingDay, beijingMonday, overview } from '../../src/records/overview.ts';
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
    expect(overview([], new Date('2026-12-02T04:00:00Z'))).toEqual({
      total: 0,
      byKind: {},
      byStatus: {},
      byZone: {},
      byDay: [],
      weeks: {
        thisWeek: { from: '2026-11-30', count: 0 },
        lastWeek: { from: '2026-11-23', to: '2026-11-29', count: 0 },
      },
    });
  });
  it('counts this Beijing week (from Monday 00:00 Beijing) against the whole of last week', () => {
    const records = [
      record('2026-11-29T15:59:00Z', 'sales-point', 'found'), // Sunday 23:59 Beijing: last week
      record('2026-11-29T16:00:00Z', 'sales-point', 'found'), // Monday 00:00 Beijing: this week
      record('2026-12-01T03:00:00Z', 'appliance', 'found'),
      record('2026-11-22T16:00:00Z', 'appliance', 'found'), // Monday 11-23 00:00 Beijing: last week
      record('2026-11-22T15:59:00Z', 'appliance', 'found'), // Sunday 11-22: the week before, not counted
      record('2026-12-01T03:00:00Z', 'appliance', 'found', true), // deleted
    ];
    // Wednesday 2026-12-02 08:00 Beijing.
    expect(overview(records, new Date('2026-12-02T00:00:00Z')).weeks).toEqual({
      thisWeek: { from: '2026-11-30', count: 2 },
      lastWeek: { from: '2026-11-23', to: '2026-11-29', count: 2 },
    });
    // Sunday 2026-11-29 23:30 Beijing (15:30 UTC): still the week of Monday 11-23.
    expect(overview(records, new Date('2026-11-29T15:30:00Z')).weeks.thisWeek).toEqual({
      from: '2026-11-23',
      count: 4,
    });
    expect(beijingMonday('2026-12-06')).toBe('2026-11-30');
    expect(beijingMonday('2026-11-30')).toBe('2026-11-30');
    expect(beijingMonday('2027-01-03')).toBe('2026-12-28');
  });
});
