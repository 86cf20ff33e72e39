import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { convexHull, minAreaRect, rectBounds, rectCorners, unclipRect } from './geometry.js';

describe('geometry', () => {
  it('finds the minimum-area rectangle of a rotated rectangle', () => {
    const rect = { cx: 50, cy: 40, width: 60, height: 10, angle: Math.PI / 6 };
    const found = minAreaRect(convexHull(rectCorners(rect)));
    assert.ok(Math.abs(found.width - 60) < 1e-6 && Math.abs(found.height - 10) < 1e-6);
    assert.ok(Math.abs(found.angle - Math.PI / 6) < 1e-6);
    assert.ok(Math.abs(found.cx - 50) < 1e-6 && Math.abs(found.cy - 40) < 1e-6);
  });

  it('describes a tall box with width along its long side', () => {
    const found = minAreaRect(convexHull(rectCorners({ cx: 0, cy: 0, width: 8, height: 40, angle: 0 })));
    assert.ok(Math.abs(found.width - 40) < 1e-6);
    assert.ok(Math.abs(Math.abs(found.angle) - Math.PI / 2) < 1e-6);
  });

  it('hull drops interior points', () => {
    const hull = convexHull([{ x: 0, y: 0 }, { x: 4, y: 0 }, { x: 4, y: 4 }, { x: 0, y: 4 }, { x: 2, y: 2 }]);
    assert.equal(hull.length, 4);
  });

  it('unclips by area * ratio / perimeter on every side', () => {
    const grown = unclipRect({ cx: 0, cy: 0, width: 30, height: 10, angle: 0 }, 2);
    assert.equal(grown.width, 30 + 15);
    assert.equal(grown.height, 10 + 15);
  });

  it('clips bounds to the image', () => {
    assert.deepEqual(rectBounds({ cx: 5, cy: 5, width: 20, height: 4, angle: 0 }, 12, 12), { x: 0, y: 3, width: 12, height: 4 });
  });
});
