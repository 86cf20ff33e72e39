/**
 * The decode path as it was before issue 14 (sharp sees the upload with its metadata: metadata() then a
 * decode with auto-orientation), kept only so benchmarks can show what changed. Never used by the service.
 */
import sharp from 'sharp';
import type { PixelRequest, PixelResult } from '../../src/adapters/image/decode-pixels.js';

export async function legacyDecode(request: PixelRequest): Promise<PixelResult> {
  const bytes = Buffer.from(request.bytes.buffer, request.bytes.byteOffset, request.bytes.byteLength);
  const options = { limitInputPixels: request.maxPixels, failOn: 'error' as const, sequentialRead: true };
  try {
    const meta = await sharp(bytes, { ...options, limitInputPixels: false }).metadata();
    const { data, info } = await sharp(bytes, options)
      .rotate()
      .resize({ width: request.maxSide, height: request.maxSide, fit: 'inside', withoutEnlargement: true })
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { ok: true, width: meta.width ?? 0, height: meta.height ?? 0, image: { width: info.width, height: info.height, data } };
  } catch {
    return { ok: false, code: 'ERR_CORRUPT_IMAGE', reason: 'legacy decode failed' };
  }
}
