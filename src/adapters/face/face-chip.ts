/**
 * A small grey face chip aligned on the five landmarks, for comparing two photos pixel by pixel (same-source
 * check, src/domain/same-source.ts). Not the recogniser's chip: coarse (32 px) and grey, so JPEG re-encoding,
 * a slight blur or a resize of the same photo barely change it, while another photo of the same person does.
 */
import type { RgbImage } from '../image/rgb-image.js';
import type { FaceLandmarks } from './face.types.js';
import { warpAffine } from './image-sampling.js';
import { affineScale, similarityTransform } from './similarity-transform.js';

/** Side of the chip in pixels. */
export const GREY_CHIP_SIZE = 32;

/** Where the five landmarks land in the unit chip: eyes, nose base, mouth corners; forehead to chin inside. */
const TEMPLATE = [
  { x: 0.3, y: 0.32 }, { x: 0.7, y: 0.32 }, { x: 0.5, y: 0.56 }, { x: 0.34, y: 0.74 }, { x: 0.66, y: 0.74 },
] as const;

/** The face's grey chip (luma 0..255, row-major GREY_CHIP_SIZE^2). */
export function greyFaceChip(image: RgbImage, landmarks: FaceLandmarks): Float32Array {
  const size = GREY_CHIP_SIZE;
  const chipPoints = TEMPLATE.map((p) => ({ x: p.x * size, y: p.y * size }));
  const imagePoints = [landmarks.leftEye, landmarks.rightEye, landmarks.nose, landmarks.mouthLeft, landmarks.mouthRight];
  const chipToImage = similarityTransform(chipPoints, imagePoints);
  const rgb = warpAffine(image, chipToImage, size, size, affineScale(chipToImage));
  const grey = new Float32Array(size * size);
  for (let i = 0; i < grey.length; i++) {
    grey[i] = 0.299 * (rgb[3 * i] as number) + 0.587 * (rgb[3 * i + 1] as number) + 0.114 * (rgb[3 * i + 2] as number);
  }
  return grey;
}
