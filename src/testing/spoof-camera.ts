/**
 * The simulated camera of the spoof set (spoof-set.ts): a scene rendered at twice the output resolution in
 * float RGB is tilted by a perspective warp, defocused, integrated by 2 x 2 sensor pixels (which aliases fine
 * periodic patterns into moire, as a real sensor does), white-balanced, given sensor noise and JPEG-compressed.
 * Genuine selfies and attacks go through the same path so that "was processed" separates nothing.
 */
import sharp from 'sharp';
import type { Box, RgbImage } from '../adapters/image/rgb-image.js';
import { homography as solveHomography } from './idsim.js';

/** Float RGB, 0..255 nominal (screens and glare may exceed it until the sensor clips). */
export interface FloatImage {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

/** Scene pixels per output pixel. */
export const SUPERSAMPLE = 2;

/** 32-bit FNV-1a of a string, to derive per-image seeds. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const uniform = (rng: () => number, lo: number, hi: number): number => lo + (hi - lo) * rng();

/** Row-major 3x3 homography. */
type Homography = readonly number[];

/** The homography taking each `from[i]` to `to[i]` (four point pairs), with h8 = 1 written out. */
function homography(from: readonly [number, number][], to: readonly [number, number][]): Homography {
  return [...solveHomography(from, to), 1];
}

function apply(h: Homography, x: number, y: number): [number, number] {
  const w = h[6]! * x + h[7]! * y + h[8]!;
  return [(h[0]! * x + h[1]! * y + h[2]!) / w, (h[3]! * x + h[4]! * y + h[5]!) / w];
}

/** What the camera delivered: the JPEG, its decoded pixels and where the face is in them. */
export interface Photo {
  readonly image: RgbImage;
  readonly box: Box;
  readonly jpeg: Buffer;
}

/** Camera settings drawn for one shot. */
export interface Shot {
  /** Inward displacement of each scene corner, as a fraction of the side (the phone is not square to the target). */
  readonly corners: readonly [number, number][];
  /** Defocus, output pixels (Gaussian sigma). */
  readonly blur: number;
  readonly gains: readonly [number, number, number];
  /** Sensor noise, grey levels (Gaussian sigma). */
  readonly noise: number;
  readonly jpegQuality: number;
}

/** A shot drawn from the ranges every simulated image uses, genuine or not. */
export function drawShot(rng: () => number): Shot {
  const tilt = uniform(rng, 0, 0.06);
  const corners = Array.from({ length: 4 }, () => [tilt * rng(), tilt * rng()] as [number, number]);
  const exposure = uniform(rng, 0.9, 1.08);
  return {
    corners,
    blur: uniform(rng, 0.35, 1.0),
    gains: [exposure * uniform(rng, 0.94, 1.06), exposure, exposure * uniform(rng, 0.94, 1.06)],
    noise: uniform(rng, 1, 4),
    jpegQuality: Math.round(uniform(rng, 72, 92)),
  };
}

/**
 * Photographs `scene` with `shot`; returns the JPEG-decoded image (half the scene's size) and `sceneBox` mapped
 * into it. The scene quad (corners pulled in by shot.corners) fills the frame.
 */
export async function photograph(scene: FloatImage, sceneBox: Box, shot: Shot, rng: () => number): Promise<Photo> {
  const { width: w, height: h } = scene;
  const out: [number, number][] = [[0, 0], [w, 0], [w, h], [0, h]];
  const sign: [number, number][] = [[1, 1], [-1, 1], [-1, -1], [1, -1]];
  const quad = out.map(([x, y], i): [number, number] =>
    [x + sign[i]![0] * shot.corners[i]![0] * w, y + sign[i]![1] * shot.corners[i]![1] * h]);
  const warped = warp(scene, homography(out, quad));
  const blurred = gaussianBlur(warped, shot.blur * SUPERSAMPLE);
  const raw = sense(blurred, shot, rng);
  const jpeg = await sharp(raw.data, { raw: { width: raw.width, height: raw.height, channels: 3 } })
    .jpeg({ quality: shot.jpegQuality }).toBuffer();
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  const toOut = homography(quad, out);
  const corners = [[sceneBox.x, sceneBox.y], [sceneBox.x + sceneBox.width, sceneBox.y],
    [sceneBox.x + sceneBox.width, sceneBox.y + sceneBox.height], [sceneBox.x, sceneBox.y + sceneBox.height]]
    .map(([x, y]) => apply(toOut, x!, y!).map((v) => v / SUPERSAMPLE));
  const xs = corners.map((c) => c[0]!), ys = corners.map((c) => c[1]!);
  const box = { x: Math.min(...xs), y: Math.min(...ys), width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys) };
  return { image: { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) }, box, jpeg };
}

/** Output pixel (x, y) takes the scene at h(x, y), bilinear. */
function warp(scene: FloatImage, h: Homography): FloatImage {
  const { width: w, height: hh, data: src } = scene;
  const data = new Float32Array(w * hh * 3);
  for (let y = 0; y < hh; y++) {
    for (let x = 0; x < w; x++) {
      const [sx, sy] = apply(h, x + 0.5, y + 0.5);
      const fx = Math.min(w - 1.001, Math.max(0, sx - 0.5)), fy = Math.min(hh - 1.001, Math.max(0, sy - 0.5));
      const x0 = Math.floor(fx), y0 = Math.floor(fy), ax = fx - x0, ay = fy - y0;
      const i00 = (y0 * w + x0) * 3, i10 = i00 + 3, i01 = i00 + w * 3, i11 = i01 + 3;
      for (let c = 0; c < 3; c++) {
        data[(y * w + x) * 3 + c] = (1 - ay) * ((1 - ax) * src[i00 + c]! + ax * src[i10 + c]!)
          + ay * ((1 - ax) * src[i01 + c]! + ax * src[i11 + c]!);
      }
    }
  }
  return { width: w, height: hh, data };
}

/**
 * Gaussian blur approximated by three box blurs per axis (running sums, so the cost does not grow with sigma),
 * edges clamped. Box widths follow the usual "boxes for Gauss" rule.
 */
export function gaussianBlur(image: FloatImage, sigma: number): FloatImage {
  const ideal = Math.sqrt((12 * sigma * sigma) / 3 + 1);
  let lower = Math.floor(ideal);
  if (lower % 2 === 0) lower--;
  const upper = lower + 2;
  const m = Math.round((12 * sigma * sigma - 3 * lower * lower - 12 * lower - 9) / (-4 * lower - 4));
  const radii = [0, 1, 2].map((i) => ((i < m ? lower : upper) - 1) / 2);
  let data = image.data;
  for (const r of radii) {
    if (r < 1) continue;
    data = boxPass(data, image.width, image.height, r, true);
    data = boxPass(data, image.width, image.height, r, false);
  }
  return { width: image.width, height: image.height, data };
}

function boxPass(src: Float32Array, w: number, h: number, r: number, horizontal: boolean): Float32Array {
  const dst = new Float32Array(src.length);
  const [lines, length, along, across] = horizontal ? [h, w, 3, w * 3] : [w, h, w * 3, 3];
  const norm = 1 / (2 * r + 1);
  const last = (length - 1) * along;
  for (let line = 0; line < lines; line++) {
    for (let c = 0; c < 3; c++) {
      const base = line * across + c;
      let sum = (r + 1) * src[base]!;
      for (let k = 1; k <= r; k++) sum += src[base + Math.min(k, length - 1) * along]!;
      for (let k = 0; k < length; k++) {
        dst[base + k * along] = sum * norm;
        const enter = k + r + 1 < length ? (k + r + 1) * along : last;
        const leave = k - r > 0 ? (k - r) * along : 0;
        sum += src[base + enter]! - src[base + leave]!;
      }
    }
  }
  return dst;
}

/** 2 x 2 sensor pixels, white balance, Gaussian noise, clipping to 8 bits. */
function sense(image: FloatImage, shot: Shot, rng: () => number): RgbImage {
  const width = Math.floor(image.width / SUPERSAMPLE), height = Math.floor(image.height / SUPERSAMPLE);
  const data = new Uint8Array(width * height * 3);
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const shared = gauss() * shot.noise * 0.7;
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let dy = 0; dy < SUPERSAMPLE; dy++) {
          for (let dx = 0; dx < SUPERSAMPLE; dx++) {
            sum += image.data[((y * SUPERSAMPLE + dy) * image.width + x * SUPERSAMPLE + dx) * 3 + c]!;
          }
        }
        const v = (sum / SUPERSAMPLE ** 2) * shot.gains[c]! + shared + gauss() * shot.noise * 0.7;
        data[(y * width + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(v)));
      }
    }
  }
  return { width, height, data };
}
