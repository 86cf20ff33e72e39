/**
 * The replay check on real photos: the fixture selfies (face-api demo photos, see test/support/fixtures.ts) as
 * taken, and the same selfie shown on simulated screens and prints and re-photographed (src/testing/spoof-set.ts).
 * Face boxes were measured by HybridFaceEngine on these fixtures, so no model runs here.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { Box, RgbImage } from '../image/rgb-image.js';
import { assessPresentation } from './presentation.js';
import { headSquare, loadFixtures, SELFIE_A_FACE } from '../../../test/support/fixtures.js';
import { renderPresentation, type AttackType } from '../../testing/spoof-set.js';

const BOX_A: Box = SELFIE_A_FACE;
const BOX_B: Box = { x: 246, y: 278, width: 228, height: 249 };

async function decode(input: Buffer): Promise<RgbImage> {
  const { data, info } = await sharp(input).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

/** The image with every pixel set to its luma. */
function grey(image: RgbImage): RgbImage {
  const data = new Uint8Array(image.data.length);
  for (let i = 0; i < data.length; i += 3) {
    const y = Math.round(0.299 * image.data[i]! + 0.587 * image.data[i + 1]! + 0.114 * image.data[i + 2]!);
    data[i] = data[i + 1] = data[i + 2] = y;
  }
  return { ...image, data };
}

let selfieA: RgbImage, selfieB: RgbImage, greyA: RgbImage, squareA: RgbImage;
/** The face in squareA: a head-and-shoulders square like an LFW photo, 250 px. */
let squareBoxA: Box;

before(async () => {
  const fx = await loadFixtures();
  selfieA = await decode(fx.selfieA);
  selfieB = await decode(fx.selfieB);
  greyA = grey(selfieA);
  ({ image: squareA, box: squareBoxA } = await headSquare(fx.selfieA, BOX_A));
});

test('assessPresentation: the genuine fixture selfies are not attacks', () => {
  for (const [image, box] of [[selfieA, BOX_A], [selfieB, BOX_B]] as const) {
    const evidence = assessPresentation(image, { box });
    assert.equal(evidence.attack, false, `score ${evidence.score} >= ${evidence.threshold}`);
    assert.deepEqual(evidence.reasons, []);
    assert.ok(evidence.score < evidence.threshold);
  }
});

test('assessPresentation: the selfie through the simulated camera alone is not an attack', async () => {
  const shot = await renderPresentation(squareA, squareBoxA, 'genuine', 'fixture-A');
  const evidence = assessPresentation(shot.image, shot);
  assert.equal(evidence.attack, false, `score ${evidence.score} >= ${evidence.threshold}`);
});

const ATTACKS: readonly { attack: AttackType; reasons: readonly string[] }[] = [
  { attack: 'screen', reasons: ['PRESENTATION_SCREEN_MOIRE', 'PRESENTATION_PIXEL_GRID'] },
  { attack: 'screen-bezel', reasons: ['PRESENTATION_SCREEN_MOIRE', 'PRESENTATION_PIXEL_GRID', 'PRESENTATION_BEZEL', 'PRESENTATION_GLARE'] },
  { attack: 'print-halftone', reasons: ['PRESENTATION_HALFTONE'] },
  { attack: 'print-grey', reasons: ['PRESENTATION_GAMUT', 'PRESENTATION_HALFTONE'] },
];

for (const { attack, reasons } of ATTACKS) {
  test(`assessPresentation: the selfie replayed as ${attack} is an attack, for a replay reason`, async () => {
    const shot = await renderPresentation(squareA, squareBoxA, attack, 'fixture-A');
    const evidence = assessPresentation(shot.image, shot);
    assert.equal(evidence.attack, true, `score ${evidence.score} < ${evidence.threshold}; ${JSON.stringify(evidence.signals)}`);
    assert.ok(evidence.reasons.some((r) => reasons.includes(r)), `reasons ${evidence.reasons.join(', ')}`);
  });
}

test('assessPresentation: a grey copy of the selfie (a grey printout at its plainest) is an attack for its gamut', () => {
  const evidence = assessPresentation(greyA, { box: BOX_A });
  assert.equal(evidence.attack, true, `score ${evidence.score} < ${evidence.threshold}`);
  assert.ok(evidence.reasons.includes('PRESENTATION_GAMUT'), `reasons ${evidence.reasons.join(', ')}`);
});

test('assessPresentation: signals are finite numbers for a face at the image border', () => {
  const evidence = assessPresentation(selfieA, { box: { x: -40, y: 900, width: 120, height: 120 } });
  for (const [name, value] of Object.entries(evidence.signals)) assert.ok(Number.isFinite(value), `${name} = ${value}`);
});
