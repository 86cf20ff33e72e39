import sharp from 'sharp';
import type { RgbImage } from '../../src/adapters/image/rgb-image.js';

/**
 * Decodes an image file the way the service hands images to engines: EXIF orientation applied, alpha dropped,
 * packed RGB. Benchmarks and tests only; the service has its own validated decoder.
 */
export async function loadRgb(path: string): Promise<RgbImage> {
  return loadRgbFromBuffer(path);
}

/** As loadRgb, from a file path or encoded bytes in memory. */
export async function loadRgbFromBuffer(input: string | Buffer): Promise<RgbImage> {
  const { data, info } = await sharp(input).rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}
