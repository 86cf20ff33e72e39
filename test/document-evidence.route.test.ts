/**
 * POST /verify under the default document policy, with the real models: Verified needs a check-valid MRZ in
 * OCR-B on a document that is not a specimen (src/domain/document-checks.ts). The attacks are person A's
 * selfie with the right name against a card that carries no MRZ, an MRZ typed in another font, or the ICAO
 * specimen state; the genuine case is the same card issued by a real state.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { postVerify, startRealApp } from './support/app.js';
import { idCardA, loadFixtures, type Fixtures } from './support/fixtures.js';
import { verifyForm } from './support/multipart.js';
import { fontInstalledSync } from '../src/testing/mrz-font.js';

let app: FastifyInstance;
let fx: Fixtures;

before(async () => {
  [app, fx] = await Promise.all([startRealApp({ ALLOW_SPECIMEN_DOCUMENTS: 'false' }), loadFixtures()]);
});

after(async () => {
  await app?.close();
});

describe('POST /verify: document evidence required for Verified', () => {
  test('the card issued by a real state (NLD), MRZ in OCR-B: 200 Verified', async () => {
    const res = await postVerify(app, verifyForm(fx.selfieA, await idCardA({ nationality: 'NLD' }), fx.holderA.typed));
    assert.equal(res.status, 200, JSON.stringify(res.body.details.reasons));
    assert.ok(res.body.details.reasons.includes('DOCUMENT_MRZ_VALID'));
    assert.deepEqual(res.body.details.document.specimen_marks, []);
  });

  test('the demo card (Utopia, ICAO specimen state): 401 document_specimen', async () => {
    const res = await postVerify(app, verifyForm(fx.selfieA, fx.idA, fx.holderA.typed));
    assert.equal(res.status, 401);
    assert.equal(res.body.status, 'Failure');
    assert.equal(res.body.details.verdict, 'document_specimen');
    assert.ok(res.body.details.reasons.includes('DOCUMENT_SPECIMEN'));
    assert.ok(res.body.details.document.specimen_marks.includes('issuing_state UTO'));
    assert.equal(res.body.details.face_match, true);
    assert.equal(res.body.details.name_match, true);
  });

  test('a card with a face and a printed name but no MRZ: 401 document_not_machine_readable, asking for the side with the MRZ', async () => {
    const res = await postVerify(app, verifyForm(fx.selfieA, await idCardA({ nationality: 'NLD', withoutMrz: true }), fx.holderA.typed));
    assert.equal(res.status, 401);
    assert.equal(res.body.details.verdict, 'document_not_machine_readable');
    assert.ok(res.body.details.reasons.includes('DOCUMENT_NOT_MACHINE_READABLE'));
    assert.match(res.body.message, /machine-readable zone/);
    assert.match(res.body.message, /back/);
    assert.equal(res.body.details.name_match, true, 'the printed name still matched; the document is what fails');
  });

  test('a check-valid MRZ typed in Courier (Liberation Mono) at its own pitch: 401 document_mrz_font', async (t) => {
    if (!fontInstalledSync('Liberation Mono')) return t.skip('needs Liberation Mono to type the MRZ (apt-get install fonts-liberation2)');
    const res = await postVerify(app, verifyForm(fx.selfieA, await idCardA({ nationality: 'NLD', mrzFont: 'courier' }), fx.holderA.typed));
    const font = res.body.details.document.mrz_font;
    assert.equal(res.body.details.document.mrz?.valid, true, 'the typed zone reads check-valid: only its font gives it away');
    assert.equal(res.status, 401, JSON.stringify(font));
    assert.equal(res.body.details.verdict, 'document_mrz_font');
    assert.equal(font.judgement, 'not_ocr_b');
    assert.equal(font.closest_other_font, 'Liberation Mono');
    assert.ok(res.body.details.reasons.includes('DOCUMENT_MRZ_FONT'));
  });
});
