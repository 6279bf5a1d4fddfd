/**
 * Downloads every tile of some tile ranges in every layer, a few at a time, for "下载此区域离线地图".
 * Fetching and storing are given (fetchTile, saveTile), so this is the order and the bookkeeping only:
 * progress after each tile, cancel through an AbortSignal (in-flight requests are aborted too), a tile that
 * fails is retried once and then counted as failed; a key the server refuses, or a lost connection (many
 * network failures in a row), stops the whole download with that reason.
 */
import { TileFetchError } from './fetch-tile.ts';
import type { StreetLayer } from './street-sources.ts';
import { countTiles, type TileRange, tilesOf } from './tile-math.ts';

/** How far a download is. */
export interface DownloadProgress {
  total: number;
  /** Tiles tried (saved + failed). */
  done: number;
  saved: number;
  failed: number;
  bytes: number;
}

/** What a download needs from outside. */
export interface DownloadDeps {
  fetchTile: (url: string, signal: AbortSignal) => Promise<ArrayBuffer>;
  saveTile: (layer: string, z: number, x: number, y: number, data: ArrayBuffer) => Promise<void>;
}

/** Options: the cancel signal, parallel requests, a progress callback. */
export interface DownloadOptions {
  signal: AbortSignal;
  concurrency?: number;
  onProgress?: (progress: DownloadProgress) => void;
}

/** Network failures in a row after which the connection counts as lost. */
const LOST_AFTER = 12;

/** Downloads and saves the tiles; resolves with the totals, rejects on abort (AbortError) or a stop. */
export async function downloadTiles(
  ranges: readonly TileRange[],
  layers: readonly StreetLayer[],
  deps: DownloadDeps,
  options: DownloadOptions,
): Promise<DownloadProgress> {
  const { signal } = options;
  const progress: DownloadProgress = {
    total: countTiles(ranges) * layers.length,
    done: 0,
    saved: 0,
    failed: 0,
    bytes: 0,
  };
  const jobs = jobsOf(ranges, layers);
  const inner = new AbortController();
  const abort = () => inner.abort(signal.reason);
  signal.addEventListener('abort', abort, { once: true });
  let networkRun = 0;
  let stop: unknown = null;
  const one = async (layer: StreetLayer, z: number, x: number, y: number) => {
    for (let attempt = 0; ; attempt++) {
      try {
        const data = await deps.fetchTile(layer.url(z, x, y), inner.signal);
        await deps.saveTile(layer.id, z, x, y, data);
        networkRun = 0;
        progress.saved++;
        progress.bytes += data.byteLength;
        return;
      } catch (error) {
        if (inner.signal.aborted) throw error;
        if (!(error instanceof TileFetchError)) throw error;
        if (error.failure === 'rejected') throw error;
        if (error.failure === 'network' && ++networkRun >= LOST_AFTER) throw error;
        if (attempt >= 1) {
          progress.failed++;
          return;
        }
      }
    }
  };
  const worker = async () => {
    for (let next = jobs.next(); !next.done && stop === null; next = jobs.next()) {
      const { layer, z, x, y } = next.value;
      try {
        await one(layer, z, x, y);
      } catch (error) {
        stop ??= error;
        inner.abort(error);
        return;
      }
      progress.done++;
      options.onProgress?.({ ...progress });
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  } finally {
    signal.removeEventListener('abort', abort);
  }
  if (signal.aborted) throw signal.reason ?? new DOMException('aborted', 'AbortError');
  if (stop !== null) throw stop;
  return progress;
}

function* jobsOf(ranges: readonly TileRange[], layers: readonly StreetLayer[]) {
  for (const { z, x, y } of tilesOf(ranges)) for (const layer of layers) yield { layer, z, x, y };
}
