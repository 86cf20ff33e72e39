import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judgeSameSource, meanAbsoluteDifference, normalizedCorrelation, type SameSourceEvidence, type SameSourceSign } from './same-source.js';

const POLICY = { maxGenuineSimilarity: 0.998, maxGenuineChipCorrelation: 0.97, identicalPixelDifference: 4 };
const genuine: SameSourceEvidence = { identicalBytes: false, pixelDifference: null, chipCorrelation: 0.6, similarity: 0.97 };

const cases: [string, Partial<SameSourceEvidence>, readonly SameSourceSign[]][] = [
  ['a new photo of the same person', {}, []],
  ['the same file twice', { identicalBytes: true, pixelDifference: 0, chipCorrelation: 1, similarity: 1 },
    ['identical_bytes', 'identical_pixels', 'face_chip_correlation', 'descriptor_similarity']],
  ['the same picture re-encoded', { pixelDifference: 2.5 }, ['identical_pixels']],
  ['same size, different pictures', { pixelDifference: 40 }, []],
  ['pixel difference exactly at the bound', { pixelDifference: 4 }, ['identical_pixels']],
  ['the portrait cropped and enlarged: chips correlate', { chipCorrelation: 0.995 }, ['face_chip_correlation']],
  ['chip correlation just below the bound', { chipCorrelation: 0.9699 }, []],
  ['descriptors at the bound', { similarity: 0.998 }, ['descriptor_similarity']],
  ['descriptors just below the bound', { similarity: 0.9979 }, []],
];

for (const [label, change, signs] of cases) {
  test(`judgeSameSource: ${label}`, () => {
    const finding = judgeSameSource({ ...genuine, ...change }, POLICY);
    assert.deepEqual(finding.signs, signs);
    assert.equal(finding.sameSource, signs.length > 0);
  });
}

test('normalizedCorrelation: 1 for a brightened copy, -1 for the negative, 0 for a flat chip', () => {
  const a = [10, 50, 30, 200, 90, 120];
  assert.ok(Math.abs(normalizedCorrelation(a, a.map((v) => 1.3 * v + 20)) - 1) < 1e-9);
  assert.ok(Math.abs(normalizedCorrelation(a, a.map((v) => 255 - v)) + 1) < 1e-9);
  assert.equal(normalizedCorrelation(a, a.map(() => 7)), 0);
  assert.throws(() => normalizedCorrelation(a, [1, 2]), RangeError);
});

test('meanAbsoluteDifference: per-channel mean, null when sizes differ', () => {
  const img = (data: number[], width = 2, height = 1) => ({ width, height, data });
  assert.equal(meanAbsoluteDifference(img([0, 0, 0, 10, 10, 10]), img([0, 0, 0, 10, 10, 10])), 0);
  assert.equal(meanAbsoluteDifference(img([0, 0, 0, 10, 10, 10]), img([6, 6, 6, 10, 10, 10])), 3);
  assert.equal(meanAbsoluteDifference(img([0, 0, 0, 10, 10, 10]), img([0, 0, 0, 10, 10, 10], 1, 2)), null);
});

test('meanAbsoluteDifference: a large picture is sampled, still within a level of the exact mean', () => {
  const width = 1000, height = 800;
  const a = { width, height, data: Uint8Array.from({ length: width * height * 3 }, (_, i) => (i * 31) % 256) };
  const b = { width, height, data: a.data.map((v, i) => Math.min(255, v + (i % 3 === 1 ? 9 : 0))) };
  let exact = 0;
  for (let i = 0; i < a.data.length; i++) exact += Math.abs(a.data[i]! - b.data[i]!);
  exact /= a.data.length;
  assert.ok(Math.abs(meanAbsoluteDifference(a, b)! - exact) < 1, `${meanAbsoluteDifference(a, b)} vs ${exact}`);
});
