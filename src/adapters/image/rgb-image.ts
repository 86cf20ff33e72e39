/**
 * A decoded image as the models consume it: packed 8-bit RGB, row-major, 3 bytes per pixel,
 * EXIF orientation already applied. Plain data so it can cross a worker-thread boundary; decoded uploads
 * keep their pixels in shared memory (decode-image.ts), so treat `data` as read-only.
 */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** Axis-aligned box in pixel coordinates of the image it was found in. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Identity of one model file as listed in MODELS.md. */
export interface ModelInfo {
  readonly id: string;
  readonly package: string;
  readonly version: string;
  readonly file: string;
  readonly sha256: string;
  readonly licence: string;
}
