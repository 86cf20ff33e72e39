/**
 * Presentation attacks with the ID itself, through POST /verify with the real models (issue 14): the ID
 * image as the selfie, the same file twice, the ID portrait cut out and enlarged, a photo of another ID card
 * held up as the selfie. Each must be refused (401, verdict presentation_attack, the reason named), and the
 * genuine selfie with the same card must still pass.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { FastifyInstance } from 'fastify';
import { postVerify, startRealApp, type VerifyResponse } from './support/app.js';
import { loadFixtures, type Fixtures } from './support/fixtures.js';
import { verifyForm } from './support/multipart.js';
import { syntheticIdPhoto } from './support/synthetic-id.js';
import { DEFAULT_DOCUMENT_IN_SELFIE as LIMITS } from '../src/config/policy.js';

let app: FastifyInstance;
let fx: Fixtures;

before(async () => {
  fx = await loadFixtures();
  app = await startRealApp();
});
after(async () => {
  await app?.close();
});

const MESSAGE = 'Verification failed. The live image is a photo of the ID document, not a live selfie.';

function assertRefused({ status, body }: VerifyResponse, reason: 'SELFIE_IS_DOCUMENT_PHOTO' | 'SELFIE_SHOWS_DOCUMENT'): void {
  assert.equal(status, 401, JSON.stringify(body.details));
  assert.deepEqual([body.status, body.message], ['Failure', MESSAGE]);
  assert.equal(body.details.verdict, 'presentation_attack');
  assert.ok(body.details.reasons.includes(reason), `reasons ${body.details.reasons}`);
}

/** The demo card's portrait cut out of the ID photo and enlarged to selfie size, as an attacker would. */
async function enlargedPortrait(): Promise<Buffer> {
  const { body } = await postVerify(app, verifyForm(fx.selfieA, fx.idA, fx.holderA.typed));
  const box = body.details.face.id.box as { x: number; y: number; width: number; height: number };
  const side = Math.round(box.width * 1.9);
  const meta = await sharp(fx.idA).metadata();
  const left = Math.max(0, Math.round(box.x + box.width / 2 - side / 2));
  const top = Math.max(0, Math.round(box.y + box.height / 2 - side * 0.55));
  const crop = { left, top, width: Math.min(side, (meta.width ?? 0) - left), height: Math.min(Math.round(side * 1.25), (meta.height ?? 0) - top) };
  return sharp(fx.idA).extract(crop).resize({ width: 720 }).blur(0.8).jpeg({ quality: 70 }).toBuffer();
}

describe('POST /verify refuses the document as the selfie', () => {
  test('genuine selfie with the card: still 200 Verified, no presentation sign', async () => {
    const { status, body } = await postVerify(app, verifyForm(fx.selfieA, fx.idA, fx.holderA.typed));
    assert.equal(status, 200, JSON.stringify(body.details));
    assert.equal(body.details.verdict, 'verified');
    const same = body.details.face.same_source;
    assert.deepEqual([same.same_source, same.signs, same.identical_bytes, same.pixel_difference], [false, [], false, null]);
    assert.ok(same.similarity < same.similarity_bound && same.chip_correlation < same.chip_correlation_bound, JSON.stringify(same));
    assert.equal(body.details.face.live.document_in_selfie.shows_document, false);
  });

  test('the same file twice: 401 SELFIE_IS_DOCUMENT_PHOTO, identical bytes reported', async () => {
    const response = await postVerify(app, verifyForm(fx.idA, fx.idA, fx.holderA.typed));
    assertRefused(response, 'SELFIE_IS_DOCUMENT_PHOTO');
    const same = response.body.details.face.same_source;
    assert.equal(same.identical_bytes, true);
    assert.equal(same.pixel_difference, 0);
    assert.ok(same.signs.includes('identical_bytes'));
  });

  test('the ID image re-encoded as the selfie: 401 SELFIE_IS_DOCUMENT_PHOTO from the pixels', async () => {
    const reencoded = await sharp(fx.idA).jpeg({ quality: 60 }).toBuffer();
    const response = await postVerify(app, verifyForm(reencoded, fx.idA, fx.holderA.typed));
    assertRefused(response, 'SELFIE_IS_DOCUMENT_PHOTO');
    assert.equal(response.body.details.face.same_source.identical_bytes, false);
    assert.ok(response.body.details.face.same_source.signs.includes('identical_pixels'));
  });

  test('the ID portrait cropped, enlarged and blurred as the selfie: 401 SELFIE_IS_DOCUMENT_PHOTO', async () => {
    const response = await postVerify(app, verifyForm(await enlargedPortrait(), fx.idA, fx.holderA.typed));
    assertRefused(response, 'SELFIE_IS_DOCUMENT_PHOTO');
    const same = response.body.details.face.same_source;
    assert.equal(same.pixel_difference, null, 'the sizes differ: only the face evidence can tell');
    assert.ok(same.signs.includes('face_chip_correlation') || same.signs.includes('descriptor_similarity'), JSON.stringify(same));
  });

  test('a photo of another ID card of the same person as the selfie: 401 SELFIE_SHOWS_DOCUMENT', async () => {
    // The holder's selfie printed on a second card: a different photo from the ID's portrait, so only the
    // document around the face gives it away.
    const meta = await sharp(fx.selfieA).metadata();
    const width = Math.round((meta.width ?? 720) * 0.53);
    const height = Math.round((width * 330) / 260);
    const crop = { left: Math.round(((meta.width ?? 720) - width) / 2), top: Math.round((meta.height ?? 960) * 0.42 - height * 0.42), width, height };
    const card = await syntheticIdPhoto({ ...fx.holderA, documentNumber: 'X11223344' }, { portrait: { image: fx.selfieA, crop }, tiltDegrees: -2 });
    const response = await postVerify(app, verifyForm(card, fx.idA, fx.holderA.typed));
    assertRefused(response, 'SELFIE_SHOWS_DOCUMENT');
    const seen = response.body.details.face.live.document_in_selfie;
    assert.equal(seen.shows_document, true);
    assert.ok(seen.lines_near_face >= LIMITS.minLinesNearFace || seen.mrz_like_rows >= LIMITS.minMrzRows, JSON.stringify(seen));
  });
});
