/**
 * Flattens a located MRZ block photographed at an angle. Perspective keeps straight lines straight, so the
 * block's outline is the quadrilateral from the top row's upper edge to the bottom row's lower edge; warping
 * it onto a rectangle puts every row at one height and every character cell at one pitch again, which the
 * rotated boxes of a tilted-but-flat page cannot do. The rows are then boxes at even spacing in that
 * rectangle (an MRZ's rows are set at a constant line pitch).
 */
import type { RgbImage } from '../image/rgb-image.js';
import type { RotatedRect } from './geometry.js';
import { homographyOf, warpImage, type Homography, type Point, type Quad, type RawRgb } from './homography.js';

/** Corners of a rotated rectangle: top-left, top-right, bottom-right, bottom-left in its own reading frame. */
export function rectCorners(r: RotatedRect): Quad {
  const ux = Math.cos(r.angle);
  const uy = Math.sin(r.angle);
  // "Down" the text is angle + 90°.
  const vx = -uy;
  const vy = ux;
  const at = (a: number, b: number): Point => [r.cx + a * ux * r.width / 2 + b * vx * r.height / 2, r.cy + a * uy * r.width / 2 + b * vy * r.height / 2];
  return [at(-1, -1), at(1, -1), at(1, 1), at(-1, 1)];
}

const distance = (a: Point, b: Point): number => Math.hypot(a[0] - b[0], a[1] - b[1]);

/**
 * The block of `rows` (top to bottom, each box in the page's reading frame) warped flat, with one box per row
 * in the flat image; null when the outline is degenerate or the rows are fewer than two.
 */
export function rectifyMrzBlock(image: RgbImage, rows: readonly RotatedRect[]): { image: RgbImage; rows: RotatedRect[] } | null {
  if (rows.length < 2) return null;
  const top = rectCorners(rows[0]!);
  const bottom = rectCorners(rows[rows.length - 1]!);
  const quad: Quad = [top[0], top[1], bottom[2], bottom[3]];
  const width = Math.round(Math.max(distance(quad[0], quad[1]), distance(quad[3], quad[2])));
  const height = Math.round(Math.max(distance(quad[0], quad[3]), distance(quad[1], quad[2])));
  // A margin of half a row on every side, so the recogniser sees the print's ends and the block's edges.
  const rowHeight = height / (rows.length + (rows.length - 1) * 0.4);
  const margin = Math.round(rowHeight / 2);
  if (width < 8 || height < 8 || width > 4 * image.width || height > 4 * image.height) return null;
  const outW = width + 2 * margin;
  const outH = height + 2 * margin;
  const flat: Quad = [[margin, margin], [margin + width, margin], [margin + width, margin + height], [margin, margin + height]];
  const outline = homographyOf(flat, quad);
  if (!outline) return null;
  // The rows' boxes are rectangles, so the block's sides are square to its rows; the card's own sides lean
  // under perspective and leave the letters sheared: that shear is measured on the flat block and undone.
  const shear = shearOf(warpImage(image, outline, outW, outH, [255, 255, 255]));
  const toSource = composeShear(outline, shear, outH / 2);
  const warped = warpImage(image, toSource, outW, outH, [255, 255, 255]);
  const h = (height * mean(rows.map((r) => r.height))) / spanOf(rows);
  const boxes = rows.map((_, i) => ({
    cx: outW / 2,
    cy: margin + h / 2 + (i * (height - h)) / (rows.length - 1),
    width,
    height: h,
    angle: 0,
  }));
  return { image: { width: outW, height: outH, data: warped.data as Uint8Array }, rows: boxes };
}

/** Horizontal shears tried (x shifts by shear * (y - middle)): about ±17°. */
const SHEARS = Array.from({ length: 25 }, (_, i) => (i - 12) * 0.025);

/**
 * The shear that makes the block's letters upright: the one whose column profile of ink is sharpest (largest
 * sum of squares), as upright strokes stack into few columns.
 */
export function shearOf(image: RawRgb): number {
  const { width, height, data } = image;
  const ink = new Float32Array(width * height);
  for (let i = 0; i < width * height; i++) ink[i] = 255 - (0.299 * data[3 * i]! + 0.587 * data[3 * i + 1]! + 0.114 * data[3 * i + 2]!);
  let best = 0;
  let bestScore = -Infinity;
  const middle = height / 2;
  const profile = new Float64Array(width);
  for (const s of SHEARS) {
    profile.fill(0);
    for (let y = 0; y < height; y++) {
      const shift = s * (y - middle);
      for (let x = 0; x < width; x++) {
        const sx = Math.round(x + shift);
        if (sx >= 0 && sx < width) profile[x] = profile[x]! + ink[y * width + sx]!;
      }
    }
    let score = 0;
    for (let x = 0; x < width; x++) score += profile[x]! * profile[x]!;
    // Ties (and flat blocks) keep no shear.
    if (score > bestScore * (1 + 1e-6) || (s === 0 && score >= bestScore)) {
      bestScore = score;
      best = s;
    }
  }
  return best;
}

/** `h` preceded by the shear x -> x + shear * (y - middle). */
function composeShear(h: Homography, shear: number, middle: number): Homography {
  const s = [1, shear, -shear * middle, 0, 1, 0, 0, 0, 1];
  const out: number[] = [];
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) out.push(h[r * 3]! * s[c]! + h[r * 3 + 1]! * s[3 + c]! + h[r * 3 + 2]! * s[6 + c]!);
  return out.map((v) => v / out[8]!);
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Distance from the top row's upper edge to the bottom row's lower edge, across the rows. */
function spanOf(rows: readonly RotatedRect[]): number {
  const first = rows[0]!;
  const last = rows[rows.length - 1]!;
  const vx = -Math.sin(first.angle);
  const vy = Math.cos(first.angle);
  return (last.cx - first.cx) * vx + (last.cy - first.cy) * vy + first.height / 2 + last.height / 2;
}
