/**
 * What saving an area for offline use will take: the exact tile count (from the tile ranges, per layer) and
 * the bytes, estimated from the mean size of tiles of that layer already on the device (they are the same
 * server's tiles of the same place), or a typical size when too few are known. Pure.
 */
import { type Bbox, countTiles, tileRanges } from './tile-math.ts';

/** A layer to save and what its tiles are known to weigh. */
export interface LayerWeight {
  id: string;
  /** Tiles of this layer on the device and their bytes (from the tile cache's statistics). */
  knownTiles: number;
  knownBytes: number;
  /** Bytes a tile of this layer typically weighs, used below MIN_SAMPLE known tiles. */
  typicalBytes: number;
}

/** What a download will take. */
export interface DownloadEstimate {
  tiles: number;
  bytes: number;
  /** Tiles per layer (every layer has the same grid, so the same count). */
  tilesPerLayer: number;
  /** Whether the byte figure comes from measured tiles (true) or typical sizes (false) for every layer. */
  measured: boolean;
}

/** Fewer known tiles than this and a layer's mean is not trusted. */
export const MIN_SAMPLE = 8;

/** The estimate for saving `bbox` at zooms minZoom..maxZoom in every layer. */
export function estimateDownload(
  bbox: Bbox,
  minZoom: number,
  maxZoom: number,
  layers: readonly LayerWeight[],
): DownloadEstimate {
  const tilesPerLayer = countTiles(tileRanges(bbox, minZoom, maxZoom));
  let bytes = 0;
  let measured = layers.length > 0;
  for (const layer of layers) {
    const sampled = layer.knownTiles >= MIN_SAMPLE;
    if (!sampled) measured = false;
    const mean = sampled ? layer.knownBytes / layer.knownTiles : layer.typicalBytes;
    bytes += mean * tilesPerLayer;
  }
  return { tiles: tilesPerLayer * layers.length, bytes: Math.round(bytes), tilesPerLayer, measured };
}
