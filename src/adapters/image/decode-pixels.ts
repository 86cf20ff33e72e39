/**
 * The libvips part of decoding: metadata-free bytes in, packed RGB out. It runs inside a decode process
 * (decode-child.ts) in the server, or in-process for the CLI and benchmarks (decodeInProcess). Only plain
 * data crosses its boundary so it can be sent over IPC.
 */
import sharp from 'sharp';
import type { RgbImage } from './rgb-image.js';
import type { ImageFormat } from './sniff.js';

export interface PixelRequest {
  /** The upload with its metadata stripped (strip-metadata.ts). */
  readonly bytes: Uint8Array;
  readonly format: ImageFormat;
  /** EXIF orientation 1..8 read by exif-orientation.ts; the stripped bytes no longer carry it. */
  readonly orientation: number;
  readonly maxPixels: number;
  readonly maxSide: number;
}

export type PixelResult =
  | {
      readonly ok: true;
      /** Stored size, before orientation. */
      readonly width: number;
      readonly height: number;
      readonly image: RgbImage;
    }
  | { readonly ok: false; readonly code: 'ERR_CORRUPT_IMAGE' | 'ERR_IMAGE_TOO_LARGE'; readonly reason: string };

/** Turns `bytes` into pixels; the only caller-visible failure is a coded result, never sharp's own message. */
export type PixelDecoder = (request: PixelRequest, signal?: AbortSignal) => Promise<PixelResult>;

/**
 * What each EXIF orientation needs to be displayed upright. sharp mirrors before it rotates, so 5
 * (transpose) is a mirror then 270 degrees and 7 (transverse) a mirror then 90.
 */
const UPRIGHT: Record<number, { readonly flop?: true; readonly flip?: true; readonly angle?: number }> = {
  1: {},
  2: { flop: true },
  3: { angle: 180 },
  4: { flip: true },
  5: { flop: true, angle: 270 },
  6: { angle: 90 },
  7: { flop: true, angle: 90 },
  8: { angle: 270 },
};

/** Decodes in the calling process. No time bound: for the CLI and benchmarks, not for the server. */
export async function decodePixels(request: PixelRequest): Promise<PixelResult> {
  const { format, maxPixels } = request;
  const label = format.toUpperCase();
  const bytes = Buffer.from(request.bytes.buffer, request.bytes.byteOffset, request.bytes.byteLength);
  const options = { limitInputPixels: maxPixels, failOn: 'error' as const, sequentialRead: true };
  let width: number;
  let height: number;
  try {
    const meta = await sharp(bytes, { ...options, limitInputPixels: false }).metadata();
    if (meta.format !== format || !meta.width || !meta.height) throw new Error('header mismatch');
    width = meta.width;
    height = meta.height;
  } catch {
    return { ok: false, code: 'ERR_CORRUPT_IMAGE', reason: `the ${label} header cannot be read` };
  }
  if (width * height > maxPixels) {
    return { ok: false, code: 'ERR_IMAGE_TOO_LARGE', reason: `${width}x${height} exceeds the limit of ${maxPixels} pixels` };
  }
  const upright = UPRIGHT[request.orientation] ?? {};
  try {
    let pipeline = sharp(bytes, options);
    if (upright.flop) pipeline = pipeline.flop();
    if (upright.flip) pipeline = pipeline.flip();
    if (upright.angle !== undefined) pipeline = pipeline.rotate(upright.angle);
    const { data, info } = await pipeline
      .resize({ width: request.maxSide, height: request.maxSide, fit: 'inside', withoutEnlargement: true })
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    const rgb = info.channels === 3 ? data : toRgb(data, info.width, info.height, info.channels);
    return { ok: true, width, height, image: { width: info.width, height: info.height, data: new Uint8Array(rgb.buffer, rgb.byteOffset, rgb.byteLength) } };
  } catch {
    return { ok: false, code: 'ERR_CORRUPT_IMAGE', reason: `the ${label} data is corrupt or truncated` };
  }
}

/** Expands 1- or 2-channel (grey, grey+alpha) or 4-channel pixels to packed RGB. */
function toRgb(data: Buffer, width: number, height: number, channels: number): Buffer {
  const out = Buffer.allocUnsafe(width * height * 3);
  for (let i = 0, o = 0; o < out.length; i += channels, o += 3) {
    const r = data[i] ?? 0;
    out[o] = r;
    out[o + 1] = channels >= 3 ? (data[i + 1] ?? 0) : r;
    out[o + 2] = channels >= 3 ? (data[i + 2] ?? 0) : r;
  }
  return out;
}
