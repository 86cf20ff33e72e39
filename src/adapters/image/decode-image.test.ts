/**
 * decodeImage hands the models its pixels in shared memory (so the jobs posted to worker threads do not copy
 * them), and they are the pixels the decoder produced.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { decodeImage } from './decode-image.js';
import { decodePixels } from './decode-pixels.js';

test('decoded pixels live in a SharedArrayBuffer and equal the decoder output', async () => {
  const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3a7' } })
    .composite([{ input: { create: { width: 10, height: 10, channels: 3, background: '#f00' } }, left: 5, top: 5 }])
    .jpeg()
    .toBuffer();
  const limits = { maxPixels: 1e6, maxSide: 64 };
  const decoded = await decodeImage('image1', jpeg, limits);
  assert.ok(decoded.image.data.buffer instanceof SharedArrayBuffer);
  const direct = await decodePixels({ bytes: jpeg, format: 'jpeg', orientation: 1, maxPixels: limits.maxPixels, maxSide: limits.maxSide });
  assert.ok(direct.ok);
  assert.deepEqual([decoded.image.width, decoded.image.height], [40, 30]);
  assert.deepEqual(Buffer.from(decoded.image.data), Buffer.from(direct.image.data));
});
