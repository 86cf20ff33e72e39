import sharp from 'sharp';
import { InputError, type ImageField } from '../../domain/errors.js';
import type { RgbImage } from './rgb-image.js';
import { describeBytes, sniffImageFormat, type ImageFormat } from './sniff.js';

export interface DecodeLimits {
  /** Refuse images whose header declares more pixels than this (decompression bombs). */
  readonly maxPixels: number;
  /** Longest side of the decoded image handed to the models; larger photos are downscaled. */
  readonly maxSide: number;
}

export interface DecodedImage {
  readonly format: ImageFormat;
  /** Size as uploaded, after EXIF orientation. */
  readonly originalWidth: number;
  readonly originalHeight: number;
  /** The model-ready pixels (possibly downscaled). */
  readonly image: RgbImage;
  /** originalWidth / image.width: multiply model coordinates by this to get upload coordinates. */
  readonly scale: number;
}

// Orientations 5-8 swap width and height (EXIF 90/270 degree rotations).
const SWAPS_AXES = new Set([5, 6, 7, 8]);

/**
 * Sniffs, validates and decodes one uploaded image: magic-number check, pixel cap read from the header
 * before any pixel is decoded, EXIF orientation applied, metadata dropped, downscaled to `maxSide`,
 * returned as packed RGB. Every failure is an InputError naming the field; sharp's own messages (which
 * can mention internals) are kept out of the reason.
 */
export async function decodeImage(field: ImageField, bytes: Buffer, limits: DecodeLimits): Promise<DecodedImage> {
  if (bytes.length === 0) throw InputError.of(field, 'ERR_EMPTY_FILE', 'the file is empty');
  const format = sniffImageFormat(bytes);
  if (format === null) {
    throw InputError.of(field, 'ERR_UNSUPPORTED_IMAGE', `not a JPEG or PNG image (${describeBytes(bytes)})`);
  }
  const options = { limitInputPixels: limits.maxPixels, failOn: 'error' as const, sequentialRead: true };
  let width: number;
  let height: number;
  let orientation: number;
  try {
    const meta = await sharp(bytes, { ...options, limitInputPixels: false }).metadata();
    if (meta.format !== format || !meta.width || !meta.height) throw new Error('header mismatch');
    width = meta.width;
    height = meta.height;
    orientation = meta.orientation ?? 1;
  } catch {
    throw InputError.of(field, 'ERR_CORRUPT_IMAGE', `the ${format.toUpperCase()} header cannot be read`);
  }
  if (width * height > limits.maxPixels) {
    throw InputError.of(field, 'ERR_IMAGE_TOO_LARGE', `${width}x${height} exceeds the limit of ${limits.maxPixels} pixels`);
  }
  const [originalWidth, originalHeight] = SWAPS_AXES.has(orientation) ? [height, width] : [width, height];
  try {
    const { data, info } = await sharp(bytes, options)
      .rotate()
      .resize({ width: limits.maxSide, height: limits.maxSide, fit: 'inside', withoutEnlargement: true })
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    const rgb = info.channels === 3 ? data : toRgb(data, info.width, info.height, info.channels);
    return {
      format,
      originalWidth,
      originalHeight,
      image: { width: info.width, height: info.height, data: new Uint8Array(rgb.buffer, rgb.byteOffset, rgb.byteLength) },
      scale: originalWidth / info.width,
    };
  } catch {
    throw InputError.of(field, 'ERR_CORRUPT_IMAGE', `the ${format.toUpperCase()} data is corrupt or truncated`);
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
