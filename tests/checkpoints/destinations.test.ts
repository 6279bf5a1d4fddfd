import { describe, expect, it } from 'vitest';
import { destinationResolver } from '../../src/checkpoints/destinations.ts';
import { checkPermit, type Permit } from '../../src/checkpoints/permits.ts';

const plant = { name: '大同第二热电厂', lng: 113.3, lat: 40.092 };
const station = { name: '大同站', lng: 113.2963381, lat: 40.1190975 };
const permit: Permit = {
  number: 'TX-1',
  plate: '晋B12345',
  holder: '大同第二热电厂',
  cargo: '原煤',
  destination: '大同第二热电厂',
  validFrom: Date.parse('2026-11-01T00:00:00+08:00'),
  validTo: Date.parse('2027-03-31T23:59:59.999+08:00'),
  status: 'valid',
  line: 2,
};
const at = Date.parse('2026-12-01T10:00:00+08:00');

describe('declared destinations', () => {
  const places = destinationResolver([plant, station]);
  it('names a tapped point after the nearest known place within 1 km, else writes coordinates', () => {
    expect(places.nameOf(113.3005, 40.0925)).toBe('大同第二热电厂');
    expect(places.nameOf(113.45, 40.2)).toBe('113.45000, 40.20000');
  });
  it('a destination given as coordinates next to the allowed site passes; elsewhere it is flagged', () => {
    expect(checkPermit(permit, at, '113.30050, 40.09210', places.samePlace)).toBe('valid');
    expect(checkPermit(permit, at, '大同 第二热电厂', places.samePlace)).toBe('valid');
    expect(checkPermit(permit, at, '大同站', places.samePlace)).toBe('wrong-destination');
    expect(checkPermit(permit, at, '云冈供热站', places.samePlace)).toBe('wrong-destination');
    // Without a resolver, only the name counts.
    expect(checkPermit(permit, at, '113.30050, 40.09210')).toBe('wrong-destination');
  });
});
