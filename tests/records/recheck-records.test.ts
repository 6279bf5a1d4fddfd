/** Re-checking records under the version in use: only those saved under another version count, deleted ones never. */
import { describe, expect, it } from 'vitest';
import type { PointAnswer } from '../../src/geo/classify-point.ts';
import { recheckRecords } from '../../src/records/recheck-records.ts';
import type { FieldRecord } from '../../src/records/record.ts';

const record = (id: string, lng: number, status: string, zoneVersion: string, deleted = false) =>
  ({
    id,
    deleted,
    location: { lng, lat: 40.09, accuracyM: 10, source: 'gps' },
    zoneAnswer: { status, zoneVersion },
  }) as unknown as FieldRecord;

describe('recheckRecords', () => {
  it('counts records saved under another version and those whose answer changed', () => {
    // The version in use: inside east of 113.3.
    const classify = (lng: number) =>
      ({ status: lng > 113.3 ? 'inside' : 'outside', zoneVersion: 'v2' }) as PointAnswer;
    const records = [
      record('a', 113.4, 'outside', 'v1'), // changed
      record('b', 113.2, 'outside', 'v1'), // same answer
      record('c', 113.4, 'outside', 'v2'), // same version: not re-checked
      record('d', 113.4, 'outside', 'v1', true), // deleted
      { ...record('e', 113.4, 'inside', 'v1'), zoneAnswer: null } as unknown as FieldRecord,
    ];
    expect(recheckRecords(records, classify)).toEqual({ otherVersion: 2, changed: 1, currentVersion: 'v2' });
    expect(recheckRecords(records, () => null)).toEqual({ otherVersion: 0, changed: 0, currentVersion: null });
  });
});
