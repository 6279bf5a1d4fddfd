/**
 * The share box's QR code, loaded on demand (the first opened share box), not with the first answer: lean-qr
 * (one small module, ~3 KiB gzip) instead of qrcode and its 28 packages. Draws one pixel per module with a
 * 2-module quiet zone; CSS scales the canvas up crisply (`.qr`: 160 px, image-rendering: pixelated).
 */
import { generate } from 'lean-qr';

/** Draws `text` as a QR code into `canvas` (black on white, so it scans on any card colour). */
export function drawQrCode(canvas: HTMLCanvasElement, text: string): void {
  generate(text).toCanvas(canvas, { pad: 2, on: [0, 0, 0], off: [255, 255, 255] });
}
