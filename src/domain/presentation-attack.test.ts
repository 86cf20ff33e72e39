import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  contributions, scorePresentation, type PresentationHead, type PresentationModel, type PresentationSignals,
} from './presentation-attack.js';

const zero: PresentationSignals = { moire: 0, pixel_grid: 0, halftone: 0, glare: 0, gamut: 0, black_level: 0, bezel: 0 };
const one = { moire: 1, pixel_grid: 1, halftone: 1, glare: 1, gamut: 1, black_level: 1, bezel: 1 };

/** Every signal weighs 1 on a unit scale except gamut (weight 2, sd 0.5) and black_level (weight -1). */
const head: PresentationHead = {
  family: 'any',
  mean: zero,
  sd: { ...one, gamut: 0.5 },
  weight: { ...one, gamut: 2, black_level: -1 },
  bias: -3,
};
const model: PresentationModel = { heads: [head], threshold: 0.5 };

const cases: readonly { name: string; signals: Partial<PresentationSignals>; attack: boolean; reasons: string[] }[] = [
  { name: 'nothing measured', signals: {}, attack: false, reasons: [] },
  { name: 'one strong moire peak', signals: { moire: 4 }, attack: true, reasons: ['PRESENTATION_SCREEN_MOIRE'] },
  { name: 'just below the threshold', signals: { halftone: 2.9 }, attack: false, reasons: [] },
  { name: 'exactly at the threshold is an attack', signals: { halftone: 3 }, attack: true, reasons: ['PRESENTATION_HALFTONE'] },
  { name: 'grey: gamut counts 2 / 0.5 per unit', signals: { gamut: 1 }, attack: true, reasons: ['PRESENTATION_GAMUT'] },
  {
    name: 'reasons strongest first, weak pushes left out',
    signals: { pixel_grid: 2, bezel: 3, glare: 0.5 }, attack: true, reasons: ['PRESENTATION_BEZEL', 'PRESENTATION_PIXEL_GRID'],
  },
  {
    name: 'many small pushes still name the largest',
    signals: { moire: 0.9, pixel_grid: 0.8, halftone: 0.7, glare: 0.95 }, attack: true, reasons: ['PRESENTATION_GLARE'],
  },
  { name: 'a negative weight pulls the score down', signals: { moire: 4, black_level: 2 }, attack: false, reasons: [] },
  {
    name: 'two signals of one reason give it once',
    signals: { gamut: 1, black_level: -2 }, attack: true, reasons: ['PRESENTATION_GAMUT'],
  },
];

for (const c of cases) {
  test(`scorePresentation: ${c.name}`, () => {
    const evidence = scorePresentation({ ...zero, ...c.signals }, model);
    assert.equal(evidence.attack, c.attack, `score ${evidence.score}`);
    assert.deepEqual(evidence.reasons, c.reasons);
    assert.equal(evidence.threshold, 0.5);
  });
}

test('scorePresentation: the score is the logistic of bias plus contributions', () => {
  const signals = { ...zero, moire: 1, gamut: 0.25 };
  const parts = contributions(signals, head);
  assert.equal(parts.moire, 1);
  assert.equal(parts.gamut, 1);
  assert.ok(Math.abs(scorePresentation(signals, model).score - 1 / (1 + Math.exp(1))) < 1e-12);
});

test('scorePresentation: returns the signals it was given', () => {
  const signals = { ...zero, bezel: 0.3 };
  assert.deepEqual(scorePresentation(signals, model).signals, signals);
});

/** Two families that each see only their own cues. */
const screenHead: PresentationHead = { ...head, family: 'screen', weight: { ...zero, moire: 2, glare: 1 } };
const printHead: PresentationHead = { ...head, family: 'print', weight: { ...zero, halftone: 2, glare: 1 } };
const twoHeads: PresentationModel = { heads: [screenHead, printHead], threshold: 0.5 };

const familyCases: readonly { name: string; signals: Partial<PresentationSignals>; family: string; attack: boolean; reasons: string[] }[] = [
  { name: 'moire goes to the screen head', signals: { moire: 2 }, family: 'screen', attack: true, reasons: ['PRESENTATION_SCREEN_MOIRE'] },
  { name: 'halftone goes to the print head', signals: { halftone: 2 }, family: 'print', attack: true, reasons: ['PRESENTATION_HALFTONE'] },
  { name: 'cues of both families are not summed', signals: { moire: 1, halftone: 1 }, family: 'screen', attack: false, reasons: [] },
  {
    name: 'reasons come from the winning head only',
    signals: { moire: 1, halftone: 2.5, glare: 0.5 }, family: 'print', attack: true, reasons: ['PRESENTATION_HALFTONE'],
  },
];

for (const c of familyCases) {
  test(`scorePresentation, two heads: ${c.name}`, () => {
    const evidence = scorePresentation({ ...zero, ...c.signals }, twoHeads);
    assert.equal(evidence.family, c.family);
    assert.equal(evidence.attack, c.attack, `score ${evidence.score}`);
    assert.deepEqual(evidence.reasons, c.reasons);
  });
}

test('scorePresentation: a model without heads is a programming error', () => {
  assert.throws(() => scorePresentation(zero, { heads: [], threshold: 0.5 }), /no heads/);
});
