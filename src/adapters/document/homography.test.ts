import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyHomography, homographyOf, warpImage, type Quad } from './homography.js';

const square: Quad = [[0, 0], [100, 0], [100, 100], [0, 100]];

test('homographyOf maps each corner to its partner, for shapes a tilted camera makes', () => {
  const cases: Quad[] = [
    [[10, 20], [110, 15], [120, 130], [5, 110]],
    [[0, 0], [200, 0], [200, 50], [0, 50]],
    [[30, 0], [70, 0], [100, 100], [0, 100]],
  ];
  for (const to of cases) {
    const h = homographyOf(square, to);
    assert.ok(h);
    square.forEach((p, i) => {
      const [x, y] = applyHomography(h, p[0], p[1]);
      assert.ok(Math.abs(x - to[i]![0]) < 1e-6 && Math.abs(y - to[i]![1]) < 1e-6, `corner ${i}`);
    });
  }
});

test('homographyOf refuses three corners in a line', () => {
  assert.equal(homographyOf(square, [[0, 0], [50, 0], [100, 0], [0, 100]]), null);
});

test('warpImage through the identity copies the image, and fills outside with the background', () => {
  const data = new Uint8Array(4 * 3 * 3).map((_, i) => (i * 7) % 256);
  const id = homographyOf(square, square)!;
  const out = warpImage({ width: 4, height: 3, data }, id, 5, 3, [1, 2, 3]);
  for (let y = 0; y < 3; y++) for (let x = 0; x < 4; x++) for (let c = 0; c < 3; c++) assert.equal(out.data[(y * 5 + x) * 3 + c], data[(y * 4 + x) * 3 + c]);
  assert.deepEqual([...out.data.slice(12, 15)], [1, 2, 3]);
});
