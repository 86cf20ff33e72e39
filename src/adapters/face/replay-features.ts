/**
 * The image half of passive replay detection: cheap statistics of the selfie around the detected face that
 * differ between a live face in front of a camera and a photo of a screen or a print (see
 * src/domain/presentation-attack.ts for how they are combined, docs/PRESENTATION-ATTACKS.md for how well).
 * Runs in JS in a few milliseconds; nothing here is learned except the combination.
 */
import type { Box, RgbImage } from '../image/rgb-image.js';
import type { PresentationSignals } from '../../domain/presentation-attack.js';
import { TILE, accumulatePower, peakExcess, type Band } from './periodic-spectrum.js';

/** Periods 6.4-21 px: a screen grid aliased by the camera sensor beats down to these. */
const MOIRE: Band = { minRadius: 3, maxRadius: 10, minAxisAngle: 0, maxAxisAngle: 45 };
/** Periods 2-6 px within 12 degrees of the axes: subpixel stripes and rows of a screen seen nearly square on. */
const GRID: Band = { minRadius: 11, maxRadius: 31, minAxisAngle: 0, maxAxisAngle: 12 };
/** Periods 2-8 px away from the axes: halftone screens are set at 15, 45 and 75 degrees. */
const HALFTONE: Band = { minRadius: 8, maxRadius: 31, minAxisAngle: 15, maxAxisAngle: 45 };

/** Bezel search works on a copy at most this many pixels on a side: long edges survive, the cost stays flat. */
const BEZEL_MAX_SIDE = 640;

/** Measures every replay signal for the face in `box` of `image`. */
export function measureReplaySignals(image: RgbImage, box: Box): PresentationSignals {
  const { luma, chroma } = spectra(image, box);
  return {
    moire: peakExcess(luma, MOIRE),
    pixel_grid: Math.max(peakExcess(luma, GRID), peakExcess(chroma, GRID)),
    halftone: peakExcess(luma, HALFTONE),
    glare: glare(image, grow(box, 1.6)),
    gamut: -Math.log(meanSaturation(image, grow(box, 0.6)) + 0.02),
    black_level: lumaPercentile(image, grow(box, 1.6), 0.02) / 255,
    bezel: bezel(image, box),
  };
}

/** `box` scaled about its centre by `factor`, clipped to nothing (callers clip while reading). */
function grow(box: Box, factor: number): Box {
  const width = box.width * factor, height = box.height * factor;
  return { x: box.x + (box.width - width) / 2, y: box.y + (box.height - height) / 2, width, height };
}

/** Rounded pixel bounds of `box` inside the image. */
function bounds(image: RgbImage, box: Box): { x0: number; y0: number; x1: number; y1: number } {
  return {
    x0: Math.max(0, Math.round(box.x)), y0: Math.max(0, Math.round(box.y)),
    x1: Math.min(image.width, Math.round(box.x + box.width)), y1: Math.min(image.height, Math.round(box.y + box.height)),
  };
}

/**
 * Power spectra of luma and of R-B chroma, averaged over up to 2 x 2 tiles at the face centre (the cheeks and
 * nose: skin is smooth, so a periodic pattern on it is the display's or the paper's, not the scene's).
 */
function spectra(image: RgbImage, box: Box): { luma: Float64Array; chroma: Float64Array } {
  const luma = new Float64Array(TILE * TILE), chroma = new Float64Array(TILE * TILE);
  const span = Math.min(box.width, box.height) * 0.9 >= 2 * TILE ? 2 : 1;
  const cx = box.x + box.width / 2, cy = box.y + box.height * 0.55;
  const tileL = new Float64Array(TILE * TILE), tileC = new Float64Array(TILE * TILE);
  for (let ty = 0; ty < span; ty++) {
    for (let tx = 0; tx < span; tx++) {
      const left = clamp(Math.round(cx - (span * TILE) / 2 + tx * TILE), 0, image.width - TILE);
      const top = clamp(Math.round(cy - (span * TILE) / 2 + ty * TILE), 0, image.height - TILE);
      for (let y = 0; y < TILE; y++) {
        for (let x = 0; x < TILE; x++) {
          const i = (clamp(top + y, 0, image.height - 1) * image.width + clamp(left + x, 0, image.width - 1)) * 3;
          const r = image.data[i]!, g = image.data[i + 1]!, b = image.data[i + 2]!;
          tileL[y * TILE + x] = 0.299 * r + 0.587 * g + 0.114 * b;
          tileC[y * TILE + x] = r - b;
        }
      }
      accumulatePower(tileL, luma);
      accumulatePower(tileC, chroma);
    }
  }
  return { luma, chroma };
}

const clamp = (v: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, v));

/** ln of the share of near-white clipped pixels, relative to 0.1% (0 when there are none to speak of). */
function glare(image: RgbImage, box: Box): number {
  const { x0, y0, x1, y1 } = bounds(image, box);
  let clipped = 0, n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * image.width + x) * 3;
      if (Math.min(image.data[i]!, image.data[i + 1]!, image.data[i + 2]!) >= 240) clipped++;
      n++;
    }
  }
  return Math.log(clipped / Math.max(1, n) + 1e-3) - Math.log(1e-3);
}

/** Mean HSV saturation of pixels that are not nearly black (their hue is noise). */
function meanSaturation(image: RgbImage, box: Box): number {
  const { x0, y0, x1, y1 } = bounds(image, box);
  let sum = 0, n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * image.width + x) * 3;
      const r = image.data[i]!, g = image.data[i + 1]!, b = image.data[i + 2]!;
      const max = Math.max(r, g, b);
      if (max < 25) continue;
      sum += (max - Math.min(r, g, b)) / max;
      n++;
    }
  }
  return n > 0 ? sum / n : 0;
}

function lumaPercentile(image: RgbImage, box: Box, p: number): number {
  const { x0, y0, x1, y1 } = bounds(image, box);
  const histogram = new Uint32Array(256);
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * image.width + x) * 3;
      histogram[Math.round(0.299 * image.data[i]! + 0.587 * image.data[i + 1]! + 0.114 * image.data[i + 2]!)]!++;
      n++;
    }
  }
  let seen = 0;
  for (let v = 0; v < 256; v++) if ((seen += histogram[v]!) > p * n) return v;
  return 255;
}

/** Luma of the image averaged down by an integer factor so its longer side is at most BEZEL_MAX_SIDE. */
function smallLuma(image: RgbImage): { luma: Float32Array; width: number; height: number; factor: number } {
  const factor = Math.max(1, Math.ceil(Math.max(image.width, image.height) / BEZEL_MAX_SIDE));
  const width = Math.floor(image.width / factor), height = Math.floor(image.height / factor);
  const luma = new Float32Array(width * height);
  const area = factor * factor;
  const data = image.data;
  // Runs on the event loop for every selfie: cell indices are stepped, not divided, per pixel.
  for (let y = 0; y < height * factor; y++) {
    const row = Math.floor(y / factor) * width;
    let i = y * image.width * 3;
    for (let cell = row; cell < row + width; cell++) {
      for (let k = 0; k < factor; k++, i += 3) luma[cell]! += (0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!) / area;
    }
  }
  return { luma, width, height, factor };
}

const SLOPES = [-0.08, -0.06, -0.04, -0.02, 0, 0.02, 0.04, 0.06, 0.08];

/**
 * Long straight edges beside, above and below the face: for each side, the strongest mean signed gradient along a
 * near-vertical (or near-horizontal) line spanning twice the face height (width), over a few slopes to allow for
 * a tilted phone. A screen's or a print's border gives such lines on several sides; a room usually on at most
 * one, so the signal is the mean of the two strongest sides.
 */
function bezel(image: RgbImage, faceBox: Box): number {
  const small = smallLuma(image);
  const f = small.factor;
  const { luma, width: w, height: h } = small;
  const box = { x: faceBox.x / f, y: faceBox.y / f, width: faceBox.width / f, height: faceBox.height / f };
  const ya = Math.max(0, Math.round(box.y - box.height / 2)), yb = Math.min(h, Math.round(box.y + box.height * 1.5));
  const xa = Math.max(0, Math.round(box.x - box.width / 2)), xb = Math.min(w, Math.round(box.x + box.width * 1.5));
  // Lines start at whole pixels, so a line's offset from its start depends on the slope and the step only:
  // computed once per slope instead of once per line and step.
  const offsets = (slope: number, a: number, b: number): Int32Array => {
    const centre = (a + b) / 2;
    return Int32Array.from({ length: Math.max(0, b - a) }, (_, k) => Math.round(slope * (a + k - centre)));
  };
  const vertical = (x0: number, dx: Int32Array): number => {
    let sum = 0, n = 0;
    for (let k = 0, y = ya; y < yb; y++, k++) {
      const x = x0 + dx[k]!;
      if (x < 1 || x >= w - 1) continue;
      sum += luma[y * w + x + 1]! - luma[y * w + x - 1]!;
      n++;
    }
    return n > (yb - ya) / 2 ? Math.abs(sum) / (yb - ya) / 255 : 0;
  };
  const horizontal = (y0: number, dy: Int32Array): number => {
    let sum = 0, n = 0;
    for (let k = 0, x = xa; x < xb; x++, k++) {
      const y = y0 + dy[k]!;
      if (y < 1 || y >= h - 1) continue;
      sum += luma[(y + 1) * w + x]! - luma[(y - 1) * w + x]!;
      n++;
    }
    return n > (xb - xa) / 2 ? Math.abs(sum) / (xb - xa) / 255 : 0;
  };
  const verticalOffsets = SLOPES.map((s) => offsets(s, ya, yb));
  const horizontalOffsets = SLOPES.map((s) => offsets(s, xa, xb));
  const sides = [0, 0, 0, 0];
  for (let x = 1; x < w - 1; x++) {
    const side = x < box.x - box.width * 0.1 ? 0 : x > box.x + box.width * 1.1 ? 1 : -1;
    if (side < 0) continue;
    for (const dx of verticalOffsets) sides[side] = Math.max(sides[side]!, vertical(x, dx));
  }
  for (let y = 1; y < h - 1; y++) {
    const side = y < box.y - box.height * 0.1 ? 2 : y > box.y + box.height * 1.1 ? 3 : -1;
    if (side < 0) continue;
    for (const dy of horizontalOffsets) sides[side] = Math.max(sides[side]!, horizontal(y, dy));
  }
  sides.sort((a, b) => b - a);
  return (sides[0]! + sides[1]!) / 2;
}
