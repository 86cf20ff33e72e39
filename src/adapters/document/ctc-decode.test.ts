import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CtcCharset, greedyDecode } from './ctc-decode.js';

describe('CTC greedy decoding', () => {
  const charset = CtcCharset.fromDictionary('A\nB\n<\n');

  it('puts the blank first and a space last', () => {
    assert.equal(charset.classCount, 5);
    assert.equal(charset.charAt(0), '');
    assert.equal(charset.charAt(1), 'A');
    assert.equal(charset.charAt(4), ' ');
  });

  it('merges repeats, keeps letters separated by a blank, drops blanks', () => {
    const steps = [1, 1, 0, 1, 2, 4, 3, 3];
    const probs = new Float32Array(steps.length * 5);
    steps.forEach((c, t) => {
      probs.fill(0.05, t * 5, t * 5 + 5);
      probs[t * 5 + c] = 0.8;
    });
    const decoded = greedyDecode(probs, 0, steps.length, 5, charset);
    assert.equal(decoded.text, 'AAB <');
    assert.ok(Math.abs(decoded.confidence - 0.8) < 1e-6);
  });

  it('reports zero confidence for an all-blank sequence', () => {
    const probs = new Float32Array(3 * 5);
    for (let t = 0; t < 3; t++) probs[t * 5] = 1;
    assert.deepEqual(greedyDecode(probs, 0, 3, 5, charset), { text: '', confidence: 0 });
  });
});
