/**
 * Flattens a located MRZ block photographed at an angle. Perspective keeps straight lines straight, so the
 * block's outline is the quadrilateral from the top row's upper edge to the bottom row's lower edge; warping
 * it onto a rectangle puts every row at one height and every character cell at one pitch again, which the
 * rotated boxes of a tilted-but-flat page cannot do. The rows are then boxes at even spacing in that
 * rectangle (an MRZ's rows are set at a constant line pitch).
 */
import type { RgbImage } from '../image/rgb-image.js';
import type { RotatedRect } from './geometry.js';
import { homographyOf, warpImage, type Point, type Quad } from './homography.js';

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
  const toSource = homographyOf(flat, quad);
  if (!toSource) return null;
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
