import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Decision } from './decide.js';
import { applySelfieReuse } from './selfie-reuse.js';

const verified: Decision = { verdict: 'verified', faceMatch: true, nameMatch: true, reasons: ['FACE_MATCH', 'NAME_MATCH'] };
const mismatch: Decision = { verdict: 'face_mismatch', faceMatch: false, nameMatch: true, reasons: ['FACE_MISMATCH', 'NAME_MATCH'] };

test('SELFIE_REUSED is reported when seen and refuses a verified decision only under block', () => {
  const cases: [Decision, boolean, 'block' | 'report', string, boolean][] = [
    [verified, false, 'block', 'verified', false],
    [verified, true, 'report', 'verified', true],
    [verified, true, 'block', 'presentation_attack', true],
    [mismatch, true, 'block', 'face_mismatch', true],
    [mismatch, true, 'report', 'face_mismatch', true],
  ];
  for (const [decision, reused, action, verdict, reported] of cases) {
    const out = applySelfieReuse(decision, reused, action);
    assert.equal(out.verdict, verdict, `${decision.verdict} ${reused} ${action}`);
    assert.equal(out.reasons.includes('SELFIE_REUSED'), reported);
    assert.equal(out.faceMatch, decision.faceMatch);
  }
});
