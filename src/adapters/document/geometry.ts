/**
 * Plane geometry for text boxes, in plain TypeScript so the OCR pipeline needs no OpenCV.
 * Coordinates are image pixels with y pointing down; angles are radians measured from +x towards +y.
 */
import type { Box, Point } from '../image/rgb-image.js';

/** A text box: centre, size along its own axes, and the direction of its `width` axis. */
export interface RotatedRect {
  readonly cx: number;
  readonly cy: number;
  /** Extent along the direction `angle`. */
  readonly width: number;
  /** Extent along `angle + 90°` (which points "down" the text when `angle` is the reading direction). */
  readonly height: number;
  readonly angle: number;
}

/** Convex hull by Andrew's monotone chain; counter-clockwise in y-up terms, no collinear points. */
export function convexHull(points: readonly Point[]): Point[] {
  const sorted = [...points].sort((a, b) => a.x - b.x || a.y - b.y);
  if (sorted.length <= 2) return sorted;
  const cross = (o: Point, a: Point, b: Point): number => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
  const lower: Point[] = [];
  for (const p of sorted) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: Point[] = [];
  for (let i = sorted.length - 1; i >= 0; i--) {
    const p = sorted[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0) upper.pop();
    upper.push(p);
  }
  lower.pop();
  upper.pop();
  return lower.concat(upper);
}

/**
 * Minimum-area enclosing rectangle of a convex polygon (rotating calipers over its edges).
 * The result has width >= height, with angle in (-90°, 90°].
 */
export function minAreaRect(hull: readonly Point[]): RotatedRect {
  if (hull.length === 0) return { cx: 0, cy: 0, width: 0, height: 0, angle: 0 };
  if (hull.length === 1) return { cx: hull[0]!.x, cy: hull[0]!.y, width: 0, height: 0, angle: 0 };
  let best: RotatedRect | null = null;
  let bestArea = Infinity;
  for (let i = 0; i < hull.length; i++) {
    const p = hull[i]!;
    const q = hull[(i + 1) % hull.length]!;
    const len = Math.hypot(q.x - p.x, q.y - p.y);
    if (len === 0) continue;
    const ux = (q.x - p.x) / len;
    const uy = (q.y - p.y) / len;
    let minU = Infinity;
    let maxU = -Infinity;
    let minV = Infinity;
    let maxV = -Infinity;
    for (const r of hull) {
      const u = r.x * ux + r.y * uy;
      const v = -r.x * uy + r.y * ux;
      if (u < minU) minU = u;
      if (u > maxU) maxU = u;
      if (v < minV) minV = v;
      if (v > maxV) maxV = v;
    }
    const area = (maxU - minU) * (maxV - minV);
    if (area < bestArea) {
      bestArea = area;
      const mu = (minU + maxU) / 2;
      const mv = (minV + maxV) / 2;
      best = {
        cx: mu * ux - mv * uy,
        cy: mu * uy + mv * ux,
        width: maxU - minU,
        height: maxV - minV,
        angle: Math.atan2(uy, ux),
      };
    }
  }
  return normaliseRect(best ?? { cx: hull[0]!.x, cy: hull[0]!.y, width: 0, height: 0, angle: 0 });
}

/** Same rectangle described with width >= height and angle in (-90°, 90°]. */
export function normaliseRect(rect: RotatedRect): RotatedRect {
  let { width, height, angle } = rect;
  if (height > width) {
    [width, height] = [height, width];
    angle += Math.PI / 2;
  }
  while (angle > Math.PI / 2) angle -= Math.PI;
  while (angle <= -Math.PI / 2) angle += Math.PI;
  return { cx: rect.cx, cy: rect.cy, width, height, angle };
}

/** The four corners, starting at the "top-left" in the rectangle's own frame, going clockwise on screen. */
export function rectCorners(rect: RotatedRect): [Point, Point, Point, Point] {
  const ux = Math.cos(rect.angle);
  const uy = Math.sin(rect.angle);
  const hw = rect.width / 2;
  const hh = rect.height / 2;
  const at = (a: number, b: number): Point => ({
    x: rect.cx + a * hw * ux - b * hh * uy,
    y: rect.cy + a * hw * uy + b * hh * ux,
  });
  return [at(-1, -1), at(1, -1), at(1, 1), at(-1, 1)];
}

/** Axis-aligned bounds of a rectangle, clipped to an image of the given size. */
export function rectBounds(rect: RotatedRect, imageWidth: number, imageHeight: number): Box {
  const corners = rectCorners(rect);
  const xs = corners.map((p) => p.x);
  const ys = corners.map((p) => p.y);
  const x0 = Math.max(0, Math.floor(Math.min(...xs)));
  const y0 = Math.max(0, Math.floor(Math.min(...ys)));
  const x1 = Math.min(imageWidth, Math.ceil(Math.max(...xs)));
  const y1 = Math.min(imageHeight, Math.ceil(Math.max(...ys)));
  return { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
}

/**
 * Grows a rectangle the way PaddleOCR's "unclip" grows a polygon: DB shrinks text regions during training,
 * so each side moves out by area * ratio / perimeter.
 */
export function unclipRect(rect: RotatedRect, ratio: number): RotatedRect {
  const perimeter = 2 * (rect.width + rect.height);
  if (perimeter === 0) return rect;
  const distance = (rect.width * rect.height * ratio) / perimeter;
  return { ...rect, width: rect.width + 2 * distance, height: rect.height + 2 * distance };
}

/**
 * The smallest rectangle along `rects[axis]`'s direction that holds every rectangle: one whole text line from
 * the pieces the detector cut it into.
 */
export function unionRect(rects: readonly RotatedRect[], axis = 0): RotatedRect {
  const base = rects[axis];
  if (!base) throw new Error('unionRect needs at least one rectangle');
  const ux = Math.cos(base.angle);
  const uy = Math.sin(base.angle);
  let minU = Infinity;
  let maxU = -Infinity;
  let minV = Infinity;
  let maxV = -Infinity;
  for (const r of rects) {
    const ax = Math.cos(r.angle);
    const ay = Math.sin(r.angle);
    for (const [su, sv] of [[-1, -1], [1, -1], [1, 1], [-1, 1]] as const) {
      const x = r.cx + (su * r.width * ax) / 2 - (sv * r.height * ay) / 2;
      const y = r.cy + (su * r.width * ay) / 2 + (sv * r.height * ax) / 2;
      const u = x * ux + y * uy;
      const v = -x * uy + y * ux;
      minU = Math.min(minU, u);
      maxU = Math.max(maxU, u);
      minV = Math.min(minV, v);
      maxV = Math.max(maxV, v);
    }
  }
  const cu = (minU + maxU) / 2;
  const cv = (minV + maxV) / 2;
  return { cx: cu * ux - cv * uy, cy: cu * uy + cv * ux, width: maxU - minU, height: maxV - minV, angle: base.angle };
}
