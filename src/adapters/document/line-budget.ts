/**
 * Chooses which detected lines to recognise when recognition time is capped. Recognition costs about the
 * same per input column, and a page holds far more small print (field labels, notes) than the lines a
 * verification needs (the holder's name, usually in larger print, and the MRZ), so long MRZ-shaped lines
 * go first, then the largest print, until the column budget is spent.
 */
import type { RotatedRect } from './geometry.js';

/** Width-to-height ratio above which a box is treated as an MRZ (or other full-width) line. */
const MRZ_RATIO = 12;

/** Recogniser input columns a box costs (crop height is fixed at 48). */
export function recognitionColumns(rect: RotatedRect): number {
  return Math.ceil((48 * rect.width) / Math.max(1, rect.height));
}

/** Indices of the boxes to read, in input order; all of them when the budget is Infinity. */
export function withinBudget(rects: readonly RotatedRect[], budget: number): number[] {
  const all = rects.map((_, i) => i);
  if (!Number.isFinite(budget)) return all;
  const priority = (r: RotatedRect): number => (r.width / Math.max(1, r.height) >= MRZ_RATIO ? 1e9 : 0) + r.height;
  const ranked = [...all].sort((a, b) => priority(rects[b]!) - priority(rects[a]!));
  const chosen: number[] = [];
  let spent = 0;
  for (const index of ranked) {
    const cost = recognitionColumns(rects[index]!);
    if (spent + cost > budget) continue;
    spent += cost;
    chosen.push(index);
  }
  return chosen.sort((a, b) => a - b);
}
