/**
 * POST /verify, `details.document`: type, issuer, MRZ with per-field check digits, printed fields, the
 * MRZ/printed cross-check, expiry and the early stop, on the synthetic ID card of test/support/fixtures.ts and
 * on synthetic passport pages (test/support/synthetic-passport.ts) whose portrait is the same person.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { postVerify, startRealApp } from './support/app.js';
import { loadFixtures, type Fixtures } from './support/fixtures.js';
import { verifyForm, type MultipartPayload } from './support/multipart.js';
import { ocrBInstalled, syntheticPassportPhoto, type PassportHolder } from './support/synthetic-passport.js';

let app: FastifyInstance;
let fx: Fixtures;
let passport: Buffer;
let expiredPassport: Buffer;
let turnedPassport: Buffer;

const HOLDER: PassportHolder = {
  surname: 'Lindqvist',
  givenNames: 'Karin Sofia',
  documentNumber: 'X4R92T7Q1',
  birthDate: '810305',
  expiryDate: '340412',
  sex: 'F',
  nationality: 'UTO',
};

/** Person A's portrait (the face of the fixture ID card), from the photo the card uses. */
async function portraitA(): Promise<{ image: Buffer; crop: { left: number; top: number; width: number; height: number } }> {
  const require = createRequire(import.meta.url);
  const image = await readFile(join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo', 'sample3.jpg'));
  // Face box found by the detector in sample3.jpg (test/support/fixtures.ts), widened to a passport crop.
  const face = { x: 1073, y: 244, width: 230, height: 257 };
  const width = Math.round(face.width * 1.7);
  const height = Math.round((width * 385) / 300);
  return { image, crop: { left: Math.round(face.x + face.width / 2 - width / 2), top: Math.max(0, Math.round(face.y + face.height / 2 - height * 0.45)), width, height } };
}

before(async () => {
  fx = await loadFixtures();
  const portrait = await portraitA();
  [passport, expiredPassport, turnedPassport] = await Promise.all([
    syntheticPassportPhoto(HOLDER, { portrait }),
    syntheticPassportPhoto({ ...HOLDER, documentNumber: 'K7T51M2P8', expiryDate: '240112' }, { portrait, tiltDegrees: -2 }),
    syntheticPassportPhoto(HOLDER, { portrait, turn: 90 }),
  ]);
  app = await startRealApp();
});
after(async () => {
  await app?.close();
});

const post = (form: MultipartPayload) => postVerify(app, form);

const CROSS_FIELDS = ['surname', 'given_names', 'birth_date', 'expiry_date', 'document_number'];

describe('POST /verify details.document', { timeout: 300_000 }, () => {
  test('ID card, right name: type, issuer, TD1 MRZ with every check digit, expiry, early stop', async () => {
    const { status, body } = await post(verifyForm(fx.selfieA, fx.idA, fx.holderA.typed));
    assert.equal(status, 200, JSON.stringify(body.details));
    const doc = body.details.document;
    assert.equal(doc.type, 'id_card', JSON.stringify(doc));
    assert.equal(doc.issuing_country, 'UTO');
    assert.equal(doc.mrz.format, 'TD1');
    assert.equal(doc.mrz.valid, true);
    assert.deepEqual(doc.mrz.checks, [
      { field: 'documentNumber', valid: true },
      { field: 'birthDate', valid: true },
      { field: 'expirationDate', valid: true },
      { field: 'composite', valid: true },
    ]);
    assert.deepEqual([doc.mrz.surname, doc.mrz.given_names, doc.mrz.document_number], ['MUELLER', 'ANNA SOFIA', 'D23145890']);
    assert.equal(doc.mrz.name_legible, true);
    assert.deepEqual([doc.expiry_date, doc.expired], ['2034-12-31', false]);
    // The MRZ confirmed the typed name, so the printed zone was not read.
    assert.equal(doc.stopped_early, true);
    assert.deepEqual(Object.keys(doc.printed).sort(), ['birth_date', 'document_number', 'expiry_date', 'full_name', 'given_names', 'surname']);
    assert.deepEqual(doc.cross_check.map((c: { field: string }) => c.field), CROSS_FIELDS);
    assert.equal(body.details.name.rule, 'mrz_exact');
  });

  test('ID card, wrong name: every line is read; printed fields agree with the MRZ', async () => {
    const { status, body } = await post(verifyForm(fx.selfieA, fx.idA, 'Maria Kowalska'));
    assert.equal(status, 401);
    assert.equal(body.details.verdict, 'name_mismatch');
    const doc = body.details.document;
    assert.equal(doc.stopped_early, false);
    assert.ok(doc.lines_read > 3);
    // Printed MÜLLER; the recogniser may drop the dots, the cross-check accepts either.
    assert.match(doc.printed.surname, /^M[UÜ]LLER$/);
    assert.equal(doc.printed.birth_date, '1990-04-15');
    assert.equal(doc.printed.document_number, 'D23145890');
    const status_ = Object.fromEntries(doc.cross_check.map((c: { field: string; status: string }) => [c.field, c.status]));
    assert.deepEqual([status_.surname, status_.birth_date, status_.document_number], ['agree', 'agree', 'agree']);
  });

  test('passport page, right name: 200 with a TD3 passport', async () => {
    const { status, body } = await post(verifyForm(fx.selfieA, passport, 'Karin Lindqvist'));
    assert.equal(status, 200, JSON.stringify(body.details));
    const doc = body.details.document;
    assert.deepEqual([doc.type, doc.issuing_country, doc.mrz.format, doc.mrz.valid, doc.expired], ['passport', 'UTO', 'TD3', true, false]);
    assert.equal(doc.expiry_date, '2034-04-12');
  });

  const needsOcrB = ocrBInstalled() ? false : 'needs the OCR-B font (apt-get install fonts-ocr-b): with DejaVu Sans Mono this MRZ does not read check-valid';
  test('passport page photographed turned 90 degrees: still read', { skip: needsOcrB }, async () => {
    const { status, body } = await post(verifyForm(fx.selfieA, turnedPassport, 'LINDQVIST, Karin Sofia'));
    assert.equal(status, 200, JSON.stringify(body.details));
    assert.equal(body.details.document.mrz.valid, true);
  });

  test('expired passport: 401 document_expired, reported with its expiry date', async () => {
    const { status, body } = await post(verifyForm(fx.selfieA, expiredPassport, 'Karin Sofia Lindqvist'));
    assert.equal(status, 401, JSON.stringify(body.details));
    assert.deepEqual([body.status, body.message], ['Failure', 'Verification failed. The identity document has expired.']);
    assert.equal(body.details.verdict, 'document_expired');
    assert.deepEqual([body.details.face_match, body.details.name_match], [true, true]);
    assert.ok(body.details.reasons.includes('DOCUMENT_EXPIRED'));
    assert.deepEqual([body.details.document.expired, body.details.document.expiry_date], [true, '2024-01-12']);
  });
});
