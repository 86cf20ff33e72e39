/**
 * Whether located MRZ rows can be read at all: washed out by a highlight (glare), or printed at a character
 * pitch below what the recogniser reads. Every cell of an MRZ row holds ink (a letter, a digit or a `<`), so a
 * run of cells along a row that is bright and flat is a highlight over the print, not blank paper.
 */
import type { RgbImage } from '../image/rgb-image.js';
import type { RotatedRect } from './geometry.js';

/** Samples per cell along and across the row. */
const ALONG = 4;
const ACROSS = 8;
/** A cell brighter than this (mean luminance, 0..255) with no more spread than FLAT_SPREAD has no ink. */
const WASHED_MEAN = 225;
const FLAT_SPREAD = 0.3;
/**
 * Washed cells in a row above which the row is glare-covered: three characters is more than a check-digit
 * repair from second choices can be trusted with, and no check digit covers the names.
 */
const MAX_WASHED_CELLS = 3;
/**
 * Character pitch (image px) below which a zone is too small to read: the recogniser reads 5.4 px pitches on
 * 268 px specimen passports and loses the letters below about 4 (bench:mrz-small).
 */
export const MIN_MRZ_PITCH = 4;

/** Luminance (BT.601) at the nearest pixel, or NaN outside the image. */
function luminance(image: RgbImage, x: number, y: number): number {
  const px = Math.round(x);
  const py = Math.round(y);
  if (px < 0 || py < 0 || px >= image.width || py >= image.height) return Number.NaN;
  const o = (py * image.width + px) * 3;
  return 0.299 * image.data[o]! + 0.587 * image.data[o + 1]! + 0.114 * image.data[o + 2]!;
}

/** Mean and standard deviation of the luminance in each of `cells` equal cells along the row. */
export function cellStats(image: RgbImage, rect: RotatedRect, cells: number): { mean: number; spread: number }[] {
  const cos = Math.cos(rect.angle);
  const sin = Math.sin(rect.angle);
  const out: { mean: number; spread: number }[] = [];
  for (let c = 0; c < cells; c++) {
    let sum = 0;
    let sq = 0;
    let n = 0;
    for (let a = 0; a < ALONG; a++) {
      const u = ((c + (a + 0.5) / ALONG) / cells - 0.5) * rect.width;
      for (let b = 0; b < ACROSS; b++) {
        // The middle 80% of the row's height: the box edges may hold the next row's or the paper's tone.
        const v = ((b + 0.5) / ACROSS - 0.5) * rect.height * 0.8;
        const l = luminance(image, rect.cx + u * cos - v * sin, rect.cy + u * sin + v * cos);
        if (Number.isNaN(l)) continue;
        sum += l;
        sq += l * l;
        n++;
      }
    }
    const mean = n > 0 ? sum / n : 0;
    out.push({ mean, spread: n > 0 ? Math.sqrt(Math.max(0, sq / n - mean * mean)) : 0 });
  }
  return out;
}

/**
 * The longest run of cells of the row (one per character of a `length`-character line) washed out by a
 * highlight. The end cells are left out: the detector's box may reach past the print onto bare paper.
 */
export function washedCells(image: RgbImage, rect: RotatedRect, length: number): number {
  const stats = cellStats(image, rect, length);
  const spreads = stats.map((s) => s.spread).sort((a, b) => a - b);
  const median = spreads[Math.floor(spreads.length / 2)] ?? 0;
  let run = 0;
  let longest = 0;
  for (const s of stats.slice(1, -1)) {
    run = s.mean >= WASHED_MEAN && s.spread < FLAT_SPREAD * median ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

/** Whether a row of `length` characters is covered by glare. */
export function isGlareCovered(image: RgbImage, rect: RotatedRect, length: number): boolean {
  return washedCells(image, rect, length) >= MAX_WASHED_CELLS;
}

/** Character pitch of a row holding `length` characters, image px. */
export function rowPitch(rect: RotatedRect, length: number): number {
  return rect.width / length;
}

/** Characters per line of a zone of `rows` rows: TD1 has three of 30, the two-row formats 36 or 44. */
export function lineLengthOf(rows: number, aspect: number): number {
  if (rows >= 3) return 30;
  // A 2x36 row is ~ 36 x 1.4 its height wide, a 2x44 one ~ 44 x 1.4: split between them.
  return aspect < 40 * 1.4 ? 36 : 44;
}
