import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RgbImage } from '../adapters/image/rgb-image.js';
import { isGreyPhoto, renderPresentation, splitOf } from './spoof-set.js';

/** A 64 px colour test card: red-green ramps with a blue square (stands in for a face photo). */
function card(): RgbImage {
  const data = new Uint8Array(64 * 64 * 3);
  for (let y = 0; y < 64; y++) {
    for (let x = 0; x < 64; x++) {
      const i = (y * 64 + x) * 3;
      data[i] = x * 4; data[i + 1] = y * 4; data[i + 2] = x > 20 && x < 44 && y > 20 && y < 44 ? 200 : 40;
    }
  }
  return { width: 64, height: 64, data };
}

const BOX = { x: 16, y: 16, width: 32, height: 32 };

test('renderPresentation: the same name, attack and seed give the same bytes; another seed does not', async () => {
  const [a, b, c] = await Promise.all([
    renderPresentation(card(), BOX, 'print-halftone', 'card', 1),
    renderPresentation(card(), BOX, 'print-halftone', 'card', 1),
    renderPresentation(card(), BOX, 'print-halftone', 'card', 2),
  ]);
  assert.ok(a.jpeg.equals(b.jpeg));
  assert.deepEqual(a.box, b.box);
  assert.ok(!a.jpeg.equals(c.jpeg));
});

test('renderPresentation: the face box follows the photo into the shot', async () => {
  const shot = await renderPresentation(card(), BOX, 'genuine', 'card', 1);
  assert.equal(shot.image.width, 400);
  // The box covers the middle half of the photo; a tilt of at most 6% per corner keeps it near the middle.
  const cx = shot.box.x + shot.box.width / 2, cy = shot.box.y + shot.box.height / 2;
  assert.ok(Math.abs(cx - 200) < 30 && Math.abs(cy - 200) < 30, JSON.stringify(shot.box));
  assert.ok(shot.box.width > 180 && shot.box.width < 240, JSON.stringify(shot.box));
});

test('isGreyPhoto: a grey copy is grey, the colour card is not', () => {
  const colour = card();
  const grey = { ...colour, data: colour.data.map((_, i) => colour.data[i - (i % 3)]!) };
  assert.equal(isGreyPhoto(colour), false);
  assert.equal(isGreyPhoto(grey), true);
});

test('splitOf: stable per name and seed, and both splits occur', () => {
  assert.equal(splitOf('Aaron_Eckhart', 7), splitOf('Aaron_Eckhart', 7));
  const splits = new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((n) => splitOf(n)));
  assert.deepEqual([...splits].sort(), ['test', 'train']);
});
