import { describe, expect, it } from 'vitest';
import { plateInName } from '../../src/checkpoints/plate-in-name.ts';

describe('plateInName', () => {
  it('finds the plate in names as fleets and phones write them', () => {
    expect(plateInName('晋B12345 12月2日.gpx')).toBe('晋B12345');
    expect(plateInName('轨迹_晋b·d23456_1202.kml')).toBe('晋BD23456');
    expect(plateInName('晋B 6789挂.csv')).toBe('晋B6789挂');
  });
  it('finds none where there is none (a date, a police plate, no province)', () => {
    expect(plateInName('track 2026-12-02.gpx')).toBeNull();
    expect(plateInName('B12345.gpx')).toBeNull();
    expect(plateInName('晋A1234警.gpx')).toBeNull();
  });
});
