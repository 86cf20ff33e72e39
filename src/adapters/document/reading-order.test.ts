import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RotatedRect } from './geometry.js';
import { inPage, readingOrder } from './reading-order.js';

const box = (cx: number, cy: number): RotatedRect => ({ cx, cy, width: 40, height: 20, angle: 0 });

describe('reading order', () => {
  it('reads rows top to bottom and left to right, tolerating small vertical offsets', () => {
    const rects = [box(200, 103), box(50, 100), box(50, 160), box(120, 98)];
    assert.deepEqual(readingOrder(rects, 0), [1, 3, 0, 2]);
  });

  it('reads a page turned 90° clockwise from its own top-left', () => {
    // Turned clockwise, the page's first row is at the right edge and reads top to bottom.
    const rects = [box(100, 200), box(300, 50), box(100, 50), box(300, 200)];
    assert.deepEqual(readingOrder(rects, 90), [1, 3, 2, 0]);
  });
});

describe('inPage', () => {
  // A point right of and below the image centre, in the page's frame for each page rotation.
  for (const [rotation, along, down] of [
    [0, 30, 10],
    [90, 10, -30],
    [180, -30, -10],
    [270, -10, 30],
  ] as const) {
    it(`rotation ${rotation}: along ${along}, down ${down}`, () => {
      const p = inPage(30, 10, rotation);
      assert.deepEqual([Math.round(p.along), Math.round(p.down)], [along, down]);
    });
  }
});
