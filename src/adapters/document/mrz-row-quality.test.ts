import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RgbImage } from '../image/rgb-image.js';
import { isGlareCovered, lineLengthOf, rowPitch, washedCells } from './mrz-row-quality.js';
import { renderOcrBRow } from './testing/render-text.js';

const LINE = 'I<UTOX4731902A9<<<<<<<<<<<<<<<';

/** The image with a highlight over x in [from, to): every channel pushed to near white. */
function withGlare(image: RgbImage, from: number, to: number): RgbImage {
  const data = Uint8Array.from(image.data);
  for (let y = 0; y < image.height; y++) {
    for (let x = Math.round(from); x < Math.round(to); x++) for (let c = 0; c < 3; c++) data[(y * image.width + x) * 3 + c] = 250;
  }
  return { ...image, data };
}

test('a clean MRZ row has no washed cells, also on bright white paper', async () => {
  const { image, rect } = await renderOcrBRow(LINE, 8);
  assert.equal(isGlareCovered(image, rect, 30), false);
  // Paper lifted to pure white (a flatbed scan): every cell still holds ink.
  const white = { ...image, data: image.data.map((v) => Math.min(255, Math.round(v * 1.08))) };
  assert.equal(isGlareCovered(white, rect, 30), false);
});

test('a highlight over five characters of a row is glare; over one it is not', async () => {
  const { image, rect } = await renderOcrBRow(LINE, 8);
  const left = rect.cx - rect.width / 2;
  assert.ok(washedCells(withGlare(image, left + 10 * 8, left + 15 * 8), rect, 30) >= 4);
  assert.equal(isGlareCovered(withGlare(image, left + 10 * 8, left + 15 * 8), rect, 30), true);
  assert.equal(isGlareCovered(withGlare(image, left + 10 * 8, left + 11 * 8), rect, 30), false);
});

test('rowPitch and lineLengthOf: TD1 rows hold 30, two-row zones 36 or 44 by their aspect', () => {
  assert.equal(rowPitch({ cx: 0, cy: 0, width: 300, height: 14, angle: 0 }, 30), 10);
  assert.equal(lineLengthOf(3, 20), 30);
  assert.equal(lineLengthOf(2, 36 * 1.4), 36);
  assert.equal(lineLengthOf(2, 44 * 1.4), 44);
});
