import { describe, expect, it } from 'vitest';
import { looksLikeMapLink, parseMapLink } from '../../src/geo/parse-map-link.ts';

describe('parseMapLink', () => {
  it.each([
    ['https://uri.amap.com/marker?position=113.3070,40.0932&name=鼓楼', 113.307, 40.0932, 'GCJ02', 'amap'],
    ['androidamap://viewMap?sourceApplication=x&lat=40.0932&lon=113.3070&dev=0', 113.307, 40.0932, 'GCJ02', 'amap'],
    [
      'http://api.map.baidu.com/marker?location=40.0990,113.3135&title=鼓楼&output=html',
      113.3135,
      40.099,
      'BD09',
      'baidu',
    ],
    ['baidumap://map/marker?location=40.0932,113.3070&coord_type=gcj02&title=x', 113.307, 40.0932, 'GCJ02', 'baidu'],
    [
      'https://apis.map.qq.com/uri/v1/marker?marker=coord:40.0932,113.3070;title:鼓楼&referer=x',
      113.307,
      40.0932,
      'GCJ02',
      'tencent',
    ],
    ['geo:40.092,113.300?z=15', 113.3, 40.092, 'WGS84', 'geo'],
  ])('%s', (text, lng, lat, crs, app) => {
    const r = parseMapLink(text);
    expect(r).toMatchObject({ ok: true, lng, lat, crs, app });
    expect(looksLikeMapLink(text)).toBe(true);
  });

  it('keeps the place name from the link', () => {
    const r = parseMapLink(
      'https://apis.map.qq.com/uri/v1/marker?marker=coord:40.0932,113.3070;title:%E9%BC%93%E6%A5%BC',
    );
    expect(r.ok && r.name).toBe('鼓楼');
  });

  it.each([
    ['https://surl.amap.com/abc123', 'SHORT_LINK'],
    ['https://uri.amap.com/marker?name=x', 'NO_COORDINATES'],
    ['https://example.com/?q=1', 'UNKNOWN_LINK'],
    ['geo:95,200', 'OUT_OF_RANGE'],
  ])('refuses %s with %s', (text, code) => {
    const r = parseMapLink(text);
    expect(!r.ok && r.reason.code).toBe(code);
  });

  it('does not take typed coordinates for a link', () => {
    expect(looksLikeMapLink('113.3, 40.09')).toBe(false);
  });
});
