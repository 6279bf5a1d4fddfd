/**
 * The online street layers on the map: raster sources whose tiles come through the `cztile://` protocol
 * (street-tile-loader.ts: cache, then network), drawn above the embedded basemap's ground and below the
 * zone. Nothing of the embedded basemap is hidden: where a street tile is missing (offline, a refused key)
 * the embedded ground, roads, district lines and place names show through as before; the traced roads and
 * our place names stay on top of the streets.
 */
import * as maplibregl from 'maplibre-gl';
import type { StreetLayer } from './street-sources.ts';
import { STREET_PROTOCOL, streetTileTemplate } from './street-tile-loader.ts';

type Loader = (url: string, signal?: AbortSignal) => Promise<ArrayBuffer>;
let loader: Loader | null = null;
maplibregl.addProtocol(STREET_PROTOCOL, async (params, abortController) => {
  if (!loader) throw new Error('no street tile loader');
  return { data: await loader(params.url, abortController.signal) };
});

/** Sets where street tiles come from (one loader for every map). */
export function setStreetTileLoader(load: Loader): void {
  loader = load;
}

const BELOW = 'districts-line';

/** Shows these street layers (replacing any shown before), or none. */
export function showStreetLayers(map: maplibregl.Map, layers: readonly StreetLayer[]): void {
  for (const layer of map.getStyle().layers ?? []) if (layer.id.startsWith('street-')) map.removeLayer(layer.id);
  for (const id of Object.keys(map.getStyle().sources ?? {})) if (id.startsWith('street-')) map.removeSource(id);
  const ordered = [...layers.filter((l) => l.role === 'base'), ...layers.filter((l) => l.role === 'labels')];
  for (const layer of ordered) {
    map.addSource(`street-${layer.id}`, {
      type: 'raster',
      tiles: [streetTileTemplate(layer.id)],
      tileSize: 256,
      minzoom: layer.minZoom,
      maxzoom: layer.maxZoom,
      attribution: layer.attribution,
    });
    map.addLayer({ id: `street-${layer.id}`, type: 'raster', source: `street-${layer.id}` }, BELOW);
  }
}
