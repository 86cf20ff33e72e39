/**
 * The back of the card with the real models: person A's synthetic card printed as most European identity
 * cards are, the front without an MRZ and the TD1 MRZ on the back (src/testing/synthetic-id.ts), through
 * POST /verify (image3) and POST /documents/read.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { startRealApp } from './support/app.js';
import { idCardA, idCardBackA, loadFixtures, type Fixtures } from './support/fixtures.js';
import { multipart, type Part } from './support/multipart.js';

let app: FastifyInstance;
let fx: Fixtures;
let front: Buffer;
let back: Buffer;
let otherBack: Buffer;

const file = (name: string, data: Buffer): Part => ({ name, filename: `${name}.jpg`, contentType: 'image/jpeg', data });
type Body = { status: string; message: string; details: Record<string, any> };
async function post(url: string, parts: readonly Part[]): Promise<{ status: number; body: Body }> {
  const form = multipart(parts);
  const response = await app.inject({ method: 'POST', url, payload: form.payload, headers: form.headers });
  return { status: response.statusCode, body: response.json() as Body };
}

before(async () => {
  [fx, front, back, otherBack] = await Promise.all([
    loadFixtures(),
    idCardA({ withoutMrz: true }),
    idCardBackA(),
    idCardBackA({ holder: { surname: 'Lindgren', givenNames: 'Karin', documentNumber: 'K7T51M2P8', birthDate: '810305' } }),
  ]);
  app = await startRealApp();
});
after(() => app?.close());

describe('the back of the card, real models', { timeout: 300_000 }, () => {
  test('/verify: the back\'s MRZ verifies a front without one', async () => {
    const { status, body } = await post('/verify', [file('image1', fx.selfieA), file('image2', front), file('image3', back), { name: 'name', data: fx.holderA.typed }]);
    assert.equal(status, 200, JSON.stringify(body.details.reasons));
    assert.equal(body.details.verdict, 'verified');
    assert.equal(body.details.document.mrz.valid, true);
    assert.equal(body.details.document.sides.mrz_side, 'back');
    assert.deepEqual(body.details.document.sides.disagreeing_fields, []);
    assert.equal(body.details.name_match, true);
  });

  test('/documents/read: both sides, the typed name, the printed front against the MRZ back', async () => {
    const { status, body } = await post('/documents/read', [file('document', front), file('document_back', back), { name: 'name', data: fx.holderA.typedReordered }]);
    assert.equal(status, 200);
    assert.deepEqual([body.status, body.message], ['Success', 'Read']);
    assert.equal(body.details.document.mrz.surname, 'MUELLER');
    assert.equal(body.details.document.sides.mrz_side, 'back');
    const surname = body.details.document.sides.cross_check.find((r: { field: string }) => r.field === 'surname');
    assert.equal(surname.status, 'agree', JSON.stringify(body.details.document.sides));
    assert.equal(body.details.name_match, true);
  });

  test('the document worker returns the name decided, and no lattice crosses the thread', async () => {
    const sharp = (await import('sharp')).default;
    const { data, info } = await sharp(back).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const image = { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
    const reading = await app.engines.documents.read(image, { typedName: fx.holderA.typed });
    assert.equal('mrzEvidence' in reading, false);
    assert.deepEqual([reading.name?.match.match, reading.name?.match.rule], [true, 'mrz_exact']);
    assert.equal(reading.name?.names.mrz?.surname, 'MUELLER');
  });

  test('/documents/read: the back of another holder\'s card disagrees with the front', async () => {
    const { status, body } = await post('/documents/read', [file('document', front), file('document_back', otherBack)]);
    assert.equal(status, 200);
    assert.equal(body.details.document.mrz.surname, 'LINDGREN');
    assert.ok(body.details.document.sides.disagreeing_fields.includes('surname'), JSON.stringify(body.details.document.sides));
    assert.ok(body.details.document.inconsistent_fields.includes('surname'));
    assert.equal('name_match' in body.details, false);
  });
});
