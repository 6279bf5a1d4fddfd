/** The online search against a 天地图 stand-in on loopback that answers in the documented formats. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  geocoderUrl,
  readGeocoderResponse,
  readLonLat,
  readSearchV2Response,
  searchTianditu,
  searchV2Url,
} from '../../src/places/tianditu-search.ts';
import { startTiandituServer, type TiandituServer } from '../helpers/tianditu-server.ts';

const KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
let server: TiandituServer;

beforeAll(async () => {
  server = await startTiandituServer({ key: KEY });
});
afterAll(async () => {
  await server?.close();
});

describe('request formats', () => {
  it('builds the geocoder request with ds={"keyWord":…} and tk', () => {
    const url = new URL(geocoderUrl('https://api.tianditu.gov.cn/', '大同市平城区新建南路1号', 'k'));
    expect(url.pathname).toBe('/geocoder');
    expect(JSON.parse(url.searchParams.get('ds') as string)).toEqual({ keyWord: '大同市平城区新建南路1号' });
    expect(url.searchParams.get('tk')).toBe('k');
  });

  it('builds the V2.0 search with postStr (queryType, mapBound, level, specify, start, count) and type=query', () => {
    const url = new URL(searchV2Url('https://api.tianditu.gov.cn', '华严寺', 'k', { queryType: 7 }));
    expect(url.pathname).toBe('/v2/search');
    expect(url.searchParams.get('type')).toBe('query');
    const post = JSON.parse(url.searchParams.get('postStr') as string);
    expect(post).toMatchObject({
      keyWord: '华严寺',
      queryType: 7,
      level: 12,
      specify: '156140200',
      start: 0,
      count: 10,
    });
    expect(post.mapBound.split(',').map(Number)).toHaveLength(4);
  });
});

describe('response formats', () => {
  it('reads lonlat written with a comma (V2.0) or a space (older answers)', () => {
    expect(readLonLat('113.29157,40.09264')).toEqual([113.29157, 40.09264]);
    expect(readLonLat('113.29157 40.09264')).toEqual([113.29157, 40.09264]);
    expect(readLonLat('113.29157')).toBeNull();
    expect(readLonLat(null)).toBeNull();
  });

  it('keeps CGCS2000 coordinates as WGS-84 (no GCJ-02 shift) and drops places outside Datong', () => {
    const places = readSearchV2Response({
      resultType: 1,
      pois: [
        { name: '华严寺', lonlat: '113.29157,40.09264', address: '下寺坡街', hotPointID: 'X' },
        { name: '华严寺', lonlat: '115.97,40.46', address: '北京市延庆区' },
      ],
      status: { infocode: 1000 },
    });
    expect(places).toHaveLength(1);
    expect(places[0]).toMatchObject({ lng: 113.29157, lat: 40.09264, origin: 'network', address: '下寺坡街' });
  });

  it('gives nothing for an error status or a geocoder "no result"', () => {
    expect(readSearchV2Response({ status: { infocode: 2000, cndesc: '参数错误' } })).toEqual([]);
    expect(readGeocoderResponse({ status: '101', msg: '无结果' }, 'x')).toEqual([]);
    expect(readSearchV2Response('<html>')).toEqual([]);
  });
});

describe('searchTianditu against the loopback stand-in', () => {
  it('finds POIs in Datong, marked as from the network, with the key sent', async () => {
    const result = await searchTianditu('华严寺', { api: server.url, tk: KEY });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.places.map((p) => p.name)).toEqual(['华严寺']);
    expect(result.places[0]).toMatchObject({ origin: 'network', lng: 113.29157, lat: 40.09264 });
    const search = server.requests.find((r) => r.path === '/v2/search' && r.params.keyWord === '华严寺');
    expect(search).toMatchObject({ tk: KEY, params: { type: 'query', queryType: 1 } });
  });

  it('geocodes an address', async () => {
    const result = await searchTianditu('大同市平城区御河西路88号', { api: server.url, tk: KEY });
    expect(result).toMatchObject({
      ok: true,
      places: [{ lng: 113.31523, lat: 40.10311, accuracyM: 30, origin: 'network' }],
    });
  });

  it('reads an administrative area answer (resultType 3)', async () => {
    const result = await searchTianditu('平城区', { api: server.url, tk: KEY });
    expect(result).toMatchObject({ ok: true, places: [{ name: '平城区', kind: 'area', accuracyM: 3000 }] });
  });

  it('answers an empty list when 天地图 knows nothing', async () => {
    expect(await searchTianditu('巴黎铁塔', { api: server.url, tk: KEY })).toEqual({ ok: true, places: [] });
  });

  it('says the key was refused', async () => {
    expect(await searchTianditu('华严寺', { api: server.url, tk: 'wrong' })).toEqual({ ok: false, reason: 'refused' });
  });

  it('says when the service is slow or down', async () => {
    const slow = await startTiandituServer({ key: KEY, delayMs: 1_000 });
    expect(await searchTianditu('华严寺', { api: slow.url, tk: KEY, timeoutMs: 200 })).toEqual({
      ok: false,
      reason: 'timeout',
    });
    await slow.close();
    expect(await searchTianditu('华严寺', { api: slow.url, tk: KEY })).toEqual({ ok: false, reason: 'unreachable' });
  });
});
