/**
 * Sorts text boxes into reading order (top-to-bottom rows, left-to-right within a row) in the page's own frame,
 * so a page photographed sideways still reads in the order a person would read it.
 */
import type { RotatedRect } from './geometry.js';
import type { PageRotation } from './page-orientation.js';

/** Where a point lies in the page's own frame: `along` its lines (left to right) and `down` the page. */
export function inPage(x: number, y: number, rotation: PageRotation): { along: number; down: number } {
  const t = (rotation * Math.PI) / 180;
  const ux = Math.cos(t);
  const uy = Math.sin(t);
  return { along: x * ux + y * uy, down: -x * uy + y * ux };
}

/** Indices of `rects` in reading order for a page with the given rotation. */
export function readingOrder(rects: readonly RotatedRect[], rotation: PageRotation): number[] {
  return readingRows(rects, rotation).flat();
}

/** Indices of `rects` grouped into rows (top to bottom), each row left to right in the page's frame. */
export function readingRows(rects: readonly RotatedRect[], rotation: PageRotation): number[][] {
  const items = rects.map((r, index) => ({ index, ...inPage(r.cx, r.cy, rotation), height: r.height }));
  items.sort((a, b) => a.down - b.down);
  const rows: (typeof items)[] = [];
  for (const item of items) {
    const row = rows[rows.length - 1];
    const anchor = row?.[0];
    // Same row when the centres are closer than half the smaller line height (label and value side by side).
    if (row && anchor && Math.abs(item.down - anchor.down) < Math.min(item.height, anchor.height) / 2) row.push(item);
    else rows.push([item]);
  }
  return rows.map((row) => row.sort((a, b) => a.along - b.along).map((item) => item.index));
}
