import { test } from 'node:test';
import assert from 'node:assert/strict';
import { homographyOf, warpImage } from './homography.js';
import { rectCorners, rectifyMrzBlock, shearOf } from './mrz-block.js';
import { renderOcrBRow } from './testing/render-text.js';

const LINE = 'I<UTOX4731902A9<<<<<<<<<<<<<<<';

test('rectCorners: top-left, top-right, bottom-right, bottom-left of a box, turned with it', () => {
  const corners = rectCorners({ cx: 10, cy: 5, width: 20, height: 10, angle: 0 });
  assert.deepEqual(corners, [[0, 0], [20, 0], [20, 10], [0, 10]]);
  const turned = rectCorners({ cx: 0, cy: 0, width: 2, height: 2, angle: Math.PI / 2 });
  assert.ok(Math.abs(turned[0][0] - 1) < 1e-9 && Math.abs(turned[0][1] + 1) < 1e-9);
});

test('shearOf finds no shear in upright print and undoes a lean either way', async () => {
  const { image } = await renderOcrBRow(LINE, 10);
  assert.equal(shearOf(image), 0);
  for (const lean of [0.2, -0.2]) {
    const mid = image.height / 2;
    const h = [1, lean, -lean * mid, 0, 1, 0, 0, 0, 1];
    const leaning = warpImage(image, h, image.width, image.height, [239, 236, 228]);
    // The shear found leans back the other way and leaves at most a third of the lean (the `<` strokes are
    // diagonal whatever the shear, which blunts the column profile).
    const found = shearOf(leaning);
    assert.ok(Math.sign(found) === -Math.sign(lean) && Math.abs(found + lean) <= 0.07, `${lean}: ${found}`);
  }
});

test('rectifyMrzBlock flattens a block shrunk on one side into rows of one height at even spacing', async () => {
  const { image } = await renderOcrBRow(LINE, 10);
  // Three copies of the row stacked, then the right side pulled in as a camera at an angle sees it.
  const rowH = image.height;
  const stacked = new Uint8Array(image.width * rowH * 3 * 3);
  for (let r = 0; r < 3; r++) stacked.set(image.data, r * image.data.length);
  const block = { width: image.width, height: rowH * 3, data: stacked };
  const w = block.width;
  const h = block.height;
  const toBlock = homographyOf([[0, 0], [w, h * 0.1], [w, h * 0.9], [0, h]], [[0, 0], [w, 0], [w, h], [0, h]])!;
  const photo = warpImage(block, toBlock, w, h, [90, 80, 70]);
  // Boxes as the detector gives them: each row's own tilt, square corners.
  const rows = [0, 1, 2].map((r) => {
    const yl = (r + 0.5) * rowH;
    const yr = h * 0.1 + (r + 0.5) * rowH * 0.8;
    return { cx: w / 2, cy: (yl + yr) / 2, width: w, height: rowH * 0.9, angle: Math.atan2(yr - yl, w) };
  });
  const flat = rectifyMrzBlock({ width: photo.width, height: photo.height, data: photo.data as Uint8Array }, rows);
  assert.ok(flat);
  const gaps = flat.rows.slice(1).map((r, i) => r.cy - flat.rows[i]!.cy);
  assert.ok(Math.abs(gaps[0]! - gaps[1]!) < 1e-6);
  assert.ok(flat.rows.every((r) => r.angle === 0 && r.height === flat.rows[0]!.height));
});
