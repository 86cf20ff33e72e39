/**
 * The order in which detected lines are recognised, so the engine can stop once the work is done.
 * Recognition costs ~0.2 ms per 48-px input column and a passport page holds 10-15k columns, but a
 * verification that the MRZ already settles needs only the MRZ: 2-3 long rows of uniform height at the
 * bottom of the page. They are found from detector geometry alone, before anything is read.
 */
import type { RotatedRect } from './geometry.js';
import type { PageRotation } from './page-orientation.js';
import { inPage, readingRows } from './reading-order.js';

/** A row whose boxes span this many line heights is MRZ-shaped (a TD1 line of 30 characters spans ~16). */
const MRZ_ROW_RATIO = 12;
/** Rows of one MRZ have nearly the same height and length: within these ratios of the lowest one. */
const MRZ_HEIGHT_TOLERANCE = 0.3;
const MRZ_SPAN_TOLERANCE = 0.3;
/** An MRZ has at most three rows (TD1). */
const MRZ_MAX_ROWS = 3;

export interface ReadingPlan {
  /** Boxes of the MRZ-shaped rows at the bottom of the page (in page frame), read first. */
  readonly mrz: readonly number[];
  /**
   * Boxes of every other MRZ-shaped row, lowest first: the MRZ when a footer line sits under it (a software
   * watermark, a "SAMPLE" strip), or long printed lines.
   */
  readonly longRows: readonly number[];
  /** Every other box, largest print first (names are printed larger than labels and notes). */
  readonly rest: readonly number[];
}

interface RowShape {
  readonly indices: readonly number[];
  readonly down: number;
  readonly span: number;
  readonly height: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function rowShapes(rects: readonly RotatedRect[], rotation: PageRotation): RowShape[] {
  return readingRows(rects, rotation).map((indices) => {
    const boxes = indices.map((i) => rects[i]!);
    const placed = boxes.map((r) => inPage(r.cx, r.cy, rotation));
    const start = Math.min(...boxes.map((r, k) => placed[k]!.along - r.width / 2));
    const end = Math.max(...boxes.map((r, k) => placed[k]!.along + r.width / 2));
    const down = median(placed.map((p) => p.down));
    return { indices, down, span: end - start, height: median(boxes.map((r) => r.height)) };
  });
}

const near = (value: number, reference: number, tolerance: number): boolean =>
  Math.abs(value - reference) <= tolerance * reference;

/**
 * Splits the boxes into the likely MRZ (the lowest MRZ-shaped row and up to two more above it of the same
 * height and length, all boxes of those rows included, since the detector cuts MRZ lines at filler runs),
 * the other MRZ-shaped rows, and the rest, largest print first. Indices refer to `rects`; together the three
 * lists cover every box once.
 */
export function planReading(rects: readonly RotatedRect[], rotation: PageRotation): ReadingPlan {
  const rows = rowShapes(rects, rotation).sort((a, b) => b.down - a.down);
  const mrz: number[] = [];
  const lowest = rows.find((r) => r.span / Math.max(1, r.height) >= MRZ_ROW_RATIO);
  if (lowest) {
    const block = rows.filter(
      (r) =>
        r.down <= lowest.down &&
        r.span / Math.max(1, r.height) >= MRZ_ROW_RATIO &&
        near(r.height, lowest.height, MRZ_HEIGHT_TOLERANCE) &&
        near(r.span, lowest.span, MRZ_SPAN_TOLERANCE),
    );
    // Rows of one MRZ are adjacent: stop at the first gap wider than three line heights.
    let previous = lowest.down;
    for (const row of block.slice(0, MRZ_MAX_ROWS)) {
      if (previous - row.down > 3 * lowest.height) break;
      mrz.push(...row.indices);
      previous = row.down;
    }
  }
  const chosen = new Set(mrz);
  const longRows = rows
    .filter((r) => r.span / Math.max(1, r.height) >= MRZ_ROW_RATIO && !r.indices.some((i) => chosen.has(i)))
    .flatMap((r) => r.indices);
  for (const i of longRows) chosen.add(i);
  const rest = rects
    .map((_, i) => i)
    .filter((i) => !chosen.has(i))
    .sort((a, b) => rects[b]!.height - rects[a]!.height || a - b);
  return { mrz: mrz.sort((a, b) => a - b), longRows, rest };
}

/**
 * Whether rows (each a list of boxes, top to bottom) can be one MRZ block: of one text height (within
 * MRZ_HEIGHT_TOLERANCE of the first row's tallest box), each no more than two line heights below the last.
 * For the engine's search among long rows when the bottom rows were not the MRZ.
 */
export function isMrzRun(rows: readonly (readonly RotatedRect[])[], rotation: PageRotation): boolean {
  const shapes = rows.map((row) => ({
    height: Math.max(...row.map((r) => r.height)),
    down: row.reduce((sum, r) => sum + inPage(r.cx, r.cy, rotation).down, 0) / row.length,
  }));
  const height = shapes[0]!.height;
  return shapes.every((s, k) => near(s.height, height, MRZ_HEIGHT_TOLERANCE) && (k === 0 || s.down - shapes[k - 1]!.down <= 2 * height));
}

/**
 * Whether a row's free reading (its pieces' texts, left to right) is plainly printed text: every piece read,
 * no filler among them, and under 80% of its characters MRZ characters (capitals, digits, `<`). An MRZ line,
 * however misread, keeps its fillers or its capitals; a row with a piece not read is not judged.
 */
export function isPrintedText(pieces: readonly (string | undefined)[]): boolean {
  if (pieces.some((text) => text === undefined)) return false;
  const text = pieces.join('');
  if (/[<«‹]/.test(text) || text.length === 0) return false;
  const mrzChars = text.replace(/[^A-Z0-9]/g, '').length;
  return mrzChars < 0.8 * text.length;
}
