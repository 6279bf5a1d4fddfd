/**
 * Fetches one raster tile from the network and checks it is an image (PNG, JPEG or WebP by its first bytes):
 * a tile server that refuses a key may still answer 200 with a text body, and that must not be cached as a
 * tile. Failures say which kind they are, so the UI can tell "no network" from "key refused".
 */

/** Why a tile did not come. */
export type TileFailure = 'network' | 'rejected' | 'missing' | 'not-image' | 'server';

/** A failed tile fetch. */
export class TileFetchError extends Error {
  constructor(
    readonly failure: TileFailure,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'TileFetchError';
  }
}

/** The tile's bytes, or a TileFetchError; an abort rejects with the signal's reason (AbortError). */
export async function fetchTile(url: string, signal?: AbortSignal): Promise<ArrayBuffer> {
  let response: Response;
  try {
    response = await fetch(url, { signal, mode: 'cors', credentials: 'omit' });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new TileFetchError('network', 0, `no connection to ${new URL(url).host}`);
  }
  if (!response.ok) {
    const failure: TileFailure =
      response.status === 401 || response.status === 403 || response.status === 418
        ? 'rejected'
        : response.status === 404
          ? 'missing'
          : 'server';
    throw new TileFetchError(failure, response.status, `HTTP ${response.status} from ${new URL(url).host}`);
  }
  const data = await response.arrayBuffer();
  if (!isImage(new Uint8Array(data, 0, Math.min(12, data.byteLength))))
    throw new TileFetchError('not-image', response.status, `not an image from ${new URL(url).host}`);
  return data;
}

/** PNG, JPEG or WebP magic. */
export function isImage(head: Uint8Array): boolean {
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => head[i] === b);
  const jpeg = head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff;
  const webp = head[0] === 0x52 && head[1] === 0x49 && head[2] === 0x46 && head[3] === 0x46 && head[8] === 0x57;
  return png || jpeg || webp;
}
