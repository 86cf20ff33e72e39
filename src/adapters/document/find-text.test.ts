import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FIND_TEXT_FIRST_SIDE, FIND_TEXT_RECHECK, FIND_TEXT_SIDE, findTextInTwoPasses } from './find-text.js';
import { DEFAULT_DOCUMENT_IN_SELFIE } from '../../config/policy.js';

const cases: [string, number, number[]][] = [
  ['no text: the first pass is the answer', 0, [FIND_TEXT_FIRST_SIDE]],
  ['one box: the first pass is the answer', 1, [FIND_TEXT_FIRST_SIDE]],
  ['two boxes: detected again at full size', 2, [FIND_TEXT_FIRST_SIDE, FIND_TEXT_SIDE]],
  ['a page of text: detected again at full size', 30, [FIND_TEXT_FIRST_SIDE, FIND_TEXT_SIDE]],
];

for (const [name, firstBoxes, sides] of cases) {
  test(`findTextInTwoPasses: ${name}`, async () => {
    const seen: number[] = [];
    const boxes = await findTextInTwoPasses(async (side) => {
      seen.push(side);
      return Array.from({ length: side === FIND_TEXT_FIRST_SIDE ? firstBoxes : 40 }, () => side);
    });
    assert.deepEqual(seen, sides);
    assert.ok(boxes.every((b) => b === sides.at(-1)), 'the boxes of the last pass are returned');
  });
}

test('a first pass below the recheck bar can never show a document under the default policy', () => {
  assert.ok(FIND_TEXT_RECHECK <= DEFAULT_DOCUMENT_IN_SELFIE.minLinesNearFace);
  assert.ok(FIND_TEXT_RECHECK <= DEFAULT_DOCUMENT_IN_SELFIE.minMrzRows);
});
