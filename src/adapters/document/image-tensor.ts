/**
 * Pixel sampling into the float tensors PaddleOCR models expect. PaddleOCR reads images with OpenCV, so its
 * models were trained on BGR channel order: channel 0 of every tensor here is blue.
 */
import type { RgbImage } from '../image/rgb-image.js';
import type { RotatedRect } from './geometry.js';

/** Per-channel (value/255 - mean) / std, in tensor channel order (B, G, R). */
export interface Normalisation {
  readonly mean: readonly [number, number, number];
  readonly std: readonly [number, number, number];
}

/** PaddleOCR's ImageNet normalisation for the DB detector, applied to BGR as PaddleOCR itself does. */
export const DET_NORMALISATION: Normalisation = Object.freeze({
  mean: [0.485, 0.456, 0.406] as const,
  std: [0.229, 0.224, 0.225] as const,
});

/** Recogniser and angle classifier: (x/255 - 0.5) / 0.5. */
export const REC_NORMALISATION: Normalisation = Object.freeze({ mean: [0.5, 0.5, 0.5] as const, std: [0.5, 0.5, 0.5] as const });

const LUMA_R = 0.299;
const LUMA_G = 0.587;
const LUMA_B = 0.114;

/** Lookup tables so the inner loops do one multiply-add per sample. */
function channelTables(norm: Normalisation): { scale: Float32Array; offset: Float32Array } {
  const scale = new Float32Array(3);
  const offset = new Float32Array(3);
  for (let c = 0; c < 3; c++) {
    scale[c] = 1 / (255 * norm.std[c]!);
    offset[c] = -norm.mean[c]! / norm.std[c]!;
  }
  return { scale, offset };
}

/**
 * Writes an already-resized RGB image into a CHW float tensor (BGR order) of the same size.
 * The image is resized beforehand (by sharp, with proper area filtering) because detection downsizes a lot.
 */
export function planarBgr(image: RgbImage, norm: Normalisation): Float32Array {
  const { width, height, data } = image;
  const plane = width * height;
  const out = new Float32Array(plane * 3);
  const { scale, offset } = channelTables(norm);
  for (let i = 0; i < plane; i++) {
    const r = data[i * 3]!;
    const g = data[i * 3 + 1]!;
    const b = data[i * 3 + 2]!;
    out[i] = b * scale[0]! + offset[0]!;
    out[plane + i] = g * scale[1]! + offset[1]!;
    out[2 * plane + i] = r * scale[2]! + offset[2]!;
  }
  return out;
}

/** Where one crop goes inside a batch tensor of shape [n, 3, height, batchWidth]. */
export interface CropTarget {
  readonly tensor: Float32Array;
  readonly index: number;
  readonly height: number;
  readonly batchWidth: number;
  /** Columns actually covered by the crop; the rest stays 0 (the padding PaddleOCR trains with). */
  readonly width: number;
  /**
   * Write the luminance (Rec. 601) into all three channels. MRZ print is black: grey removes the tint a coloured
   * watermark or guilloche lends the characters, which the recogniser otherwise reads as letters.
   */
  readonly gray?: boolean;
}

/**
 * Samples a rotated rectangle of the source image straight into a recogniser tensor: x runs along the
 * rectangle's angle, y along angle + 90°. Bilinear, with n x n supersampling when shrinking so small print in
 * large photos is averaged rather than aliased; borders are replicated like PaddleOCR's crop.
 */
export function sampleRect(image: RgbImage, rect: RotatedRect, target: CropTarget, norm: Normalisation): void {
  const { width: iw, height: ih, data } = image;
  const { tensor, height: th, batchWidth, width: tw } = target;
  const plane = th * batchWidth;
  const base = target.index * 3 * plane;
  const ux = Math.cos(rect.angle);
  const uy = Math.sin(rect.angle);
  const stepX = rect.width / tw;
  const stepY = rect.height / th;
  const n = Math.min(3, Math.max(1, Math.ceil(Math.max(stepX, stepY) - 0.25)));
  const inv = 1 / (n * n);
  const { scale, offset } = channelTables(norm);
  const x0 = -rect.width / 2;
  const y0 = -rect.height / 2;
  for (let row = 0; row < th; row++) {
    for (let col = 0; col < tw; col++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let sy = 0; sy < n; sy++) {
        const v = y0 + (row + (sy + 0.5) / n) * stepY;
        for (let sx = 0; sx < n; sx++) {
          const u = x0 + (col + (sx + 0.5) / n) * stepX;
          let fx = rect.cx + u * ux - v * uy - 0.5;
          let fy = rect.cy + u * uy + v * ux - 0.5;
          fx = fx < 0 ? 0 : fx > iw - 1 ? iw - 1 : fx;
          fy = fy < 0 ? 0 : fy > ih - 1 ? ih - 1 : fy;
          const px = Math.floor(fx);
          const py = Math.floor(fy);
          const ax = fx - px;
          const ay = fy - py;
          const px1 = px + 1 < iw ? px + 1 : px;
          const py1 = py + 1 < ih ? py + 1 : py;
          const i00 = (py * iw + px) * 3;
          const i01 = (py * iw + px1) * 3;
          const i10 = (py1 * iw + px) * 3;
          const i11 = (py1 * iw + px1) * 3;
          const w00 = (1 - ax) * (1 - ay);
          const w01 = ax * (1 - ay);
          const w10 = (1 - ax) * ay;
          const w11 = ax * ay;
          r += data[i00]! * w00 + data[i01]! * w01 + data[i10]! * w10 + data[i11]! * w11;
          g += data[i00 + 1]! * w00 + data[i01 + 1]! * w01 + data[i10 + 1]! * w10 + data[i11 + 1]! * w11;
          b += data[i00 + 2]! * w00 + data[i01 + 2]! * w01 + data[i10 + 2]! * w10 + data[i11 + 2]! * w11;
        }
      }
      if (target.gray) r = g = b = LUMA_R * r + LUMA_G * g + LUMA_B * b;
      const o = base + row * batchWidth + col;
      tensor[o] = b * inv * scale[0]! + offset[0]!;
      tensor[plane + o] = g * inv * scale[1]! + offset[1]!;
      tensor[2 * plane + o] = r * inv * scale[2]! + offset[2]!;
    }
  }
}
