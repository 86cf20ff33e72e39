/** The bench's fitting helpers for the replay model (bench/lib/logistic-fit.ts): the committed threshold comes from them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitLogistic, thresholdAtBpcer } from '../bench/lib/logistic-fit.js';
import { headScore, type PresentationSignals } from '../src/domain/presentation-attack.js';

const hundred = Array.from({ length: 100 }, (_, i) => i / 100);

const cases: readonly { name: string; scores: readonly number[]; bpcer: number; rejected: number }[] = [
  { name: '1% of 100 rejects the single highest', scores: hundred, bpcer: 0.01, rejected: 1 },
  { name: '5% of 100 rejects five', scores: hundred, bpcer: 0.05, rejected: 5 },
  { name: 'fewer than 100 at 1% rejects none', scores: hundred.slice(0, 99), bpcer: 0.01, rejected: 0 },
  { name: 'ties at the boundary are all kept', scores: [0.1, 0.2, 0.9, 0.9], bpcer: 0.25, rejected: 0 },
];

for (const c of cases) {
  test(`thresholdAtBpcer: ${c.name}`, () => {
    const t = thresholdAtBpcer(c.scores, c.bpcer);
    assert.equal(c.scores.filter((s) => s >= t).length, c.rejected);
  });
}

test('fitLogistic: learns which signal separates attacks and scores them higher', () => {
  const base: PresentationSignals = { moire: 0, pixel_grid: 0, halftone: 0, glare: 0, gamut: 0, black_level: 0, bezel: 0 };
  const rows = Array.from({ length: 200 }, (_, i) => {
    const attack = i % 2 === 0;
    const noise = ((i * 37) % 11) / 11;
    return { attack, signals: { ...base, halftone: (attack ? 3 : 1) + noise, glare: noise } };
  });
  const head = fitLogistic('print', rows);
  assert.equal(head.family, 'print');
  assert.ok(head.weight.halftone > 1, `halftone weight ${head.weight.halftone}`);
  assert.ok(Math.abs(head.weight.glare) < head.weight.halftone / 4);
  assert.ok(headScore({ ...base, halftone: 3.5 }, head) > 0.9);
  assert.ok(headScore({ ...base, halftone: 0.5 }, head) < 0.1);
});
