/**
 * The text of a QR code in a photo (the phone's camera through `<input type=file capture>`, or a saved
 * image): drawn onto a canvas at most 1,600 px wide and read with jsQR (pure JS, loaded on demand, so it
 * works in every browser, with or without BarcodeDetector). Null when no code is found.
 */
export async function readQrPhoto(file: Blob): Promise<string | null> {
  const { default: jsQR } = await import('jsqr');
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return null;
  }
  const scale = Math.min(1, 1600 / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) return null;
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  const found = jsQR(context.getImageData(0, 0, width, height).data, width, height);
  return found?.data ?? null;
}
