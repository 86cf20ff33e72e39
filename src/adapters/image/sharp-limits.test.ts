import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { limitSharp } from './sharp-limits.js';

test('limitSharp: no libvips operation cache and one libvips thread per operation', () => {
  assert.ok(sharp.concurrency() >= 1);
  limitSharp();
  const cache = sharp.cache();
  assert.deepEqual([cache.memory.max, cache.files.max, cache.items.max], [0, 0, 0]);
  assert.equal(sharp.concurrency(), 1);
});
