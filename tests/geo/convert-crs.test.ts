import { describe, expect, it } from 'vitest';
import { convertCrs, parseCrs, toWgs84 } from '../../src/geo/convert-crs.ts';
import { distanceMetres } from '../../src/geo/ellipsoid.ts';

describe('convertCrs', () => {
  it('shifts GCJ-02 about 600 m from WGS-84 at Datong (SOURCES.md: −0.0070° lng, −0.0012° lat)', () => {
    // The DataV centre of 平城区 in GCJ-02 and its gcoord WGS-84 conversion recorded in shared/data.
    const wgs = toWgs84([113.298027, 40.075667], 'GCJ02');
    expect(wgs[0]).toBeCloseTo(113.291029, 5);
    expect(wgs[1]).toBeCloseTo(40.074481, 5);
    const shift = distanceMetres(113.298027, 40.075667, wgs[0], wgs[1]);
    expect(shift).toBeGreaterThan(500);
    expect(shift).toBeLessThan(700);
  });

  it('round-trips WGS-84 → BD-09 → WGS-84 to within a metre', () => {
    const start: [number, number] = [113.3, 40.09];
    const bd = convertCrs(start, 'WGS84', 'BD09');
    expect(distanceMetres(start[0], start[1], bd[0], bd[1])).toBeGreaterThan(600);
    const back = toWgs84(bd, 'BD09');
    expect(distanceMetres(start[0], start[1], back[0], back[1])).toBeLessThan(1);
  });

  it('returns a new array and leaves the input alone', () => {
    const input: [number, number] = [113.3, 40.09];
    const out = convertCrs(input, 'WGS84', 'WGS84');
    expect(out).toEqual(input);
    expect(out).not.toBe(input);
  });

  it('reads CRS names as people write them, and refuses unknown ones', () => {
    expect(parseCrs('Amap')).toBe('GCJ02');
    expect(parseCrs('百度')).toBe('BD09');
    expect(parseCrs(' wgs-84 ')).toBe('WGS84');
    expect(parseCrs('utm')).toBeNull();
    // @ts-expect-error: programmer misuse throws, naming the value
    expect(() => convertCrs([113, 40], 'UTM', 'WGS84')).toThrow(/from must be/);
  });
});
