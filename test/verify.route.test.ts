/**
 * POST /verify through app.inject() with the real models: every response of the contract, on images the
 * project generates from npm-shipped photos (test/support/fixtures.ts).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { FastifyInstance } from 'fastify';
import { postVerify, startRealApp } from './support/app.js';
import { loadFixtures, type Fixtures } from './support/fixtures.js';
import { multipart, verifyForm, type MultipartPayload } from './support/multipart.js';

let app: FastifyInstance;
let fx: Fixtures;

before(async () => {
  fx = await loadFixtures();
  app = await startRealApp();
});
after(async () => {
  await app?.close();
});

const post = (form: MultipartPayload) => postVerify(app, form);

describe('POST /verify decisions', () => {
  test('same person, right name: 200 Verified with evidence', async () => {
    const { status, body, headers } = await post(verifyForm(fx.selfieA, fx.idA, fx.holderA.typed));
    assert.equal(status, 200, JSON.stringify(body.details));
    assert.equal(body.status, 'Success');
    assert.equal(body.message, 'Verified');
    assert.equal(body.details.face_match, true);
    assert.equal(body.details.name_match, true);
    assert.equal(body.details.verdict, 'verified');
    assert.ok(body.details.face.similarity >= body.details.face.threshold);
    assert.equal(typeof body.details.face.far_at_threshold, 'number');
    assert.equal(body.details.face.id.faces_found >= 1, true);
    assert.ok(body.details.name.matched_text.length > 0);
    assert.equal(body.details.request_id, headers['x-request-id']);
    assert.ok(body.details.models.length >= 3);
    assert.equal(body.details.document.mrz.valid, true);
    assert.equal(body.details.document.expired, false);
  });

  test('name typed surname-first without accents still matches', async () => {
    const { status, body } = await post(verifyForm(fx.selfieA, fx.idA, fx.holderA.typedReordered));
    assert.equal(status, 200, JSON.stringify(body.details));
  });

  test('different person: 401 face mismatch, name still checked and reported true', async () => {
    const { status, body } = await post(verifyForm(fx.selfieB, fx.idA, fx.holderA.typed));
    assert.equal(status, 401);
    assert.deepEqual([body.status, body.message], ['Failure', 'Verification failed. Live image does not match ID image.']);
    assert.equal(body.details.face_match, false);
    assert.equal(body.details.name_match, true);
    assert.ok(body.details.face.similarity < body.details.face.threshold);
  });

  test('right face, wrong name: 401 name mismatch', async () => {
    const { status, body } = await post(verifyForm(fx.selfieA, fx.idA, 'Maria Kowalska'));
    assert.equal(status, 401);
    assert.deepEqual([body.status, body.message], ['Failure', "Verification failed. Provided name doesn't match that on ID."]);
    assert.deepEqual([body.details.face_match, body.details.name_match], [true, false]);
  });

  test('a name one letter off the demo card (MRZ MUELLER): 401 name mismatch, the MRZ overrules the printed text', async () => {
    for (const typed of ['Anna Sofia Möller', 'Anna Sofia Nüller']) {
      const { status, body } = await post(verifyForm(fx.selfieA, fx.idA, typed));
      assert.equal(status, 401, `${typed}: ${JSON.stringify(body.details.name)}`);
      assert.equal(body.details.name_match, false);
    }
  });

  test('a Cyrillic letter inside the demo name: 400 ERR_INVALID_NAME', async () => {
    const { status, body } = await post(verifyForm(fx.selfieA, fx.idA, 'Anna Sofia Müllеr'));
    assert.equal(status, 400);
    assert.deepEqual([body.details.code, body.details.field], ['ERR_INVALID_NAME', 'name']);
  });

  test('a name sharing only one token with the document does not match', async () => {
    const { status, body } = await post(verifyForm(fx.selfieA, fx.idA, fx.holderA.oneSharedToken));
    assert.equal(status, 401);
    assert.equal(body.details.name_match, false);
  });

  test('both wrong: 401 face mismatch, name_match false', async () => {
    const { status, body } = await post(verifyForm(fx.selfieB, fx.idA, 'Maria Kowalska'));
    assert.equal(status, 401);
    assert.equal(body.message, 'Verification failed. Live image does not match ID image.');
    assert.deepEqual([body.details.face_match, body.details.name_match], [false, false]);
  });

  test('EXIF-rotated phone photo is turned upright before detection', async () => {
    const sideways = await sharp(fx.selfieA).rotate(-90).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    const { status, body } = await post(verifyForm(sideways, fx.idA, fx.holderA.typed));
    assert.equal(status, 200, JSON.stringify(body.details));
  });
});

describe('POST /verify bad input', () => {
  const noFaceBody = { error: 'There was no face in at least one of the images.' };

  test('no face in the live image: 400 and says which image', async () => {
    const { status, body } = await post(verifyForm(fx.noFace, fx.idA, fx.holderA.typed));
    assert.equal(status, 400);
    assert.deepEqual([body.status, body.message, body.details.error], ['Error', 'An error occured', noFaceBody.error]);
    assert.equal(body.details.code, 'ERR_NO_FACE');
    assert.equal(body.details.field, 'image1');
  });

  test('no face in either image: both reported', async () => {
    const { status, body } = await post(verifyForm(fx.noFace, fx.noFace, fx.holderA.typed));
    assert.equal(status, 400);
    assert.deepEqual(body.details.problems.map((p: { field: string }) => p.field), ['image1', 'image2']);
  });

  const invalidFormat = (label: string, make: () => Buffer, field: 'image1' | 'image2', code: string): void => {
    test(`${label}: 400 Invalid file format(s) on ${field}`, async () => {
      const bad = make();
      const form = field === 'image1' ? verifyForm(bad, fx.idA, fx.holderA.typed) : verifyForm(fx.selfieA, bad, fx.holderA.typed);
      const { status, body } = await post(form);
      assert.equal(status, 400);
      assert.deepEqual(body, {
        status: 'Error',
        message: 'Invalid Request',
        details: { error: 'Invalid file format(s)', code, field, reason: body.details.reason, problems: body.details.problems, request_id: body.details.request_id },
      });
    });
  };
  invalidFormat('corrupt jpeg', () => Buffer.concat([fx.selfieA.subarray(0, 400), Buffer.alloc(3000, 0x5a)]), 'image1', 'ERR_CORRUPT_IMAGE');
  invalidFormat('truncated jpeg', () => fx.selfieA.subarray(0, Math.floor(fx.selfieA.length / 2)), 'image2', 'ERR_CORRUPT_IMAGE');
  invalidFormat('text file renamed .jpg', () => Buffer.from('this is not an image, just text renamed to selfie.jpg\n'), 'image1', 'ERR_UNSUPPORTED_IMAGE');
  invalidFormat('gif', () => fx.gif, 'image2', 'ERR_UNSUPPORTED_IMAGE');

  test('decompression bomb: header over the pixel limit is refused before decoding', async () => {
    const { status, body } = await post(verifyForm(fx.bomb, fx.idA, fx.holderA.typed));
    assert.equal(status, 400);
    assert.equal(body.details.code, 'ERR_IMAGE_TOO_LARGE');
    assert.equal(body.details.error, 'Invalid file format(s)');
  });

  test('empty file part (no file selected): 400 No selected file(s)', async () => {
    const form = multipart([
      { name: 'image1', filename: '', data: '' },
      { name: 'image2', filename: 'id.jpg', data: fx.idA },
      { name: 'name', data: fx.holderA.typed },
    ]);
    const { status, body } = await post(form);
    assert.equal(status, 400);
    assert.deepEqual([body.message, body.details.error, body.details.field], ['Invalid Request', 'No selected file(s)', 'image1']);
  });

  test('zero-byte file with a filename: 400 No selected file(s)', async () => {
    const form = multipart([
      { name: 'image1', filename: 'selfie.jpg', data: fx.selfieA },
      { name: 'image2', filename: 'id.jpg', data: Buffer.alloc(0) },
      { name: 'name', data: fx.holderA.typed },
    ]);
    const { status, body } = await post(form);
    assert.equal(status, 400);
    assert.deepEqual([body.details.error, body.details.field], ['No selected file(s)', 'image2']);
  });

  for (const missing of ['image1', 'image2'] as const) {
    test(`missing ${missing}: 400 Missing image file(s)!`, async () => {
      const parts = [
        { name: 'image1', filename: 'selfie.jpg', data: fx.selfieA },
        { name: 'image2', filename: 'id.jpg', data: fx.idA },
        { name: 'name', data: fx.holderA.typed },
      ].filter((p) => p.name !== missing);
      const { status, body } = await post(multipart(parts));
      assert.equal(status, 400);
      assert.deepEqual([body.status, body.message, body.details.error, body.details.field], ['Error', 'Invalid Request', 'Missing image file(s)!', missing]);
    });
  }

  test('no fields at all: both images reported missing', async () => {
    const { status, body } = await post(multipart([]));
    assert.equal(status, 400);
    assert.equal(body.details.error, 'Missing image file(s)!');
    assert.deepEqual(body.details.problems.map((p: { field: string }) => p.field).sort(), ['image1', 'image2', 'name']);
  });

  test('not multipart at all: 400 Missing image file(s)!', async () => {
    const response = await app.inject({ method: 'POST', url: '/verify', payload: { name: 'x' } });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().details.error, 'Missing image file(s)!');
  });

  for (const [label, name] of [['missing', undefined], ['empty', ''], ['blank', '   ']] as const) {
    test(`${label} name: 400 Invalid Request saying so`, async () => {
      const parts = [
        { name: 'image1', filename: 'selfie.jpg', data: fx.selfieA },
        { name: 'image2', filename: 'id.jpg', data: fx.idA },
        ...(name === undefined ? [] : [{ name: 'name', data: name }]),
      ];
      const { status, body } = await post(multipart(parts));
      assert.equal(status, 400);
      assert.deepEqual([body.message, body.details.code, body.details.field], ['Invalid Request', 'ERR_MISSING_NAME', 'name']);
    });
  }

  test('10 kB name: 400 Name too long', async () => {
    const { status, body } = await post(verifyForm(fx.selfieA, fx.idA, 'A'.repeat(10_000)));
    assert.equal(status, 400);
    assert.equal(body.details.code, 'ERR_NAME_TOO_LONG');
  });

  test('name that is not valid UTF-8: 400 Invalid name', async () => {
    const form = multipart([
      { name: 'image1', filename: 'selfie.jpg', data: fx.selfieA },
      { name: 'image2', filename: 'id.jpg', data: fx.idA },
      { name: 'name', data: Buffer.from([0x4a, 0xff, 0xfe, 0x41]) },
    ]);
    const { status, body } = await post(form);
    assert.equal(status, 400);
    assert.equal(body.details.code, 'ERR_INVALID_NAME');
  });

  test('image1 sent twice: 400, not a silent pick', async () => {
    const form = multipart([
      { name: 'image1', filename: 'a.jpg', data: fx.selfieA },
      { name: 'image1', filename: 'b.jpg', data: fx.selfieB },
      { name: 'image2', filename: 'id.jpg', data: fx.idA },
      { name: 'name', data: fx.holderA.typed },
    ]);
    const { status, body } = await post(form);
    assert.equal(status, 400);
    assert.equal(body.details.field, 'image1');
  });

  test('a caller request id is echoed when plain, replaced when hostile', async () => {
    const plain = await app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'abc-123' } });
    assert.equal(plain.headers['x-request-id'], 'abc-123');
    const hostile = await app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'a\nb{}"' } });
    assert.notEqual(hostile.headers['x-request-id'], 'a\nb{}"');
    assert.match(String(hostile.headers['x-request-id']), /^[0-9a-f-]{36}$/);
  });
});

describe('health and readiness', () => {
  test('GET /health is 200', async () => {
    const response = await app.inject({ method: 'GET', url: '/health' });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { status: 'ok' });
  });

  test('GET /ready lists the loaded models with hashes', async () => {
    const response = await app.inject({ method: 'GET', url: '/ready' });
    assert.equal(response.statusCode, 200);
    const body = response.json() as { ready: boolean; models: { id: string; sha256: string }[] };
    assert.equal(body.ready, true);
    assert.ok(body.models.length >= 3);
    for (const model of body.models) assert.match(model.sha256, /^[0-9a-f]{64}$/);
  });
});
