/**
 * The map: MapLibre GL with the embedded offline basemap (a PMTiles archive held as a Blob and read through
 * pmtiles' FileSource — no byte-range requests, so it works from the service worker's cache), an optional
 * user basemap, the zone (fill, dashed outline because it is provisional, uncertainty bands), and the
 * checked point with its accuracy circle. The only maplibre-gl importer. Labels need no glyph server: the
 * style has no `glyphs`, so MapLibre renders text locally (Chinese with the system font, Latin with the
 * bundled Noto Sans).
 */
import type { FeatureCollection, LineString, MultiLineString, Polygon } from 'geojson';
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { FileSource, PMTiles, Protocol } from 'pmtiles';
import type { EdgeProperties } from '../geo/uncertainty-bands.ts';
import type { VertexSnap } from '../zones/snap-provenance.ts';
import { editRing, type RingEditing, type RingEditOptions } from './edit-ring.ts';
import { setStreetTileLoader, showStreetLayers } from './street-layers.ts';
import type { StreetLayer } from './street-sources.ts';
import type { Bbox } from './tile-math.ts';

maplibregl.setWorkerUrl(workerUrl);
const protocol = new Protocol();
maplibregl.addProtocol('pmtiles', protocol.tile);

/** What the map shows of one zone. */
export interface ZoneLayers {
  zone: GeoJSON.Feature;
  bands: FeatureCollection<Polygon, EdgeProperties>;
  edges: FeatureCollection<GeoJSON.LineString, EdgeProperties>;
}

/** Handlers the view gives the map. */
export interface MapHandlers {
  onPick: (lng: number, lat: number) => void;
  /** True while a view waits for a tap to fill something in (a checkpoint's place, a destination): the tap
   *  then goes to the pick only — no edge popup opens, none stays open to swallow it. */
  isPicking?: () => boolean;
  /** Content for the popup of a tapped edge (its side, clause, landmarks, uncertainty), or null. */
  onEdge: (edge: EdgeProperties) => HTMLElement | null;
}

/** A created map and what the app may do with it. */
export interface MapView {
  map: maplibregl.Map;
  /** Closes any open edge popup (called on entering a pick mode, so the popup cannot take the pick's tap). */
  closePopup: () => void;
  showPoint: (lng: number, lat: number, accuracy: Polygon | null) => void;
  setUserBasemap: (blob: Blob | null, name: string) => void;
  /** Shows online street layers (tiles through the street tile loader), or none: the embedded basemap. */
  setStreets: (layers: readonly StreetLayer[]) => void;
  /** Sets where street tiles come from (street-tile-loader.ts: the device's cache, then the network). */
  setStreetTileLoader: (load: (url: string, signal?: AbortSignal) => Promise<ArrayBuffer>) => void;
  /** What the map shows now: its box and zoom (for saving the view's tiles). */
  view: () => { bbox: Bbox; zoom: number };
  /** Draws field records (points with a `kind` property) as a layer, coloured by kind. */
  setRecords: (records: FeatureCollection) => void;
  project: (lng: number, lat: number) => { x: number; y: number };
  /** Replaces one of the checkpoint view's overlays (a checked route, its crossings, the planning crossings,
   *  the checkpoints) and, with `fit`, frames it. */
  setOverlay: (name: OverlayName, data: FeatureCollection, fit?: boolean) => void;
  /** Road lines of a loaded user basemap in the tiles currently loaded (Protomaps `roads` or OpenMapTiles
   *  `transportation`), for checkpoint planning; empty without a user basemap. */
  userRoads: () => FeatureCollection<LineString | MultiLineString>;
  /** Starts drawing a line with terra-draw (tap the origin, the turns, the destination; tap the last point
   *  again or call finish). Map taps do not reach onPick meanwhile. */
  drawLine: (onFinish: (coordinates: number[][]) => void) => Promise<LineDrawing>;
  /** Edits a closed ring with terra-draw (edit-ring.ts): drag a vertex, drag an edge's midpoint to split it,
   *  tap a vertex to select it; a dragged vertex snaps to a road given by `options.snap`. `onChange` gets the
   *  ring after each finished edit. Map taps do not reach onPick meanwhile. */
  editRing: (
    ring: number[][],
    onChange: (ring: number[][], snaps: VertexSnap[]) => void,
    options?: RingEditOptions,
  ) => Promise<RingEditing>;
}

/** A line being drawn. */
export interface LineDrawing {
  /** Finishes the line (as terra-draw's Enter key does); onFinish gets it if it has two points or more. */
  finish: () => void;
  cancel: () => void;
}

export type { RingEditing, RingEditOptions } from './edit-ring.ts';

/** The checkpoint view's overlays. */
export type OverlayName = 'route' | 'route-points' | 'crossings' | 'checkpoints' | 'trace' | 'draft-problems';

const FONT = ['Noto Sans'];

/** Creates the map in `container`. Resolves once the style has loaded. */
export async function createMapView(
  container: HTMLElement,
  basemap: Blob,
  zones: ZoneLayers[],
  handlers: MapHandlers,
): Promise<MapView> {
  const embedded = new PMTiles(new FileSource(new File([basemap], 'datong-embedded.pmtiles')));
  protocol.add(embedded);
  const map = new maplibregl.Map({
    container,
    center: [113.31, 40.1],
    zoom: 10.6,
    maxBounds: [
      [111.5, 39.0],
      [115.0, 41.2],
    ],
    attributionControl: { compact: true, customAttribution: 'G109 © OpenStreetMap contributors · DataV · coalzone' },
    style: {
      version: 8,
      sources: { base: { type: 'vector', url: 'pmtiles://datong-embedded.pmtiles' } },
      layers: [
        { id: 'background', type: 'background', paint: { 'background-color': '#f4f1ea' } },
        {
          id: 'districts-fill',
          type: 'fill',
          source: 'base',
          'source-layer': 'districts',
          paint: { 'fill-color': '#ebe6da', 'fill-outline-color': '#b9b0a0' },
        },
        {
          id: 'districts-line',
          type: 'line',
          source: 'base',
          'source-layer': 'districts',
          paint: { 'line-color': '#8d8577', 'line-width': 1, 'line-dasharray': [3, 2] },
        },
        {
          id: 'roads',
          type: 'line',
          source: 'base',
          'source-layer': 'roads',
          paint: { 'line-color': '#e08a2e', 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 1, 14, 4] },
        },
        {
          id: 'places',
          type: 'circle',
          source: 'base',
          'source-layer': 'places',
          paint: { 'circle-radius': 3, 'circle-color': '#444' },
        },
        {
          id: 'places-label',
          type: 'symbol',
          source: 'base',
          'source-layer': 'places',
          ...nameLabels('#333', 1),
        },
      ],
    },
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
  await new Promise<void>((resolve) => map.once('load', () => resolve()));
  for (const [k, z] of zones.entries()) addZone(map, z, k);
  map.addSource('records', { type: 'geojson', data: empty() });
  map.addLayer({
    id: 'records',
    type: 'circle',
    source: 'records',
    paint: {
      'circle-radius': 5,
      'circle-stroke-color': '#fff',
      'circle-stroke-width': 1.5,
      'circle-color': [
        'match',
        ['get', 'kind'],
        'sales-point',
        '#6a1b9a',
        'appliance',
        '#ef6c00',
        'violation-report',
        '#c62828',
        'exempt-enterprise',
        '#2e7d32',
        'checkpoint-inspection',
        '#1565c0',
        'checkpoint',
        '#0d47a1',
        '#555',
      ],
    },
  });
  addOverlays(map);
  map.addSource('pick-accuracy', { type: 'geojson', data: empty() });
  map.addSource('pick', { type: 'geojson', data: empty() });
  map.addLayer({
    id: 'pick-accuracy',
    type: 'fill',
    source: 'pick-accuracy',
    paint: { 'fill-color': '#1d6fd8', 'fill-opacity': 0.15 },
  });
  map.addLayer({
    id: 'pick',
    type: 'circle',
    source: 'pick',
    paint: { 'circle-radius': 7, 'circle-color': '#1d6fd8', 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 },
  });
  // The zone's GeoJSON sources are tiled asynchronously in the worker: until the map is idle, their layers
  // are neither drawn nor queryable, so "ready" waits for it.
  await new Promise<void>((resolve) => map.once('idle', () => resolve()));
  let popup: maplibregl.Popup | null = null;
  let drawing = false;
  const closePopup = () => {
    popup?.remove();
    popup = null;
    for (const k of zones.keys()) map.setFilter(`zone-${k}-band-selected`, ['==', ['get', 'edge'], -1]);
  };
  map.on('click', (event) => {
    if (drawing) return;
    if (handlers.isPicking?.()) {
      closePopup();
      handlers.onPick(event.lngLat.lng, event.lngLat.lat);
      return;
    }
    // Which drawn edge is under the finger is a UI question (what to explain), not a geofence answer:
    // the answer for the point comes from src/geo through onPick.
    const hit = map.queryRenderedFeatures(event.point, { layers: zones.map((_, k) => `zone-${k}-edges-hit`) })[0];
    closePopup();
    if (hit) {
      const edge = hit.properties as unknown as EdgeProperties;
      const k = Number(hit.layer.id.split('-')[1]);
      map.setFilter(`zone-${k}-band-selected`, ['==', ['get', 'edge'], edge.edge]);
      const content = handlers.onEdge(edge);
      if (content)
        popup = new maplibregl.Popup({ maxWidth: '300px' }).setLngLat(event.lngLat).setDOMContent(content).addTo(map);
    }
    handlers.onPick(event.lngLat.lng, event.lngLat.lat);
  });
  return {
    map,
    closePopup,
    showPoint: (lng, lat, accuracy) => {
      (map.getSource('pick') as maplibregl.GeoJSONSource).setData({ type: 'Point', coordinates: [lng, lat] });
      (map.getSource('pick-accuracy') as maplibregl.GeoJSONSource).setData(accuracy ?? empty());
      // A point off screen: frame it together with the zone (an outside answer means little without the
      // zone beside it), never fly to the point alone.
      if (!map.getBounds().contains([lng, lat])) {
        const bounds = new maplibregl.LngLatBounds();
        for (const z of zones) extend(bounds, (z.zone.geometry as { coordinates: unknown }).coordinates);
        bounds.extend([lng, lat]);
        map.fitBounds(bounds, { padding: 30, duration: 0 });
      }
    },
    setUserBasemap: (blob, name) => setUserBasemap(map, blob, name),
    setStreets: (layers) => showStreetLayers(map, layers),
    setStreetTileLoader,
    view: () => {
      const b = map.getBounds();
      return {
        bbox: { west: b.getWest(), south: b.getSouth(), east: b.getEast(), north: b.getNorth() },
        zoom: map.getZoom(),
      };
    },
    setRecords: (records) => (map.getSource('records') as maplibregl.GeoJSONSource).setData(records),
    project: (lng, lat) => map.project([lng, lat]),
    setOverlay: (name, data, fit = false) => {
      (map.getSource(`overlay-${name}`) as maplibregl.GeoJSONSource).setData(data);
      if (!fit) return;
      const bounds = new maplibregl.LngLatBounds();
      for (const f of data.features) extend(bounds, (f.geometry as { coordinates: unknown }).coordinates);
      if (!bounds.isEmpty()) map.fitBounds(bounds, { padding: 40, maxZoom: 15, duration: 0 });
    },
    drawLine: async (onFinish) => {
      const { TerraDraw, TerraDrawLineStringMode } = await import('terra-draw');
      const { TerraDrawMapLibreGLAdapter } = await import('terra-draw-maplibre-gl-adapter');
      const draw = new TerraDraw({
        adapter: new TerraDrawMapLibreGLAdapter({ map }),
        modes: [
          new TerraDrawLineStringMode({
            styles: { lineStringColor: '#1d3fd8', lineStringWidth: 3, closingPointColor: '#1d3fd8' },
          }),
        ],
      });
      const end = () => {
        drawing = false;
        draw.clear();
        draw.stop();
      };
      draw.start();
      draw.setMode('linestring');
      drawing = true;
      draw.on('finish', (id) => {
        const feature = draw.getSnapshotFeature(id);
        end();
        if (feature?.geometry.type === 'LineString') onFinish(feature.geometry.coordinates as number[][]);
      });
      return {
        finish: () => map.getCanvas().dispatchEvent(new KeyboardEvent('keyup', { key: 'Enter', bubbles: true })),
        cancel: end,
      };
    },
    editRing: async (ring, onChange, options) => {
      const editing = await editRing(map, ring, onChange, options);
      drawing = true;
      return {
        ...editing,
        stop: () => {
          drawing = false;
          editing.stop();
        },
      };
    },
    userRoads: () => {
      if (!map.getSource('user-base')) return { type: 'FeatureCollection', features: [] };
      const features = ['roads', 'transportation'].flatMap((sourceLayer) =>
        map.querySourceFeatures('user-base', { sourceLayer }),
      );
      return {
        type: 'FeatureCollection',
        features: features
          .filter((f) => f.geometry.type === 'LineString' || f.geometry.type === 'MultiLineString')
          .map((f) => ({
            type: 'Feature' as const,
            properties: { name: f.properties?.name ?? f.properties?.ref ?? f.properties?.kind ?? null },
            geometry: f.geometry as LineString | MultiLineString,
          })),
      };
    },
  };
}

/** A symbol layer's layout and paint for `name` labels under their points. */
function nameLabels(color: string, offsetEm: number) {
  return {
    layout: {
      'text-field': ['get', 'name'] as ['get', string],
      'text-font': FONT,
      'text-size': 12,
      'text-offset': [0, offsetEm] as [number, number],
      'text-anchor': 'top' as const,
    },
    paint: { 'text-color': color, 'text-halo-color': '#fff', 'text-halo-width': 1.3 },
  };
}

function extend(bounds: maplibregl.LngLatBounds, coordinates: unknown): void {
  if (Array.isArray(coordinates) && typeof coordinates[0] === 'number')
    bounds.extend([coordinates[0] as number, coordinates[1] as number]);
  else if (Array.isArray(coordinates)) for (const c of coordinates) extend(bounds, c);
}

/** The checkpoint view's layers: a checked route with its entries (red) and exits (green), planning
 *  crossings (red ring where no checkpoint covers it), and the checkpoints with their names. */
function addOverlays(map: maplibregl.Map): void {
  for (const name of ['route', 'route-points', 'crossings', 'checkpoints', 'trace', 'draft-problems'])
    map.addSource(`overlay-${name}`, { type: 'geojson', data: empty() });
  // Where an edited ring crosses itself (the zone editor): red rings, drawn over the edit.
  map.addLayer({
    id: 'overlay-draft-problems',
    type: 'circle',
    source: 'overlay-draft-problems',
    paint: {
      'circle-radius': 9,
      'circle-color': 'rgba(0,0,0,0)',
      'circle-stroke-color': '#c62828',
      'circle-stroke-width': 3,
    },
  });
  // A traced zone under review (the 区域 tab): dashed purple, so it is never taken for the zone in use.
  map.addLayer({
    id: 'overlay-trace',
    type: 'line',
    source: 'overlay-trace',
    paint: { 'line-color': '#6a1b9a', 'line-width': 2.5, 'line-dasharray': [2, 1.5] },
  });
  map.addLayer({
    id: 'overlay-route',
    type: 'line',
    source: 'overlay-route',
    paint: { 'line-color': '#1d3fd8', 'line-width': 3, 'line-opacity': 0.8 },
  });
  map.addLayer({
    id: 'overlay-route-points',
    type: 'circle',
    source: 'overlay-route-points',
    paint: {
      'circle-radius': 6,
      'circle-color': ['match', ['get', 'kind'], 'entry', '#c62828', 'exit', '#2e7d32', '#1d3fd8'],
      'circle-stroke-color': '#fff',
      'circle-stroke-width': 2,
    },
  });
  map.addLayer({
    id: 'overlay-crossings',
    type: 'circle',
    source: 'overlay-crossings',
    paint: {
      'circle-radius': 7,
      'circle-color': '#fff',
      'circle-stroke-width': 3,
      'circle-stroke-color': ['case', ['get', 'covered'], '#0d47a1', '#c62828'],
    },
  });
  map.addLayer({
    id: 'overlay-checkpoints',
    type: 'circle',
    source: 'overlay-checkpoints',
    paint: { 'circle-radius': 7, 'circle-color': '#0d47a1', 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 },
  });
  map.addLayer({
    id: 'overlay-checkpoints-label',
    type: 'symbol',
    source: 'overlay-checkpoints',
    ...nameLabels('#0d47a1', 1.2),
  });
}

/** A zone's own colour (`colour` in its properties: each county zone has one), else the city zone's red. A
 *  constant per layer, not a data expression: each data-driven paint is another WebGL program for MapLibre to
 *  compile and link before its first frame, which on a phone without a fast GPU blocks the page (decision 0033). */
function zoneColour(z: ZoneLayers): string {
  const colour = (z.zone.properties as { colour?: unknown } | null)?.colour;
  return typeof colour === 'string' ? colour : '#c62828';
}

function addZone(map: maplibregl.Map, z: ZoneLayers, k: number): void {
  const colour = zoneColour(z);
  map.addSource(`zone-${k}`, { type: 'geojson', data: z.zone });
  map.addSource(`zone-${k}-bands`, { type: 'geojson', data: z.bands });
  map.addSource(`zone-${k}-edges`, { type: 'geojson', data: z.edges });
  map.addLayer({
    id: `zone-${k}-bands`,
    type: 'fill',
    source: `zone-${k}-bands`,
    paint: { 'fill-color': '#f0a020', 'fill-opacity': 0.14 },
  });
  map.addLayer({
    id: `zone-${k}-band-selected`,
    type: 'fill',
    source: `zone-${k}-bands`,
    filter: ['==', ['get', 'edge'], -1],
    paint: { 'fill-color': '#f0a020', 'fill-opacity': 0.45, 'fill-outline-color': '#8a5a00' },
  });
  map.addLayer({
    id: `zone-${k}-fill`,
    type: 'fill',
    source: `zone-${k}`,
    paint: { 'fill-color': colour, 'fill-opacity': 0.1 },
  });
  map.addLayer({
    id: `zone-${k}-line`,
    type: 'line',
    source: `zone-${k}`,
    paint: { 'line-color': colour, 'line-width': 2, 'line-dasharray': [4, 3] },
  });
  map.addLayer({
    id: `zone-${k}-edges-hit`,
    type: 'line',
    source: `zone-${k}-edges`,
    // Nearly invisible but not 0: MapLibre leaves fully transparent layers out of queryRenderedFeatures.
    paint: { 'line-color': '#000', 'line-opacity': 0.01, 'line-width': 16 },
  });
}

const USER_LAYERS = [
  // Protomaps basemap schema
  { id: 'user-earth', type: 'fill', layer: 'earth', color: '#f2efe9' },
  { id: 'user-landuse', type: 'fill', layer: 'landuse', color: '#e3ead8' },
  { id: 'user-water', type: 'fill', layer: 'water', color: '#a9cbe8' },
  { id: 'user-roads', type: 'line', layer: 'roads', color: '#ffffff' },
  { id: 'user-buildings', type: 'fill', layer: 'buildings', color: '#d9d2c5' },
  // OpenMapTiles schema
  { id: 'user-omt-water', type: 'fill', layer: 'water', color: '#a9cbe8' },
  { id: 'user-omt-transportation', type: 'line', layer: 'transportation', color: '#ffffff' },
  { id: 'user-omt-building', type: 'fill', layer: 'building', color: '#d9d2c5' },
] as const;

function setUserBasemap(map: maplibregl.Map, blob: Blob | null, name: string): void {
  for (const l of USER_LAYERS) if (map.getLayer(l.id)) map.removeLayer(l.id);
  if (map.getSource('user-base')) map.removeSource('user-base');
  if (!blob) return;
  const key = `user-${Date.now()}-${name}`;
  protocol.add(new PMTiles(new FileSource(new File([blob], key))));
  map.addSource('user-base', { type: 'vector', url: `pmtiles://${key}` });
  for (const l of USER_LAYERS) {
    const base = { id: l.id, source: 'user-base', 'source-layer': l.layer };
    map.addLayer(
      l.type === 'fill'
        ? { ...base, type: 'fill', paint: { 'fill-color': l.color } }
        : { ...base, type: 'line', paint: { 'line-color': l.color, 'line-width': 1.5 } },
      'districts-line',
    );
  }
}

function empty(): FeatureCollection {
  return { type: 'FeatureCollection', features: [] };
}
