/**
 * The passive screen and print replay check through POST /verify with the real models (issue 14): person A's
 * selfie shown on simulated screens, as a halftone print and as a grey printout, re-photographed
 * (src/testing/spoof-set.ts), is refused with verdict presentation_attack and its replay reasons; the genuine
 * selfie passes with its score reported; with REPLAY_ACTION=report the score is reported and does not block.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { FastifyInstance } from 'fastify';
import type { RgbImage } from '../src/adapters/image/rgb-image.js';
import { renderPresentation, type AttackType } from '../src/testing/spoof-set.js';
import { postVerify, startRealApp } from './support/app.js';
import { loadFixtures, type Fixtures } from './support/fixtures.js';
import { verifyForm } from './support/multipart.js';

/** Person A's face in the fixture selfie (the face engine's box), and a head-and-shoulders square around it. */
const BOX_A = { x: 236, y: 285, width: 243, height: 241 };

let app: FastifyInstance;
let reporting: FastifyInstance;
let fx: Fixtures;
let square: RgbImage;
let squareBox: { x: number; y: number; width: number; height: number };

before(async () => {
  fx = await loadFixtures();
  const side = Math.round(BOX_A.width * 2.3);
  const left = Math.round(BOX_A.x + BOX_A.width / 2 - side / 2);
  const top = Math.round(BOX_A.y + BOX_A.height * 0.55 - side / 2);
  const { data, info } = await sharp(fx.selfieA).extract({ left, top, width: side, height: side }).resize(250, 250).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  square = { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
  const s = 250 / side;
  squareBox = { x: (BOX_A.x - left) * s, y: (BOX_A.y - top) * s, width: BOX_A.width * s, height: BOX_A.height * s };
  [app, reporting] = await Promise.all([startRealApp(), startRealApp({ REPLAY_ACTION: 'report' })]);
});
after(async () => {
  await Promise.all([app?.close(), reporting?.close()]);
});

/** The selfie as `attack`, re-photographed by the simulated camera, as a JPEG upload. */
async function replayed(attack: AttackType): Promise<Buffer> {
  const shot = await renderPresentation(square, squareBox, attack, 'fixture-A');
  return sharp(Buffer.from(shot.image.data), { raw: { width: shot.image.width, height: shot.image.height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
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
