/**
 * What recognising a box costs. Recognition time is about proportional to the recogniser's input columns
 * (crop height fixed at 48), so the engine's optional column budget (`columnBudget`) is counted in them.
 */
import type { RotatedRect } from './geometry.js';

/** Recogniser input columns a box costs (crop height is fixed at 48). */
export function recognitionColumns(rect: RotatedRect): number {
  return Math.ceil((48 * rect.width) / Math.max(1, rect.height));
}
