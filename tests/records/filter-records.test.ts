import { describe, expect, it } from 'vitest';
import { filterRecords, isFiltered, NO_FILTER } from '../../src/records/filter-records.ts';
import type { FieldRecord } from '../../src/records/record.ts';

const record = (id: string, over: Partial<FieldRecord>) =>
  ({
    id,
    kind: 'sales-point',
    status: 'found',
    deleted: false,
    createdAt: '2026-12-02T00:00:00Z',
    zoneAnswer: { status: 'inside' },
    fields: { name: id },
    ...over,
  }) as unknown as FieldRecord;

const records = [
  record('甲煤店', {}),
  record('乙煤店', { status: 'ordered-to-stop', createdAt: '2026-12-01T16:30:00Z' }), // 12-02 00:30 Beijing
  record('丙锅炉', {
    kind: 'appliance',
    zoneAnswer: { status: 'outside' } as never,
    createdAt: '2026-12-01T15:00:00Z',
  }),
  record('丁煤店', { deleted: true }),
];

describe('filterRecords', () => {
  it('keeps what every filter allows, never a deleted record, in the given order', () => {
    expect(filterRecords(records, NO_FILTER).map((r) => r.id)).toEqual(['甲煤店', '乙煤店', '丙锅炉']);
    expect(filterRecords(records, { ...NO_FILTER, kind: 'appliance' }).map((r) => r.id)).toEqual(['丙锅炉']);
    expect(filterRecords(records, { ...NO_FILTER, status: 'ordered-to-stop' }).map((r) => r.id)).toEqual(['乙煤店']);
    expect(filterRecords(records, { ...NO_FILTER, zone: 'outside' }).map((r) => r.id)).toEqual(['丙锅炉']);
    expect(filterRecords(records, { ...NO_FILTER, text: '乙' }).map((r) => r.id)).toEqual(['乙煤店']);
  });
  it('reads dates as Beijing days, both ends included', () => {
    // 丙 was created 12-01 23:00 Beijing; 乙 at 12-02 00:30 Beijing (still 12-01 in UTC).
    expect(filterRecords(records, { ...NO_FILTER, from: '2026-12-02' }).map((r) => r.id)).toEqual(['甲煤店', '乙煤店']);
    expect(filterRecords(records, { ...NO_FILTER, to: '2026-12-01' }).map((r) => r.id)).toEqual(['丙锅炉']);
  });
  it('says whether anything narrows the list', () => {
    expect(isFiltered(NO_FILTER)).toBe(false);
    expect(isFiltered({ ...NO_FILTER, text: '  ' })).toBe(false);
    expect(isFiltered({ ...NO_FILTER, zone: 'near' })).toBe(true);
  });
});
