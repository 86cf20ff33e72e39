import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { joinMrzFragments, type RowPiece } from './mrz-fragments.js';

const piece = (text: string, start: number, end: number): RowPiece => ({
  text,
  confidence: 0.9,
  box: { x: start, y: 100, width: end - start, height: 20 },
  start,
  end,
  height: 20,
});

describe('joinMrzFragments', () => {
  it('joins an MRZ line the detector split at its filler run', () => {
    const joined = joinMrzFragments([piece('ZE000509<9CAN8501019F2301147<<<<<<', 30, 340), piece('<<<<<<<08', 345, 440)]);
    assert.equal(joined.length, 1);
    assert.equal(joined[0]!.text, 'ZE000509<9CAN8501019F2301147<<<<<<<<<<<<<08');
    assert.deepEqual(joined[0]!.box, { x: 30, y: 100, width: 410, height: 20 });
  });

  it('keeps ordinary words and far-apart pieces separate', () => {
    const out = joinMrzFragments([piece('Surname', 0, 80), piece('SMITH', 90, 150), piece('AB<', 160, 200), piece('<<12', 400, 450)]);
    assert.deepEqual(
      out.map((p) => p.text),
      ['Surname', 'SMITH', 'AB<', '<<12'],
    );
  });
});
