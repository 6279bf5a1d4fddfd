/**
 * Uploads the photos the server still lacks (a push answers `missingPhotos`), resumably: the server says how
 * many bytes of each it holds (GET /photos/{sha256}/upload), and the rest goes in parts from there
 * (PUT /photos/{sha256}?offset=&total=), so an upload cut by a bad line continues where it stopped.
 */
import type { RecordsDatabase } from '../store/records-db.ts';
import { photoBySha } from '../store/sync-state.ts';
import type { DeviceClient } from './device-client.ts';
import { answerFailure } from './sync-problem.ts';

/** Bytes per part (a phone's photo is ~200 KB–1 MB after resizing: usually one part). */
export const PART_BYTES = 512 * 1024;

/** Uploads each photo; returns how many were completed now. Photos this phone does not hold are skipped
 *  (another device's photo named by a record this phone merged). */
export async function uploadPhotos(
  db: RecordsDatabase,
  client: DeviceClient,
  sha256s: readonly string[],
): Promise<number> {
  let done = 0;
  for (const sha256 of sha256s) {
    const blob = await photoBySha(db, sha256);
    if (!blob) continue;
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const held = await client.request<{ stored: boolean; bytes: number }>('GET', `/photos/${sha256}/upload`);
    if (held.status !== 200) throw answerFailure(held);
    let offset = held.body.stored ? bytes.length : held.body.bytes;
    while (offset < bytes.length) {
      const part = bytes.subarray(offset, Math.min(bytes.length, offset + PART_BYTES));
      const put = await client.request<{ stored: boolean; bytes: number }>(
        'PUT',
        `/photos/${sha256}?offset=${offset}&total=${bytes.length}`,
        part,
      );
      // 409 UPLOAD_OFFSET: the server holds another amount than we thought; it says how much.
      if (put.status === 409) {
        const again = await client.request<{ stored: boolean; bytes: number }>('GET', `/photos/${sha256}/upload`);
        if (again.status !== 200) throw answerFailure(again);
        offset = again.body.stored ? bytes.length : again.body.bytes;
        continue;
      }
      if (put.status !== 200) throw answerFailure(put);
      offset = put.body.stored ? bytes.length : put.body.bytes;
    }
    done++;
  }
  return done;
}
