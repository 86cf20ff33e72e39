/**
 * Turns the DB text-detection probability map into text rectangles, following PaddleOCR's DBPostProcess
 * (threshold, box score, unclip, minimum size) with connected components instead of OpenCV contours.
 */
import type { Point } from '../image/rgb-image.js';
import { convexHull, minAreaRect, normaliseRect, rectCorners, unclipRect, type RotatedRect } from './geometry.js';

export interface DbOptions {
  /** Pixel threshold on the probability map (PaddleOCR det_db_thresh). */
  readonly threshold: number;
  /** Minimum mean probability inside a box (det_db_box_thresh). */
  readonly boxThreshold: number;
  /** How far boxes are grown back after DB's training-time shrink (det_db_unclip_ratio). */
  readonly unclipRatio: number;
  /** Shorter side below which a box is noise, in map pixels (PaddleOCR min_size = 3). */
  readonly minSize: number;
  readonly maxCandidates: number;
}

export const DEFAULT_DB_OPTIONS: DbOptions = Object.freeze({
  threshold: 0.3,
  boxThreshold: 0.5,
  unclipRatio: 2,
  minSize: 3,
  maxCandidates: 1000,
});

/** A detected text region in probability-map coordinates, with its DB score. */
export interface DetectedRect {
  readonly rect: RotatedRect;
  readonly score: number;
}

/** Extracts text rectangles from a `height` x `width` probability map. */
export function boxesFromProbabilityMap(
  prob: Float32Array,
  width: number,
  height: number,
  options: DbOptions = DEFAULT_DB_OPTIONS,
): DetectedRect[] {
  const labels = new Int32Array(width * height);
  const stack = new Int32Array(width * height);
  const found: DetectedRect[] = [];
  let next = 0;
  for (let start = 0; start < prob.length && next < options.maxCandidates; start++) {
    if (labels[start] !== 0 || prob[start]! <= options.threshold) continue;
    next++;
    const rowMin = new Map<number, number>();
    const rowMax = new Map<number, number>();
    let size = 0;
    let top = 0;
    stack[top++] = start;
    labels[start] = next;
    while (top > 0) {
      const idx = stack[--top]!;
      const x = idx % width;
      const y = (idx - x) / width;
      size++;
      const lo = rowMin.get(y);
      if (lo === undefined || x < lo) rowMin.set(y, x);
      const hi = rowMax.get(y);
      if (hi === undefined || x > hi) rowMax.set(y, x);
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width || (dx === 0 && dy === 0)) continue;
          const n = ny * width + nx;
          if (labels[n] === 0 && prob[n]! > options.threshold) {
            labels[n] = next;
            stack[top++] = n;
          }
        }
      }
    }
    if (size < 4) continue;
    const edge: Point[] = [];
    for (const [y, lo] of rowMin) {
      edge.push({ x: lo, y }, { x: rowMax.get(y)!, y });
    }
    const rect = minAreaRect(convexHull(edge));
    if (Math.min(rect.width, rect.height) < options.minSize) continue;
    const score = meanInsideRect(prob, width, height, rect);
    if (score < options.boxThreshold) continue;
    const grown = normaliseRect(unclipRect(rect, options.unclipRatio));
    if (grown.height < options.minSize + 2) continue;
    found.push({ rect: grown, score });
  }
  return found;
}

/** PaddleOCR's "fast" box score: mean probability over the pixels inside the (un-grown) rectangle. */
function meanInsideRect(prob: Float32Array, width: number, height: number, rect: RotatedRect): number {
  const corners = rectCorners(rect);
  const xs = corners.map((p) => p.x);
  const ys = corners.map((p) => p.y);
  const x0 = Math.max(0, Math.floor(Math.min(...xs)));
  const x1 = Math.min(width - 1, Math.ceil(Math.max(...xs)));
  const y0 = Math.max(0, Math.floor(Math.min(...ys)));
  const y1 = Math.min(height - 1, Math.ceil(Math.max(...ys)));
  const ux = Math.cos(rect.angle);
  const uy = Math.sin(rect.angle);
  const hw = rect.width / 2 + 0.5;
  const hh = rect.height / 2 + 0.5;
  let sum = 0;
  let count = 0;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const dx = x - rect.cx;
      const dy = y - rect.cy;
      if (Math.abs(dx * ux + dy * uy) <= hw && Math.abs(-dx * uy + dy * ux) <= hh) {
        sum += prob[y * width + x]!;
        count++;
      }
    }
  }
  return count === 0 ? 0 : sum / count;
}
