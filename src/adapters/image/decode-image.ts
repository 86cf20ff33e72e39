import { InputError, type InputField } from '../../domain/errors.js';
import { inspectTiff } from './exif-orientation.js';
import { decodePixels, type PixelDecoder } from './decode-pixels.js';
import { DecodeCrashError, DecodeTimeoutError } from './decode-pool.js';
import type { RgbImage } from './rgb-image.js';
import { describeBytes, sniffImageFormat, type ImageFormat } from './sniff.js';
import { stripMetadata } from './strip-metadata.js';

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
 * Sniffs, validates and decodes one uploaded image: magic-number check, metadata stripped before any
 * native parser sees it (strip-metadata.ts), EXIF orientation read by our own bounded parser and applied
 * (an EXIF block built to exhaust parsers is refused as ERR_IMAGE_TOO_COMPLEX),
 * pixel cap read from the header before any pixel is decoded, downscaled to `maxSide`, returned as packed
 * RGB. `decoder` runs libvips: the server passes its decode-process pool (bounded in time, killable); the
 * CLI and benchmarks use the in-process default. Every failure is an InputError naming the field; sharp's
 * own messages (which can mention internals) are kept out of the reason. A decode still running at the
 * pool's deadline is ERR_IMAGE_TOO_COMPLEX (the image's doing: a permitted image decodes well within it);
 * one that could not start in time rejects with TimeoutError (ours: the service is busy, 503).
 */
export async function decodeImage(field: InputField, bytes: Buffer, limits: DecodeLimits, decoder: PixelDecoder = decodePixels): Promise<DecodedImage> {
  if (bytes.length === 0) throw InputError.of(field, 'ERR_EMPTY_FILE', 'the file is empty');
  const format = sniffImageFormat(bytes);
  if (format === null) {
    throw InputError.of(field, 'ERR_UNSUPPORTED_IMAGE', `not a JPEG or PNG image (${describeBytes(bytes)})`);
  }
  const stripped = stripMetadata(format, bytes);
  if (!stripped.ok) throw InputError.of(field, stripped.code, stripped.reason);
  const exif = stripped.exif === null ? { orientation: 1, hostile: null } : inspectTiff(stripped.exif);
  // No camera writes such a block: it was built for the parsers we no longer run, so the upload is not a photo to judge.
  if (exif.hostile !== null) throw InputError.of(field, 'ERR_IMAGE_TOO_COMPLEX', `the EXIF metadata is built to exhaust parsers: ${exif.hostile}`);
  const { orientation } = exif;
  let result;
  try {
    result = await decoder({ bytes: stripped.bytes, format, orientation, maxPixels: limits.maxPixels, maxSide: limits.maxSide });
  } catch (error) {
    if (error instanceof DecodeTimeoutError) {
      throw InputError.of(field, 'ERR_IMAGE_TOO_COMPLEX', `the ${format.toUpperCase()} image took too long to decode`);
    }
    if (error instanceof DecodeCrashError) {
      throw InputError.of(field, 'ERR_CORRUPT_IMAGE', `the ${format.toUpperCase()} image could not be decoded`);
    }
    throw error;
  }
  if (!result.ok) throw InputError.of(field, result.code, result.reason);
  const { width, height } = result;
  const image = sharedPixels(result.image);
  const [originalWidth, originalHeight] = SWAPS_AXES.has(orientation) ? [height, width] : [width, height];
  return { format, originalWidth, originalHeight, image, scale: originalWidth / image.width };
}

/**
 * The pixels copied once into shared memory: each image goes to two or three inference jobs on worker
 * threads, and a message carrying shared memory is not copied (a plain buffer is, once per job). Nothing
 * writes to decoded pixels, so sharing them between threads is safe.
 */
function sharedPixels(image: RgbImage): RgbImage {
  const data = new Uint8Array(new SharedArrayBuffer(image.data.byteLength));
  data.set(image.data);
  return { width: image.width, height: image.height, data };
}
