import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Point } from '../image/rgb-image.js';
import { affineScale, applyAffine, invertAffine, similarityTransform, type AffineMatrix } from './similarity-transform.js';

const square: Point[] = [{ x: 0, y: 0 }, { x: 1, y: 0 }, { x: 1, y: 1 }, { x: 0, y: 1 }, { x: 0.5, y: 0.3 }];
const make = (scale: number, deg: number, tx: number, ty: number): AffineMatrix => {
  const c = scale * Math.cos((deg * Math.PI) / 180), s = scale * Math.sin((deg * Math.PI) / 180);
  return [c, -s, tx, s, c, ty];
};
const close = (a: number, b: number, eps = 1e-9): void => assert.ok(Math.abs(a - b) < eps, `${a} != ${b}`);

test('similarityTransform recovers exact similarities', async (t) => {
  const cases: [string, AffineMatrix][] = [
    ['identity', make(1, 0, 0, 0)],
    ['translation', make(1, 0, 12.5, -3)],
    ['scale', make(2.5, 0, 0, 0)],
    ['rotation 30', make(1, 30, 0, 0)],
    ['rotation -170 + scale + shift', make(0.3, -170, 100, 40)],
  ];
  for (const [name, m] of cases) {
    await t.test(name, () => {
      const got = similarityTransform(square, square.map((p) => applyAffine(m, p)));
      got.forEach((v, i) => close(v, m[i] as number));
    });
  }
});

test('similarityTransform is the least-squares fit for noisy points', () => {
  const m = make(1.7, 12, 5, -2);
  const noise = [0.02, -0.01, 0.015, -0.02, 0.005];
  const dst = square.map((p, i) => {
    const q = applyAffine(m, p);
    return { x: q.x + (noise[i] as number), y: q.y - (noise[i] as number) };
  });
  const fit = similarityTransform(square, dst);
  const err = (mm: AffineMatrix): number => square.reduce((s, p, i) => {
    const q = applyAffine(mm, p);
    return s + (q.x - (dst[i] as Point).x) ** 2 + (q.y - (dst[i] as Point).y) ** 2;
  }, 0);
  assert.ok(err(fit) <= err(m) + 1e-12, 'fit must not be worse than the generating transform');
  for (const d of [[1e-3, 0], [0, 1e-3]] as const) {
    const nudged: AffineMatrix = [fit[0] + d[0], fit[1] - d[1], fit[2], fit[3] + d[1], fit[4] + d[0], fit[5]];
    assert.ok(err(nudged) > err(fit), 'a nudged similarity must fit worse');
  }
});

test('similarityTransform never reflects: a mirrored target gives a rotation, not a flip', () => {
  const fit = similarityTransform(square, square.map((p) => ({ x: -p.x, y: p.y })));
  assert.ok(fit[0] * fit[4] - fit[1] * fit[3] >= 0);
});

test('similarityTransform rejects degenerate input', () => {
  assert.throws(() => similarityTransform([{ x: 1, y: 1 }], [{ x: 0, y: 0 }]), RangeError);
  assert.throws(() => similarityTransform([{ x: 1, y: 1 }, { x: 1, y: 1 }], [{ x: 0, y: 0 }, { x: 1, y: 0 }]), RangeError);
  assert.throws(() => similarityTransform(square, square.slice(1)), RangeError);
});

test('invertAffine undoes the transform and affineScale reads the scale', () => {
  const m = make(3, 47, -8, 20);
  const inv = invertAffine(m);
  for (const p of square) {
    const back = applyAffine(inv, applyAffine(m, p));
    close(back.x, p.x);
    close(back.y, p.y);
  }
  close(affineScale(m), 3);
  close(affineScale(inv), 1 / 3);
});
