import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectPrimaryFace } from './select-face.js';

const face = (id: string, x: number, y: number, size: number, score: number) =>
  ({ id, box: { x, y, width: size, height: size }, score });

test('selectPrimaryFace', async (t) => {
  const cases: [string, ReturnType<typeof face>[], string | undefined][] = [
    ['no face', [], undefined],
    ['single face', [face('a', 10, 10, 50, 0.6)], 'a'],
    ['central face beats a larger face in the corner', [face('corner', 0, 0, 120, 0.9), face('centre', 70, 70, 100, 0.9)], 'centre'],
    ['weak large false box loses to a confident face', [face('false', 20, 20, 200, 0.5), face('real', 90, 90, 60, 0.95)], 'real'],
    ['small sharp background face loses to the central subject', [face('bg', 10, 10, 20, 0.99), face('subject', 60, 60, 120, 0.9)], 'subject'],
  ];
  for (const [name, faces, want] of cases) {
    await t.test(name, () => assert.equal(selectPrimaryFace(faces, 240, 240)?.id, want));
  }
});
