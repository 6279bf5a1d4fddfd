import { describe, expect, it } from 'vitest';
import { readSharedCheck, shareLink } from '../../src/app/share-link.ts';
import { readLocationText } from '../../src/geo/read-location-text.ts';

describe('share links', () => {
  it('round-trip a check with its zone version', () => {
    const link = shareLink(
      'https://example.org/app/?old=1#x',
      { lng: 113.3, lat: 40.092, zoneId: 'z', zoneVersion: '1' },
      'en',
    );
    expect(link).toBe('https://example.org/app/?lng=113.300000&lat=40.092000&zone=z&v=1&lang=en');
    expect(readSharedCheck(new URL(link).search)).toEqual({ lng: 113.3, lat: 40.092, zoneId: 'z', zoneVersion: '1' });
  });
  it('ignore links without a valid point', () => {
    expect(readSharedCheck('?lng=abc&lat=1')).toBeNull();
    expect(readSharedCheck('?lng=1')).toBeNull();
    expect(readSharedCheck('?lng=500&lat=1')).toBeNull();
  });
});

describe('readLocationText', () => {
  it('reads an Amap link as GCJ-02 and converts it', () => {
    const r = readLocationText('https://uri.amap.com/marker?position=113.307,40.0932', 'WGS84');
    expect(r.ok && r.readAs).toBe('amap');
    expect(r.ok && 113.307 - r.lng).toBeCloseTo(0.007, 3);
  });
  it('reads typed coordinates in the CRS given', () => {
    const wgs = readLocationText('40.0932, 113.3070', 'WGS84');
    const bd = readLocationText('40.0932, 113.3070', 'BD09');
    expect(wgs.ok && wgs.lng).toBe(113.307);
    expect(bd.ok && wgs.ok && wgs.lng - bd.lng).toBeGreaterThan(0.01);
  });
  it('gives the reason for text it cannot read', () => {
    const r = readLocationText('鼓楼东街', 'WGS84');
    expect(r.ok).toBe(false);
  });
});
