import { describe, expect, it } from 'vitest';
import { parseCoordinates } from '../../src/geo/parse-coordinates.ts';

function parsed(text: string) {
  const r = parseCoordinates(text);
  if (!r.ok) throw new Error(`${text}: ${r.reason.code} ${r.reason.message}`);
  return r;
}

describe('parseCoordinates', () => {
  it.each([
    ['113.3, 40.09', 113.3, 40.09, 'lng,lat'],
    ['40.09, 113.3', 113.3, 40.09, 'lat,lng'],
    ['40.09 113.3', 113.3, 40.09, 'lat,lng'],
    ['113.3，40.09', 113.3, 40.09, 'lng,lat'],
    ['１１３．３，４０．０９', 113.3, 40.09, 'lng,lat'],
    ['113.3;40.09', 113.3, 40.09, 'lng,lat'],
  ])('decimal %s', (text, lng, lat, order) => {
    const r = parsed(text);
    expect([r.lng, r.lat, r.order]).toEqual([lng, lat, order]);
    expect(r.orderBy).toBe('datong-extent');
  });

  it.each([
    [`40°05'24"N 113°18'00"E`, 113.3, 40.09],
    ['40°05′24″N, 113°18′00″E', 113.3, 40.09],
    ['N40°05.4′ E113°18′', 113.3, 40.09],
    ['北纬40度5分24秒 东经113度18分', 113.3, 40.09],
    ['东经113.3 北纬40.09', 113.3, 40.09],
    ['N40 5 24 E113 18 0', 113.3, 40.09],
    ['113.3E 40.09N', 113.3, 40.09],
  ])('degrees-minutes-seconds and labels: %s', (text, lng, lat) => {
    const r = parsed(text);
    expect(r.lng).toBeCloseTo(lng, 9);
    expect(r.lat).toBeCloseTo(lat, 9);
    expect(r.orderBy).toBe('labels');
  });

  it('applies southern and western hemispheres', () => {
    const r = parseCoordinates('S 10.5 W 20.25');
    expect(r.ok).toBe(false); // valid numbers, but not in China
    if (!r.ok) expect(r.reason.code).toBe('OUTSIDE_CHINA');
  });

  it('reads the order from China’s extent outside Datong, and says so', () => {
    const xian = parsed('34.26, 108.94');
    expect([xian.lng, xian.lat, xian.orderBy]).toEqual([108.94, 34.26, 'range']);
  });

  it('reports precision from the digits typed', () => {
    expect(parsed('113.3, 40.09').accuracyM).toBeGreaterThan(400);
    expect(parsed('113.30000, 40.09000').accuracyM).toBeLessThan(1);
  });

  it.each([
    ['', 'EMPTY'],
    ['113.3', 'NEED_TWO_NUMBERS'],
    ['113.3, 40.09, 12', 'NEED_TWO_NUMBERS'],
    ['abc, def', 'UNREADABLE'],
    ['200, 100', 'OUT_OF_RANGE'],
    ['N40 N41', 'SAME_AXIS'],
    [`40°75'N 113°E`, 'OUT_OF_RANGE'],
    ['2.35, 48.85', 'OUTSIDE_CHINA'],
  ])('refuses %j with %s', (text, code) => {
    const r = parseCoordinates(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason.code).toBe(code);
  });
});
