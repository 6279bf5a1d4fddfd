/**
 * Photos from the camera or files, made small enough to keep many on a phone: decoded by the browser,
 * scaled so the longer side is at most `maxSide` pixels, re-encoded as JPEG. A file the browser cannot
 * decode as an image is refused with a reason.
 */
import { InputError } from '../errors.ts';

/** Resizes an image Blob to a JPEG Blob. */
export async function resizePhoto(file: Blob & { name?: string }, maxSide = 1600, quality = 0.85): Promise<Blob> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new InputError('UNSUPPORTED_FORMAT', `${file.name ?? 'the file'} is not an image this browser can read`);
  }
  const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) throw new InputError('UNSUPPORTED_FORMAT', 'this browser cannot draw images');
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
  if (!blob) throw new InputError('UNSUPPORTED_FORMAT', 'the photo could not be encoded');
  return blob;
}
