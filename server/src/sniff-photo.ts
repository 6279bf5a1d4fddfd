/**
 * Photo type by its first bytes, never by what the sender claims: JPEG (FF D8 FF), PNG (89 50 4E 47 0D 0A 1A
 * 0A) and WebP (RIFF….WEBP). Anything else (an HTML page, an SVG with script, an executable) is refused.
 * Signatures from the WHATWG MIME Sniffing standard, https://mimesniff.spec.whatwg.org/#matching-an-image-type-pattern
 */

/** The image types a photo may have. */
export type PhotoType = 'image/jpeg' | 'image/png' | 'image/webp';

/** The type the bytes are, or null when they are none of the accepted images. */
export function sniffPhotoType(bytes: Uint8Array): PhotoType | null {
  const at = (i: number) => bytes[i];
  if (bytes.length >= 3 && at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return 'image/jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 8 && png.every((b, i) => at(i) === b)) return 'image/png';
  const ascii = (from: number, text: string) => [...text].every((c, i) => at(from + i) === c.charCodeAt(0));
  if (bytes.length >= 12 && ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'image/webp';
  return null;
}
