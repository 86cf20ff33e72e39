import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cosineSimilarity, l2Normalize } from './cosine.js';

test('cosineSimilarity', async (t) => {
  const cases: [string, number[], number[], number][] = [
    ['identical', [1, 2, 3], [1, 2, 3], 1],
    ['scaled copy', [1, 2, 3], [2, 4, 6], 1],
    ['opposite', [1, 0], [-1, 0], -1],
    ['orthogonal', [1, 0, 0], [0, 5, 0], 0],
    ['45 degrees', [1, 0], [1, 1], Math.SQRT1_2],
    ['zero vector', [0, 0], [1, 1], 0],
  ];
  for (const [name, a, b, want] of cases) {
    await t.test(name, () => {
      assert.ok(Math.abs(cosineSimilarity(a, b) - want) < 1e-6);
      assert.ok(Math.abs(cosineSimilarity(Float32Array.from(a), Float32Array.from(b)) - want) < 1e-6);
    });
  }
  await t.test('length mismatch throws', () => assert.throws(() => cosineSimilarity([1], [1, 2]), RangeError));
});

test('l2Normalize gives unit length and keeps direction', () => {
  const v = l2Normalize([3, 4]);
  assert.ok(Math.abs((v[0] as number) - 0.6) < 1e-6 && Math.abs((v[1] as number) - 0.8) < 1e-6);
  assert.deepEqual(Array.from(l2Normalize([0, 0])), [0, 0]);
});
