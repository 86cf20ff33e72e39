import type { RgbImage } from '../image/rgb-image.js';
import { type AffineMatrix } from './similarity-transform.js';

/**
 * Samples an output patch from an RGB image through an affine map, bilinear, with zero padding outside the
 * image (as dlib's chip extraction does). `outToSrc` maps output pixel coordinates to source coordinates
 * (continuous coordinates: pixel k spans [k, k+1)). When the map shrinks by `scale` > 1 each output pixel
 * averages a grid of sub-samples, so downscaling a 1600 px photo or a large selfie face does not alias.
 * Returns packed float RGB in 0..255 (HWC) ready for a tensor.
 *
 * Every face image goes through this several times (detector input, mesh crop, chips), so the common case, all
 * four taps inside the image, is unrolled; it adds the same products in the same order as the edge path, so
 * the output is the same to the bit (image-sampling.test.ts holds the plain loop as the reference). An
 * axis-aligned map (the detector's input and tiles) takes each column's and row's tap position from a table.
 */
export function warpAffine(image: RgbImage, outToSrc: AffineMatrix, outWidth: number, outHeight: number,
  scale = 1): Float32Array {
  const out = new Float32Array(outWidth * outHeight * 3);
  const ss = Math.max(1, Math.min(4, Math.ceil(scale - 0.01)));
  const [a, b, c, d, e, f] = outToSrc;
  const { width, height, data } = image;
  const inv = 1 / (ss * ss);
  const offsets = Array.from({ length: ss }, (_, s) => (s + 0.5) / ss);
  const stride = width * 3;
  if (b === 0 && d === 0) return warpAxisAligned(image, outToSrc, outWidth, outHeight, ss, offsets, out);
  for (let oy = 0; oy < outHeight; oy++) {
    for (let ox = 0; ox < outWidth; ox++) {
      let r = 0, g = 0, bl = 0;
      for (let sy = 0; sy < ss; sy++) {
        const py = oy + (offsets[sy] as number);
        for (let sx = 0; sx < ss; sx++) {
          const px = ox + (offsets[sx] as number);
          const u = a * px + b * py + c - 0.5;
          const v = d * px + e * py + f - 0.5;
          const x0 = Math.floor(u), y0 = Math.floor(v);
          const fx = u - x0, fy = v - y0;
          if (x0 >= 0 && y0 >= 0 && x0 + 1 < width && y0 + 1 < height) {
            const gx = 1 - fx, gy = 1 - fy;
            const w0 = gx * gy, w1 = fx * gy, w2 = gx * fy, w3 = fx * fy;
            const i0 = (y0 * width + x0) * 3, i2 = i0 + stride;
            r += w0 * (data[i0] as number); g += w0 * (data[i0 + 1] as number); bl += w0 * (data[i0 + 2] as number);
            r += w1 * (data[i0 + 3] as number); g += w1 * (data[i0 + 4] as number); bl += w1 * (data[i0 + 5] as number);
            r += w2 * (data[i2] as number); g += w2 * (data[i2 + 1] as number); bl += w2 * (data[i2 + 2] as number);
            r += w3 * (data[i2 + 3] as number); g += w3 * (data[i2 + 4] as number); bl += w3 * (data[i2 + 5] as number);
            continue;
          }
          for (let k = 0; k < 4; k++) {
            const xi = x0 + (k & 1), yi = y0 + (k >> 1);
            if (xi < 0 || yi < 0 || xi >= width || yi >= height) continue;
            const w = ((k & 1) ? fx : 1 - fx) * ((k >> 1) ? fy : 1 - fy);
            const idx = (yi * width + xi) * 3;
            r += w * (data[idx] as number);
            g += w * (data[idx + 1] as number);
            bl += w * (data[idx + 2] as number);
          }
        }
      }
      const o = (oy * outWidth + ox) * 3;
      out[o] = r * inv; out[o + 1] = g * inv; out[o + 2] = bl * inv;
    }
  }
  return out;
}

/**
 * `warpAffine` for a map without rotation or shear. With b = d = 0, a sub-sample's source x depends on its
 * column only and y on its row only (b * py and d * px are zeros, and adding a zero changes no value), so both
 * are computed once per column and row, by the same expressions; the taps are then summed as in warpAffine.
 * The tap loop is repeated rather than shared on purpose: one loop choosing its positions by a branch ran the
 * detector's warp in 22 ms instead of 12, and a shared tap function with an accumulator array in 27 ms.
 */
function warpAxisAligned(image: RgbImage, outToSrc: AffineMatrix, outWidth: number, outHeight: number, ss: number,
  offsets: readonly number[], out: Float32Array): Float32Array {
  const [a, b, c, d, e, f] = outToSrc;
  const { width, height, data } = image;
  const inv = 1 / (ss * ss);
  const stride = width * 3;
  const colX = new Int32Array(outWidth * ss);
  const colF = new Float64Array(outWidth * ss);
  for (let ox = 0; ox < outWidth; ox++) {
    for (let sx = 0; sx < ss; sx++) {
      const px = ox + (offsets[sx] as number);
      const u = a * px + b * 0.5 + c - 0.5;
      const x0 = Math.floor(u);
      colX[ox * ss + sx] = x0;
      colF[ox * ss + sx] = u - x0;
    }
  }
  const rowY = new Int32Array(outHeight * ss);
  const rowF = new Float64Array(outHeight * ss);
  for (let oy = 0; oy < outHeight; oy++) {
    for (let sy = 0; sy < ss; sy++) {
      const py = oy + (offsets[sy] as number);
      const v = d * 0.5 + e * py + f - 0.5;
      const y0 = Math.floor(v);
      rowY[oy * ss + sy] = y0;
      rowF[oy * ss + sy] = v - y0;
    }
  }
  for (let oy = 0; oy < outHeight; oy++) {
    for (let ox = 0; ox < outWidth; ox++) {
      let r = 0, g = 0, bl = 0;
      for (let sy = 0; sy < ss; sy++) {
        const y0 = rowY[oy * ss + sy] as number, fy = rowF[oy * ss + sy] as number;
        for (let sx = 0; sx < ss; sx++) {
          const x0 = colX[ox * ss + sx] as number, fx = colF[ox * ss + sx] as number;
          if (x0 >= 0 && y0 >= 0 && x0 + 1 < width && y0 + 1 < height) {
            const gx = 1 - fx, gy = 1 - fy;
            const w0 = gx * gy, w1 = fx * gy, w2 = gx * fy, w3 = fx * fy;
            const i0 = (y0 * width + x0) * 3, i2 = i0 + stride;
            r += w0 * (data[i0] as number); g += w0 * (data[i0 + 1] as number); bl += w0 * (data[i0 + 2] as number);
            r += w1 * (data[i0 + 3] as number); g += w1 * (data[i0 + 4] as number); bl += w1 * (data[i0 + 5] as number);
            r += w2 * (data[i2] as number); g += w2 * (data[i2 + 1] as number); bl += w2 * (data[i2 + 2] as number);
            r += w3 * (data[i2 + 3] as number); g += w3 * (data[i2 + 4] as number); bl += w3 * (data[i2 + 5] as number);
            continue;
          }
          for (let k = 0; k < 4; k++) {
            const xi = x0 + (k & 1), yi = y0 + (k >> 1);
            if (xi < 0 || yi < 0 || xi >= width || yi >= height) continue;
            const w = ((k & 1) ? fx : 1 - fx) * ((k >> 1) ? fy : 1 - fy);
            const idx = (yi * width + xi) * 3;
            r += w * (data[idx] as number);
            g += w * (data[idx + 1] as number);
            bl += w * (data[idx + 2] as number);
          }
        }
      }
      const o = (oy * outWidth + ox) * 3;
      out[o] = r * inv; out[o + 1] = g * inv; out[o + 2] = bl * inv;
    }
  }
  return out;
}

/** Horizontal mirror of a packed HWC float patch, for the flip-averaged descriptor. */
export function mirrorPatch(patch: Float32Array, width: number, height: number): Float32Array {
  const out = new Float32Array(patch.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const s = (y * width + x) * 3;
      const t = (y * width + (width - 1 - x)) * 3;
      out[t] = patch[s] as number; out[t + 1] = patch[s + 1] as number; out[t + 2] = patch[s + 2] as number;
    }
  }
  return out;
}

/**
 * Shrinks an image by an integer factor with a box filter (each source pixel read once). The detector samples
 * from this so a 1600 px photo costs one cheap pass instead of many sub-samples per detector pixel.
 */
export function downscaleBox(image: RgbImage, factor: number): RgbImage {
  const k = Math.max(1, Math.floor(factor));
  if (k === 1) return image;
  const width = Math.max(1, Math.floor(image.width / k));
  const height = Math.max(1, Math.floor(image.height / k));
  const acc = new Float32Array(width * 3);
  const data = new Uint8Array(width * height * 3);
  const src = image.data;
  const norm = 1 / (k * k);
  for (let y = 0; y < height; y++) {
    acc.fill(0);
    for (let dy = 0; dy < k; dy++) {
      const row = (y * k + dy) * image.width * 3;
      for (let x = 0; x < width; x++) {
        let r = 0, g = 0, b = 0;
        let idx = row + x * k * 3;
        for (let dx = 0; dx < k; dx++, idx += 3) {
          r += src[idx] as number; g += src[idx + 1] as number; b += src[idx + 2] as number;
        }
        acc[3 * x] = (acc[3 * x] as number) + r;
        acc[3 * x + 1] = (acc[3 * x + 1] as number) + g;
        acc[3 * x + 2] = (acc[3 * x + 2] as number) + b;
      }
    }
    const o = y * width * 3;
    for (let i = 0; i < width * 3; i++) data[o + i] = Math.round((acc[i] as number) * norm);
  }
  return { width, height, data };
}

/** Packed HWC floats -> planar CHW at `offset` in `out`, as `value * mul + add` (onnxruntime's NCHW input). */
export function toPlanar(pixels: Float32Array, out: Float32Array, offset: number, mul: number, add: number): void {
  const plane = pixels.length / 3;
  for (let i = 0; i < plane; i++) {
    out[offset + i] = (pixels[3 * i] as number) * mul + add;
    out[offset + plane + i] = (pixels[3 * i + 1] as number) * mul + add;
    out[offset + 2 * plane + i] = (pixels[3 * i + 2] as number) * mul + add;
  }
}
