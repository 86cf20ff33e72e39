/**
 * How far a photographed page is tilted off its axis (not turned by 90°: page-orientation.ts does that). A page
 * shot at an angle gives text lines at, say, -20°; reading rows are then cut into pieces that no longer sit in one
 * row, and an MRZ line is never seen whole. Straightening the photo before reading fixes that at the cost of a
 * second detection, paid only by tilted pages.
 */
import sharp from 'sharp';
import type { RgbImage } from '../image/rgb-image.js';
import type { RotatedRect } from './geometry.js';

/** Lines at least this elongated say which way the text runs. */
const MIN_RATIO = 3;

/**
 * The text's tilt in radians, in [-π/4, π/4): the area-weighted median angle of elongated boxes, folded so a
 * page turned by 90° counts as untilted. 0 when no box is elongated enough to tell.
 */
export function textSkew(rects: readonly RotatedRect[]): number {
  const samples = rects
    .filter((r) => r.width >= MIN_RATIO * r.height)
    .map((r) => {
      const folded = ((((r.angle + Math.PI / 4) % (Math.PI / 2)) + Math.PI / 2) % (Math.PI / 2)) - Math.PI / 4;
      return { angle: folded, weight: r.width * r.height };
    })
    .sort((a, b) => a.angle - b.angle);
  const total = samples.reduce((sum, s) => sum + s.weight, 0);
  let seen = 0;
  for (const s of samples) {
    seen += s.weight;
    if (seen >= total / 2) return s.angle;
  }
  return 0;
}

/** The image turned by `-skew` (so text at angle `skew` becomes level), on a white background. */
export async function straighten(image: RgbImage, skew: number): Promise<RgbImage> {
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .rotate((-skew * 180) / Math.PI, { background: { r: 255, g: 255, b: 255 } })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}
