/**
 * Face quality gates through POST /verify with the real models: degraded versions of the fixture selfie get
 * the exact coded 400, genuine images report their quality measures, and on an ID card whose ghost portrait
 * is detectable the main portrait is still the face compared.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { FastifyInstance } from 'fastify';
import { postVerify, startRealApp } from './support/app.js';
import { loadFixtures, portraitOfA, type Fixtures } from './support/fixtures.js';
import { verifyForm } from './support/multipart.js';
import { renderCard, photographCard } from './support/synthetic-id.js';

let app: FastifyInstance;
let fx: Fixtures;

before(async () => {
  fx = await loadFixtures();
  app = await startRealApp();
});
after(async () => {
  await app?.close();
});

async function post(live: Buffer, id: Buffer, name: string) {
  return postVerify(app, verifyForm(live, id, name));
}

async function expect400(live: Buffer, code: string, error: string): Promise<void> {
  const { status, body } = await post(live, fx.idA, fx.holderA.typed);
  assert.equal(status, 400, JSON.stringify(body.details));
  assert.deepEqual([body.status, body.message], ['Error', 'Invalid Request']);
  assert.equal(body.details.code, code);
  assert.equal(body.details.error, error);
  assert.equal(body.details.field, 'image1');
  assert.match(body.details.reason, /^live image: /);
  assert.ok(body.details.problems.every((p: { field: string }) => p.field === 'image1'), 'the ID image is fine');
}

describe('quality gates: unusable selfies are a coded 400 naming image1', () => {
  test('heavy blur: ERR_FACE_BLURRED', async () => {
    await expect400(await sharp(fx.selfieA).blur(9).jpeg().toBuffer(), 'ERR_FACE_BLURRED',
      'The face is too blurred in at least one of the images.');
  });

  test('very dark: ERR_FACE_EXPOSURE', async () => {
    await expect400(await sharp(fx.selfieA).linear(0.12, 0).jpeg().toBuffer(), 'ERR_FACE_EXPOSURE',
      'The face is too dark or too bright in at least one of the images.');
  });

  test('tiny face (a thumbnail-sized selfie): ERR_FACE_TOO_SMALL', async () => {
    await expect400(await sharp(fx.selfieA).resize({ width: 90 }).jpeg({ quality: 90 }).toBuffer(), 'ERR_FACE_TOO_SMALL',
      'The face is too small in at least one of the images.');
  });

  test('two people side by side: ERR_MULTIPLE_FACES', async () => {
    const a = await sharp(fx.selfieA).resize({ width: 480, height: 640, fit: 'cover' }).toBuffer();
    const b = await sharp(fx.selfieB).resize({ width: 480, height: 640, fit: 'cover' }).toBuffer();
    const both = await sharp({ create: { width: 960, height: 640, channels: 3, background: '#888' } })
      .composite([{ input: a, left: 0, top: 0 }, { input: b, left: 480, top: 0 }]).jpeg({ quality: 88 }).toBuffer();
    await expect400(both, 'ERR_MULTIPLE_FACES', 'More than one person in the live image.');
  });
});

describe('quality in details', () => {
  test('a genuine pair reports measures for both faces and no blocking issue', async () => {
    const { status, body } = await post(fx.selfieA, fx.idA, fx.holderA.typed);
    assert.equal(status, 200, JSON.stringify(body.details));
    for (const side of ['live', 'id'] as const) {
      const q = body.details.face[side].quality;
      assert.deepEqual(Object.keys(q.measures).sort(), [
        'brightness', 'clipped_fraction', 'comparable_faces', 'inter_ocular_px', 'other_faces', 'pitch', 'second_face_ratio', 'sharpness', 'yaw',
      ]);
      assert.ok(q.measures.inter_ocular_px > 18, `${side} ${JSON.stringify(q.measures)}`);
      assert.ok(Array.isArray(q.issues));
      assert.ok(q.issues.every((code: string) => !/TOO_|POSE|MULTIPLE/.test(code)), `${side}: ${q.issues}`);
    }
    assert.equal(body.details.face.target_far, 0.001);
    assert.equal(body.details.face.far_at_threshold, 0.001);
  });
});

describe('ID card with a detectable ghost portrait', () => {
  test('the main portrait is compared, the ghost is counted but does not block', async () => {
    // Person A's ID portrait (not the selfie: that would be the same photo twice) printed on a card whose ghost
    // portrait is dark enough for the detector to find.
    const card = await renderCard(fx.holderA, { portrait: await portraitOfA(), ghost: 'visible' });
    const photo = await photographCard(card, { tiltDegrees: 2, jpegQuality: 85 });
    const { status, body } = await post(fx.selfieA, photo, fx.holderA.typed);
    assert.equal(status, 200, JSON.stringify(body.details));
    const id = body.details.face.id;
    assert.ok(id.faces_found >= 2, `ghost not detected: ${JSON.stringify(id)}`);
    // Main portrait: left third of the card (printed at x 40-300 of 1012, photographed with a 90 px margin).
    assert.ok(id.box.x + id.box.width / 2 < 0.45 * id.image_size.width, `chose ${JSON.stringify(id.box)}`);
    assert.ok(id.quality.measures.other_faces >= 1);
  });
});
