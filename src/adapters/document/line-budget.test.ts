import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RotatedRect } from './geometry.js';
import { recognitionColumns, withinBudget } from './line-budget.js';

const rect = (width: number, height: number): RotatedRect => ({ cx: 0, cy: 0, width, height, angle: 0 });

describe('withinBudget', () => {
  const rects = [rect(100, 10), rect(600, 24), rect(120, 30), rect(80, 12)];

  it('reads everything without a budget', () => {
    assert.deepEqual(withinBudget(rects, Infinity), [0, 1, 2, 3]);
  });

  it('keeps MRZ-shaped lines first, then the largest print, in input order', () => {
    const budget = recognitionColumns(rects[1]!) + recognitionColumns(rects[2]!);
    assert.deepEqual(withinBudget(rects, budget), [1, 2]);
  });
});
