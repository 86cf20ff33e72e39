import { test } from 'node:test';
import assert from 'node:assert/strict';
import { downscaleBox, mirrorPatch, warpAffine } from './image-sampling.js';

const image = { width: 4, height: 2, data: Uint8Array.from({ length: 24 }, (_, i) => i * 10) };

test('warpAffine with the identity map reproduces the image', () => {
  assert.deepEqual(Array.from(warpAffine(image, [1, 0, 0, 0, 1, 0], 4, 2)), Array.from(image.data));
});

test('warpAffine pads with zeros outside the image', () => {
  const out = warpAffine(image, [1, 0, 10, 0, 1, 10], 2, 2);
  assert.ok(out.every((v) => v === 0));
});

test('warpAffine shrinking by 2 averages neighbouring columns', () => {
  const stripes = { width: 4, height: 4, data: Uint8Array.from({ length: 48 }, (_, i) => (Math.floor(i / 3) % 2 ? 200 : 0)) };
  const out = warpAffine(stripes, [2, 0, 0, 0, 1, 0], 2, 4, 2);
  const row1 = Array.from(out.slice(6, 12)).map(Math.round);
  assert.deepEqual(row1, [100, 100, 100, 100, 100, 100]);
});

test('mirrorPatch flips columns and is its own inverse', () => {
  const patch = Float32Array.from(image.data);
  const flipped = mirrorPatch(patch, 4, 2);
  assert.deepEqual(Array.from(flipped.slice(0, 3)), Array.from(patch.slice(9, 12)));
  assert.deepEqual(Array.from(mirrorPatch(flipped, 4, 2)), Array.from(patch));
});

test('downscaleBox averages k x k blocks', () => {
  const small = downscaleBox(image, 2);
  assert.equal(small.width, 2);
  assert.equal(small.height, 1);
  assert.deepEqual(Array.from(small.data.slice(0, 3)), [75, 85, 95]);
  assert.equal(downscaleBox(image, 1), image);
});
