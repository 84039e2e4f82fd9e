// Reading back the PNGs the platform draws (posters, battle reports): decode them, and read their
// QR code as a phone's scanner would.
import { PNG } from 'pngjs';
import jsQRModule from 'jsqr';

// jsqr is CommonJS: under node its function arrives as the module's `default`.
const jsQR = (jsQRModule as unknown as { default: typeof jsQRModule.default }).default;

export function decodePng(png: Uint8Array): PNG {
  return PNG.sync.read(Buffer.from(png));
}

/** What a phone's scanner reads from the whole image. */
export function scanQr(image: PNG): string | undefined {
  return jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength), image.width, image.height)?.data;
}
