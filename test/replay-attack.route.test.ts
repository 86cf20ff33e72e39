/**
 * The passive screen and print replay check through POST /verify with the real models (issue 14): person A's
 * selfie shown on simulated screens, as a halftone print and as a grey printout, re-photographed
 * (src/testing/spoof-set.ts), is refused with verdict presentation_attack and its replay reasons; the genuine
 * selfie passes with its score reported; with REPLAY_ACTION=report the score is reported and does not block.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { Box, RgbImage } from '../src/adapters/image/rgb-image.js';
import { renderPresentation, type AttackType } from '../src/testing/spoof-set.js';
import { postVerify, startRealApp } from './support/app.js';
import { headSquare, loadFixtures, SELFIE_A_FACE, type Fixtures } from './support/fixtures.js';
import { verifyForm } from './support/multipart.js';

let app: FastifyInstance;
let reporting: FastifyInstance;
let fx: Fixtures;
/** A head-and-shoulders square around person A's face in the selfie, as the spoof set replays it. */
let square: { image: RgbImage; box: Box };

before(async () => {
  fx = await loadFixtures();
  square = await headSquare(fx.selfieA, SELFIE_A_FACE);
  [app, reporting] = await Promise.all([startRealApp(), startRealApp({ REPLAY_ACTION: 'report' })]);
});
after(async () => {
  await Promise.all([app?.close(), reporting?.close()]);
});

/** The selfie as `attack`, re-photographed by the simulated camera: the camera's JPEG. */
async function replayed(attack: AttackType): Promise<Buffer> {
  return (await renderPresentation(square.image, square.box, attack, 'fixture-A')).jpeg;
}

describe('POST /verify: passive screen and print replay check', () => {
  test('the genuine selfie: 200, replay score below its threshold', async () => {
    const { status, body } = await postVerify(app, verifyForm(fx.selfieA, fx.idA, fx.holderA.typed));
    assert.equal(status, 200, JSON.stringify(body.details.reasons));
    const replay = body.details.face.live.presentation;
    assert.equal(replay.attack, false);
    assert.ok(replay.score < replay.threshold, JSON.stringify(replay));
    assert.deepEqual(replay.reasons, []);
  });

  for (const attack of ['screen', 'screen-bezel'] as const) {
    test(`the selfie replayed as ${attack}: never Verified (this render's face is not even found)`, async () => {
      const { status, body } = await postVerify(app, verifyForm(await replayed(attack), fx.idA, fx.holderA.typed));
      assert.notEqual(status, 200, JSON.stringify(body.details));
      assert.ok(status === 400 ? body.details.code === 'ERR_NO_FACE' : body.details.verdict === 'presentation_attack', JSON.stringify(body.details));
    });
  }

  for (const attack of ['print-halftone', 'print-grey'] as const) {
    test(`the selfie replayed as ${attack}: 401 presentation_attack with its replay reasons`, async () => {
      const { status, body } = await postVerify(app, verifyForm(await replayed(attack), fx.idA, fx.holderA.typed));
      assert.equal(status, 401, JSON.stringify(body.details.face?.live?.presentation ?? body.details));
      assert.equal(body.details.verdict, 'presentation_attack');
      assert.match(body.message, /screen or printed/);
      assert.ok(body.details.reasons.includes('PRESENTATION_REPLAY'), `reasons ${body.details.reasons}`);
      const replay = body.details.face.live.presentation;
      assert.equal(replay.attack, true);
      assert.equal(replay.blocks, true);
      assert.ok(replay.reasons.length > 0 && replay.reasons.every((r: string) => body.details.reasons.includes(r)));
    });
  }

  test('REPLAY_ACTION=report: the replay is reported and does not block', async () => {
    const { body } = await postVerify(reporting, verifyForm(await replayed('print-halftone'), fx.idA, fx.holderA.typed));
    assert.notEqual(body.details.verdict, 'presentation_attack');
    assert.ok(body.details.reasons.includes('PRESENTATION_REPLAY'));
    assert.deepEqual([body.details.face.live.presentation.attack, body.details.face.live.presentation.blocks], [true, false]);
  });
});
