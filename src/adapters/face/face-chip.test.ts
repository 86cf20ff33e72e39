import { test } from 'node:test';
import assert from 'node:assert/strict';
import { greyFaceChip, GREY_CHIP_SIZE } from './face-chip.js';
import { normalizedCorrelation } from '../../domain/same-source.js';
import type { RgbImage } from '../image/rgb-image.js';
import type { FaceLandmarks } from './face.types.js';

/** A smooth textured picture `scale` times larger than the 200 px original, shifted by `dx`. */
function picture(scale: number, dx: number, phase = 0): RgbImage {
  const size = Math.round(200 * scale) + Math.ceil(dx);
  const data = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const u = (x - dx) / scale, v = y / scale;
      const g = 128 + 60 * Math.sin(u * 0.09 + phase) * Math.cos(v * 0.07 - 2 * phase) + 30 * Math.sin((u + v) * 0.05);
      data.fill(Math.max(0, Math.min(255, Math.round(g))), (y * size + x) * 3, (y * size + x) * 3 + 3);
    }
  }
  return { width: size, height: size, data };
}

const landmarks = (scale: number, dx: number): FaceLandmarks => {
  const p = (x: number, y: number) => ({ x: x * scale + dx, y: y * scale });
  return { leftEye: p(70, 80), rightEye: p(130, 80), nose: p(100, 115), mouthLeft: p(76, 142), mouthRight: p(124, 142) };
};

test('greyFaceChip: the same face enlarged and moved gives the same chip', () => {
  const a = greyFaceChip(picture(1, 0), landmarks(1, 0));
  const b = greyFaceChip(picture(2.5, 37), landmarks(2.5, 37));
  assert.equal(a.length, GREY_CHIP_SIZE * GREY_CHIP_SIZE);
  assert.ok(normalizedCorrelation(a, b) > 0.98, `correlation ${normalizedCorrelation(a, b)}`);
});

test('greyFaceChip: another picture at the same landmarks gives another chip', () => {
  const a = greyFaceChip(picture(1, 0), landmarks(1, 0));
  const c = greyFaceChip(picture(1, 0, 1.3), landmarks(1, 0));
  assert.ok(normalizedCorrelation(a, c) < 0.9, `correlation ${normalizedCorrelation(a, c)}`);
});
