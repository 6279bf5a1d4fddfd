/** parseTime refuses dates and times of day that do not exist instead of rolling them over. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRealDate, parseTime } from '../../src/io/parse-time.ts';

const p = (n: number) => String(n).padStart(2, '0');

describe('parseTime and the calendar', () => {
  it('refuses impossible days in every written form', () => {
    for (const day of ['2026-02-31', '2026-04-31', '2026-02-29', '2100-02-29', '2026-06-31', '2026-11-31'])
      for (const text of [
        day,
        `${day} 08:00`,
        `${day.replace(/-/g, '/')} 8:00`,
        `${day}T00:00:00Z`,
        `${day}T08:00+08:00`,
      ])
        expect(parseTime(text), text).toBeNull();
    const [y, m, d] = ['2026', '02', '31'];
    expect(parseTime(`${y}年${m}月${d}日`)).toBeNull();
    expect(parseTime('2026-01-01T24:00:00Z')).toBeNull();
    expect(parseTime('2026-01-01 23:60')).toBeNull();
    expect(parseTime('2026-01-01T08:00:00+25:00')).toBeNull();
  });

  it('accepts the real ones, leap days included', () => {
    expect(parseTime('2028-02-29')).toBe(Date.UTC(2028, 1, 28, 16));
    expect(parseTime('2000-02-29T00:00:00Z')).toBe(Date.UTC(2000, 1, 29));
    expect(parseTime('2026-04-30 23:59:59')).toBe(Date.UTC(2026, 3, 30, 15, 59, 59));
    expect(parseTime('2026-12-01T08:07:30.500+08:00')).toBe(Date.UTC(2026, 11, 1, 0, 7, 30, 500));
    expect(parseTime('2026-12-01T00:07Z')).toBe(Date.UTC(2026, 11, 1, 0, 7));
  });

  it('agrees with the calendar on random dates (valid ones parse to Date.UTC, invalid ones are refused)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2200 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (y, m, d) => {
          const text = `${y}-${p(m)}-${p(d)}T12:00:00Z`;
          const real = new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d;
          expect(isRealDate(y, m, d)).toBe(real);
          expect(parseTime(text)).toBe(real ? Date.UTC(y, m - 1, d, 12) : null);
        },
      ),
      { seed: 20261202, numRuns: 2000 },
    );
  });
});
