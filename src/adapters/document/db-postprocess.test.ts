import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boxesFromProbabilityMap, DEFAULT_DB_OPTIONS } from './db-postprocess.js';

function map(width: number, height: number, blobs: readonly [number, number, number, number, number][]): Float32Array {
  const prob = new Float32Array(width * height);
  for (const [x0, y0, x1, y1, p] of blobs) {
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) prob[y * width + x] = p;
  }
  return prob;
}

describe('DB post-processing', () => {
  it('finds one grown rectangle per confident blob', () => {
    const prob = map(100, 60, [
      [10, 10, 70, 18, 0.9],
      [10, 40, 40, 46, 0.9],
    ]);
    const boxes = boxesFromProbabilityMap(prob, 100, 60).sort((a, b) => a.rect.cy - b.rect.cy);
    assert.equal(boxes.length, 2);
    const first = boxes[0]!.rect;
    assert.ok(first.width > 60 && first.height > 8, `grown by unclip: ${first.width}x${first.height}`);
    assert.ok(Math.abs(first.cx - 39.5) < 0.5 && Math.abs(first.cy - 13.5) < 0.5);
  });

  it('drops blobs below the box threshold and specks below the minimum size', () => {
    const prob = map(100, 60, [
      [10, 10, 70, 18, 0.45],
      [80, 40, 82, 42, 0.99],
    ]);
    assert.deepEqual(boxesFromProbabilityMap(prob, 100, 60, DEFAULT_DB_OPTIONS), []);
  });
});
