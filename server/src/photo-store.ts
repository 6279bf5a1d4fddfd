/**
 * Photo bytes by SHA-256 in the data folder (photos/ab/abcd…), the database keeping only their type and size.
 * Uploads are resumable: a part is appended at the offset the server reports, and the photo is kept only
 * when all of it is there, hashes to its name and is an image by its first bytes. A file is written under a
 * temporary name and renamed, so a crash never leaves a half photo under its hash. (Past one machine the same
 * interface goes to S3-compatible storage: docs/server-scaling.md.)
 */
import { createHash } from 'node:crypto';
import { appendFile, mkdir, open, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiError } from './errors.ts';
import { type PhotoType, sniffPhotoType } from './sniff-photo.ts';

/** Largest photo accepted (the app resizes to well under this). */
export const PHOTO_LIMIT = 8 * 1024 * 1024;

const HEX64 = /^[0-9a-f]{64}$/;

/** The photo store of one data folder. */
export interface PhotoStore {
  /** Bytes received so far of an unfinished upload (0 when none), or the size when the photo is stored. */
  received(sha256: string): Promise<{ stored: boolean; bytes: number; type?: PhotoType }>;
  /** Appends `part` at `offset` of a photo of `total` bytes; when complete, checks and keeps it. */
  put(
    sha256: string,
    part: Uint8Array,
    offset: number,
    total: number,
  ): Promise<{ stored: boolean; bytes: number; type?: PhotoType }>;
  /** The bytes of a stored photo, or null. */
  read(sha256: string): Promise<Uint8Array | null>;
}

/** A store under `dir` (created when missing). */
export function photoStore(dir: string): PhotoStore {
  const final = (sha: string) => join(dir, sha.slice(0, 2), sha);
  const partial = (sha: string) => join(dir, 'partial', sha);
  const size = async (path: string) => {
    try {
      return (await stat(path)).size;
    } catch {
      return -1;
    }
  };
  // Only files that passed the checks are ever renamed to their hash, so their first bytes name the type.
  const storedType = async (sha: string) => {
    const file = await open(final(sha), 'r');
    try {
      const head = new Uint8Array(16);
      await file.read(head, 0, 16, 0);
      return sniffPhotoType(head) ?? undefined;
    } finally {
      await file.close();
    }
  };
  const check = (sha256: string) => {
    if (!HEX64.test(sha256))
      throw new ApiError(400, 'BAD_PHOTO', 'a photo is named by its SHA-256 (64 hex digits)', '照片须以 SHA-256 命名');
  };
  return {
    async received(sha256) {
      check(sha256);
      const done = await size(final(sha256));
      if (done >= 0) return { stored: true, bytes: done, type: await storedType(sha256) };
      return { stored: false, bytes: Math.max(0, await size(partial(sha256))) };
    },
    async put(sha256, part, offset, total) {
      check(sha256);
      if (!Number.isSafeInteger(total) || total < 1 || total > PHOTO_LIMIT)
        throw new ApiError(
          413,
          'BODY_TOO_LARGE',
          `a photo may have at most ${PHOTO_LIMIT} bytes`,
          `照片不能超过 ${PHOTO_LIMIT / 1024 / 1024} MB`,
        );
      const done = await size(final(sha256));
      if (done >= 0) return { stored: true, bytes: done, type: await storedType(sha256) };
      await mkdir(join(dir, 'partial'), { recursive: true });
      const have = Math.max(0, await size(partial(sha256)));
      // Offset 0 starts over (a phone that lost its place); any other offset must be where the server is.
      if ((offset !== 0 && offset !== have) || offset + part.length > total)
        throw new ApiError(
          409,
          'UPLOAD_OFFSET',
          `the server holds ${have} bytes of this photo; send from byte ${have}`,
          `服务器已收到此照片 ${have} 字节，请从第 ${have} 字节续传`,
          { received: have },
        );
      if (offset === 0) await writeFile(partial(sha256), part);
      else await appendFile(partial(sha256), part);
      const now = offset + part.length;
      if (now < total) return { stored: false, bytes: now };
      const bytes = await readFile(partial(sha256));
      const actual = createHash('sha256').update(bytes).digest('hex');
      const type = sniffPhotoType(bytes);
      if (actual !== sha256 || !type) {
        await unlink(partial(sha256)).catch(() => undefined);
        throw actual !== sha256
          ? new ApiError(
              422,
              'BAD_PHOTO',
              `the photo's bytes hash to ${actual}, not ${sha256}`,
              '照片内容与其 SHA-256 不符，请重新上传',
              { actual },
            )
          : new ApiError(
              415,
              'UNSUPPORTED_MEDIA_TYPE',
              'a photo must be a JPEG, PNG or WebP image',
              '照片须为 JPEG、PNG 或 WebP 图片',
            );
      }
      await mkdir(join(dir, sha256.slice(0, 2)), { recursive: true });
      await rename(partial(sha256), final(sha256));
      return { stored: true, bytes: bytes.length, type };
    },
    async read(sha256) {
      if (!HEX64.test(sha256)) return null;
      try {
        return new Uint8Array(await readFile(final(sha256)));
      } catch {
        return null;
      }
    },
  };
}

/** Stores a whole photo at once (a resident's report); returns its hash and type. */
export async function putWholePhoto(
  store: PhotoStore,
  bytes: Uint8Array,
): Promise<{ sha256: string; type: PhotoType }> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const type = sniffPhotoType(bytes);
  if (!type)
    throw new ApiError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'a photo must be a JPEG, PNG or WebP image',
      '照片须为 JPEG、PNG 或 WebP 图片',
    );
  const have = await store.received(sha256);
  if (!have.stored) await store.put(sha256, bytes, 0, bytes.length);
  return { sha256, type };
}
