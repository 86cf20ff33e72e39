/**
 * PP-OCRv4 DB text detection: resize to a multiple of 32, run the model, turn the probability map into
 * rectangles in source-image coordinates.
 */
import sharp from 'sharp';
import type { RgbImage } from '../image/rgb-image.js';
import type { OnnxSession } from '../runtime/onnx-runtime.js';
import { boxesFromProbabilityMap, DEFAULT_DB_OPTIONS, type DbOptions, type DetectedRect } from './db-postprocess.js';
import { DET_NORMALISATION, planarBgr } from './image-tensor.js';

export interface DetectorOptions extends DbOptions {
  /** Longest side fed to the detector; larger photos are shrunk (PaddleOCR det_limit_side_len). */
  readonly maxSide: number;
  /** Longest side small images are enlarged to, so tiny scans still give the detector a few pixels per stroke. */
  readonly minSide: number;
}

export const DEFAULT_DETECTOR_OPTIONS: DetectorOptions = Object.freeze({
  ...DEFAULT_DB_OPTIONS,
  // 800 rather than PaddleOCR's 960: as accurate on the specimens and faster, since detection is a large
  // share of a read that stops at the MRZ; see docs/ocr-notes.md.
  maxSide: 800,
  minSide: 640,
});

/** Detector input size: aspect kept, each side a multiple of 32 (the network downsamples 32x). */
export function detectorSize(width: number, height: number, options: DetectorOptions): { width: number; height: number } {
  const longest = Math.max(width, height);
  const scale = longest > options.maxSide ? options.maxSide / longest : longest < options.minSide ? options.minSide / longest : 1;
  const round32 = (v: number): number => Math.max(32, Math.round((v * scale) / 32) * 32);
  return { width: round32(width), height: round32(height) };
}

/** Finds text rectangles; their coordinates are in `image` pixels. */
export async function detectText(
  session: OnnxSession,
  image: RgbImage,
  options: DetectorOptions = DEFAULT_DETECTOR_OPTIONS,
): Promise<DetectedRect[]> {
  const size = detectorSize(image.width, image.height, options);
  const resized = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(size.width, size.height, { fit: 'fill' })
    .raw()
    .toBuffer();
  const input = planarBgr({ width: size.width, height: size.height, data: resized }, DET_NORMALISATION);
  const outputs = await session.run({ x: { data: input, dims: [1, 3, size.height, size.width] } });
  const map = Object.values(outputs)[0];
  if (!map) throw new Error('text detector returned no output');
  const mapHeight = map.dims[2] ?? size.height;
  const mapWidth = map.dims[3] ?? size.width;
  const sx = image.width / mapWidth;
  const sy = image.height / mapHeight;
  return boxesFromProbabilityMap(map.data, mapWidth, mapHeight, options).map(({ rect, score }) => {
    // Pixel centres: map pixel i covers source [i*s, (i+1)*s), so its centre is (i + 0.5) * s.
    const ux = Math.cos(rect.angle);
    const uy = Math.sin(rect.angle);
    const width = Math.hypot(rect.width * ux * sx, rect.width * uy * sy);
    const height = Math.hypot(rect.height * uy * sx, rect.height * ux * sy);
    return {
      score,
      rect: {
        cx: (rect.cx + 0.5) * sx,
        cy: (rect.cy + 0.5) * sy,
        width,
        height,
        angle: Math.atan2(uy * sy, ux * sx),
      },
    };
  });
}
