/** The street layers' URLs: 天地图's documented WMTS KVP scheme, XYZ templates, and when there is no layer. */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_STREET_SETTINGS,
  resolveStreetLayers,
  tiandituTileUrl,
  validateXyzTemplate,
} from '../../src/map/street-sources.ts';

describe('street sources', () => {
  it('builds 天地图 vec_w / cva_w GetTile URLs as documented, rows as TILEROW and columns as TILECOL', () => {
    const url = new URL(tiandituTileUrl('https://t{s}.tianditu.gov.cn', 'vec', 14, 13348, 6190, 'k&y'));
    expect(url.host).toBe(`t${(13348 + 6190) % 8}.tianditu.gov.cn`);
    expect(url.pathname).toBe('/vec_w/wmts');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      SERVICE: 'WMTS',
      REQUEST: 'GetTile',
      VERSION: '1.0.0',
      LAYER: 'vec',
      STYLE: 'default',
      TILEMATRIXSET: 'w',
      FORMAT: 'tiles',
      TILEMATRIX: '14',
      TILEROW: '6190',
      TILECOL: '13348',
      tk: 'k&y',
    });
  });

  it('spreads tiles over the hosts t0–t7, one host per tile', () => {
    const hosts = new Set<string>();
    for (let x = 0; x < 16; x++)
      hosts.add(new URL(tiandituTileUrl('https://t{s}.tianditu.gov.cn', 'cva', 5, x, 3, 'k')).host);
    expect([...hosts].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((n) => `t${n}.tianditu.gov.cn`));
  });

  it('gives the base and the labels with 天地图 attribution and its approval number, only with a key', () => {
    expect(resolveStreetLayers(DEFAULT_STREET_SETTINGS, '')).toEqual({ ok: false, reason: 'no-key' });
    expect(resolveStreetLayers({ ...DEFAULT_STREET_SETTINGS, provider: 'off' }, 'k')).toEqual({
      ok: false,
      reason: 'off',
    });
    const r = resolveStreetLayers(DEFAULT_STREET_SETTINGS, ' key1 ');
    if (!r.ok) throw new Error('expected layers');
    expect(r.layers.map((l) => [l.id, l.role])).toEqual([
      ['tianditu-vec', 'base'],
      ['tianditu-cva', 'labels'],
    ]);
    expect(r.layers[0]?.attribution).toMatch(/天地图.*审图号 GS\(\d{4}\)\d+号/);
    expect(r.layers[1]?.url(3, 1, 2)).toContain('/cva_w/wmts?');
    expect(r.layers[1]?.url(3, 1, 2)).toContain('tk=key1');
    expect(r.layers.every((l) => !l.id.includes('key1'))).toBe(true);
  });

  it('points 天地图 at another host (a mirror, a test server) and refuses a host that is not one', () => {
    const r = resolveStreetLayers({ ...DEFAULT_STREET_SETTINGS, tiandituHost: 'http://127.0.0.1:9/' }, 'k');
    if (!r.ok) throw new Error('expected layers');
    expect(r.layers[0]?.url(1, 0, 1)).toMatch(/^http:\/\/127\.0\.0\.1:9\/vec_w\/wmts\?/);
    expect(resolveStreetLayers({ ...DEFAULT_STREET_SETTINGS, tiandituHost: 'ftp://x' }, 'k')).toEqual({
      ok: false,
      reason: 'bad-host',
    });
  });

  it('takes any XYZ template with {z} {x} {y} (and {s}), with its attribution, and keys the cache by template', () => {
    const settings = {
      ...DEFAULT_STREET_SETTINGS,
      provider: 'xyz' as const,
      xyzTemplate: 'https://{s}.tile.example.org/{z}/{x}/{y}.png',
      xyzAttribution: '© OpenStreetMap contributors',
    };
    const r = resolveStreetLayers(settings, '');
    if (!r.ok) throw new Error('expected a layer');
    expect(r.layers[0]?.url(12, 3337, 1540)).toBe('https://c.tile.example.org/12/3337/1540.png');
    expect(r.layers[0]?.attribution).toBe('© OpenStreetMap contributors');
    const other = resolveStreetLayers({ ...settings, xyzTemplate: 'https://x.org/{z}/{x}/{y}.png' }, '');
    expect(other.ok && other.layers[0]?.id).not.toBe(r.layers[0]?.id);
    expect(validateXyzTemplate('tiles/{z}/{x}/{y}')).toEqual({ valid: false, reason: 'not-http' });
    expect(validateXyzTemplate('https://x.org/{z}/{x}.png')).toEqual({ valid: false, reason: 'no-zxy' });
    expect(resolveStreetLayers({ ...settings, xyzTemplate: 'https://x.org/a.png' }, '')).toEqual({
      ok: false,
      reason: 'bad-template',
    });
  });
});
