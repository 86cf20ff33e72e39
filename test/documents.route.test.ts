/**
 * POST /documents/read and the back of the card on POST /verify (image3), through app.inject() with stand-in
 * engines: the answer's shape, every 400, the API keys and the OpenAPI document. The real models read real
 * card sides in card-back.route.test.ts.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import type { DocumentReading } from '../src/adapters/document/document.types.js';
import type { RgbImage } from '../src/adapters/image/rgb-image.js';
import { JANE_DOE_MRZ, stubEngines, stubIdPhoto, stubPhoto } from './doubles/stub-engines.js';
import { multipart, type Part } from './support/multipart.js';
import { loadFixtures } from './support/fixtures.js';

const KEY = 'test-key-documents-3b9f0c2a';
const selfie = await stubPhoto();
const idFront = await stubIdPhoto();
// The back is another size, so the stand-in reader can tell the sides apart.
const idBack = await stubPhoto(128, 3.7);
const file = (name: string, data: Buffer | string): Part => ({ name, filename: `${name}.jpg`, contentType: 'image/jpeg', data });
const text = (name: string, data: string): Part => ({ name, data });

type Body = { status: string; message: string; details: Record<string, any> };
async function post(app: FastifyInstance, url: string, parts: readonly Part[], headers: Record<string, string> = {}): Promise<{ status: number; body: Body }> {
  const form = multipart(parts);
  const response = await app.inject({ method: 'POST', url, payload: form.payload, headers: { ...form.headers, ...headers } });
  return { status: response.statusCode, body: response.json() as Body };
}

const page = (lines: readonly string[], mrz: DocumentReading['mrz']): DocumentReading => ({
  lines: lines.map((t, i) => ({ text: t, confidence: 0.99, box: { x: 0, y: 12 * i, width: 10, height: 10 } })),
  mrz,
});
/** Front: printed name only; back (128 px): the MRZ. */
const sides = (frontLines: readonly string[]) => (image: RgbImage): DocumentReading =>
  image.width === 128 ? page(['Address', 'HARBOUR STREET', ...JANE_DOE_MRZ.lines], JANE_DOE_MRZ) : page(frontLines, null);

describe('POST /documents/read (stand-in engines)', () => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildApp({ config: loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '0' }), engines: stubEngines() });
  });
  after(() => app.close());

  test('reads the document: 200 Read, details.document, no name keys without a name', async () => {
    const { status, body } = await post(app, '/documents/read', [file('document', idFront)]);
    assert.equal(status, 200);
    assert.deepEqual([body.status, body.message], ['Success', 'Read']);
    assert.equal(body.details.document.mrz.valid, true);
    assert.equal(body.details.document.mrz.surname, 'DOE');
    assert.equal(body.details.document.sides, null);
    assert.equal('name' in body.details, false);
    assert.equal('name_match' in body.details, false);
  });

  test('details.document is exactly what /verify reports for the same document', async () => {
    const read = await post(app, '/documents/read', [file('document', idFront), text('name', 'Jane Doe')]);
    const verified = await post(app, '/verify', [file('image1', selfie), file('image2', idFront), text('name', 'Jane Doe')]);
    assert.equal(verified.status, 200);
    assert.deepEqual(read.body.details.document, verified.body.details.document);
    assert.deepEqual(read.body.details.name, verified.body.details.name);
  });

  test('matches a sent name: name and name_match, 200 whether or not it matches', async () => {
    const good = await post(app, '/documents/read', [file('document', idFront), text('name', 'Jane Doe')]);
    assert.deepEqual([good.status, good.body.details.name_match, good.body.details.name.rule], [200, true, 'mrz_exact']);
    const bad = await post(app, '/documents/read', [file('document', idFront), text('name', 'John Smith')]);
    assert.deepEqual([bad.status, bad.body.details.name_match], [200, false]);
  });

  const refusals: readonly (readonly [string, readonly Part[], number, string, string])[] = [
    ['no document', [text('name', 'Jane Doe')], 400, 'ERR_MISSING_FILE', 'document'],
    ['an empty document part', [{ name: 'document', filename: '', data: '' }], 400, 'ERR_EMPTY_FILE', 'document'],
    ['a document that is no image', [file('document', 'GIF89a not really')], 400, 'ERR_UNSUPPORTED_IMAGE', 'document'],
    ['a back that is no image', [file('document', idFront), file('document_back', '%PDF-1.4')], 400, 'ERR_UNSUPPORTED_IMAGE', 'document_back'],
    ['the document as a text field', [text('document', 'hello')], 400, 'ERR_MISSING_FILE', 'document'],
    ['a blank name', [file('document', idFront), text('name', '   ')], 400, 'ERR_MISSING_NAME', 'name'],
    ['a name with control characters', [file('document', idFront), text('name', 'Jane\u0007Doe')], 400, 'ERR_INVALID_NAME', 'name'],
    ['the document twice', [file('document', idFront), file('document', idFront)], 400, 'ERR_BAD_REQUEST', 'document'],
  ];
  for (const [why, parts, status, code, field] of refusals) {
    test(`${why} -> ${status} ${code} naming ${field}`, async () => {
      const response = await post(app, '/documents/read', parts);
      assert.equal(response.status, status, JSON.stringify(response.body));
      assert.deepEqual([response.body.status, response.body.details.code, response.body.details.field], ['Error', code, field]);
    });
  }

  test('a decompression bomb as the back -> 400 ERR_IMAGE_TOO_LARGE naming document_back, no reading', async () => {
    const { bomb } = await loadFixtures();
    const response = await post(app, '/documents/read', [file('document', idFront), file('document_back', bomb)]);
    assert.deepEqual([response.status, response.body.details.code, response.body.details.field], [400, 'ERR_IMAGE_TOO_LARGE', 'document_back']);
    const verified = await post(app, '/verify', [file('image1', selfie), file('image2', idFront), file('image3', bomb), text('name', 'Jane Doe')]);
    assert.deepEqual([verified.status, verified.body.details.code, verified.body.details.field], [400, 'ERR_IMAGE_TOO_LARGE', 'image3']);
  });

  test('a body that is not multipart -> 400 naming the form', async () => {
    const response = await app.inject({ method: 'POST', url: '/documents/read', payload: { document: 'x' } });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().details.field, 'form');
  });

  test('a document larger than MAX_FILE_BYTES -> 413 naming document_back', async () => {
    const small = await buildApp({ config: loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '0', MAX_FILE_BYTES: '20000' }), engines: stubEngines() });
    try {
      const response = await post(small, '/documents/read', [file('document', idFront), file('document_back', Buffer.alloc(30_000, 1))]);
      assert.deepEqual([response.status, response.body.details.code, response.body.details.field], [413, 'ERR_FILE_TOO_LARGE', 'document_back']);
    } finally {
      await small.close();
    }
  });

  test('reads both sides: the MRZ from the back, the sides cross-checked', async () => {
    const twoSided = await buildApp({ config: loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '0' }), engines: stubEngines({ readDocument: sides(['Surname', 'DOE', 'Given names', 'JANE']) }) });
    try {
      const { status, body } = await post(twoSided, '/documents/read', [file('document', idFront), file('document_back', idBack), text('name', 'Jane Doe')]);
      assert.equal(status, 200);
      assert.equal(body.details.document.mrz.valid, true);
      assert.equal(body.details.document.sides.mrz_side, 'back');
      assert.deepEqual(body.details.document.sides.disagreeing_fields, []);
      assert.equal(body.details.document.printed.surname, 'DOE');
      assert.equal(body.details.name_match, true);
    } finally {
      await twoSided.close();
    }
  });
});

describe('POST /verify with the back of the card (image3, stand-in engines)', () => {
  test('without image3 the answer is as before: one side, sides null', async () => {
    const app = await buildApp({ config: loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '0' }), engines: stubEngines() });
    try {
      const { status, body } = await post(app, '/verify', [file('image1', selfie), file('image2', idFront), text('name', 'Jane Doe')]);
      assert.deepEqual([status, body.message, body.details.document.sides], [200, 'Verified', null]);
    } finally {
      await app.close();
    }
  });

  test('the MRZ on the back verifies a front that carries none', async () => {
    const app = await buildApp({ config: loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '0' }), engines: stubEngines({ readDocument: sides(['Surname', 'DOE', 'Given names', 'JANE']) }) });
    try {
      const front = await post(app, '/verify', [file('image1', selfie), file('image2', idFront), text('name', 'Jane Doe')]);
      assert.deepEqual([front.status, front.body.details.verdict], [401, 'document_not_machine_readable']);
      const both = await post(app, '/verify', [file('image1', selfie), file('image2', idFront), file('image3', idBack), text('name', 'Jane Doe')]);
      assert.deepEqual([both.status, both.body.details.verdict, both.body.details.document.sides.mrz_side], [200, 'verified', 'back']);
    } finally {
      await app.close();
    }
  });

  test('a front of another holder than the back: document_inconsistent, DOCUMENT_SIDES_DISAGREE', async () => {
    const app = await buildApp({ config: loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '0' }), engines: stubEngines({ readDocument: sides(['Surname', 'LINDGREN', 'Given names', 'KARIN']) }) });
    try {
      const { status, body } = await post(app, '/verify', [file('image1', selfie), file('image2', idFront), file('image3', idBack), text('name', 'Jane Doe')]);
      assert.equal(status, 401);
      assert.equal(body.details.verdict, 'document_inconsistent');
      assert.ok(body.details.reasons.includes('DOCUMENT_SIDES_DISAGREE'));
      assert.deepEqual(body.details.document.sides.disagreeing_fields, ['surname', 'given_names']);
      assert.match(body.message, /front and the back/);
    } finally {
      await app.close();
    }
  });

  test('a broken image3 is a coded 400 naming image3, reported with the other fields at fault', async () => {
    const app = await buildApp({ config: loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '0' }), engines: stubEngines() });
    try {
      const bad = await post(app, '/verify', [file('image1', selfie), file('image2', idFront), file('image3', 'not an image'), text('name', 'Jane Doe')]);
      assert.deepEqual([bad.status, bad.body.details.code, bad.body.details.field], [400, 'ERR_UNSUPPORTED_IMAGE', 'image3']);
      const both = await post(app, '/verify', [file('image1', selfie), file('image2', 'nope'), file('image3', 'not an image'), text('name', 'Jane Doe')]);
      assert.deepEqual(both.body.details.problems.map((p: { field: string }) => p.field), ['image2', 'image3']);
      const empty = await post(app, '/verify', [file('image1', selfie), file('image2', idFront), { name: 'image3', filename: '', data: '' }, text('name', 'Jane Doe')]);
      assert.deepEqual([empty.status, empty.body.details.code, empty.body.details.field], [400, 'ERR_EMPTY_FILE', 'image3']);
      const twice = await post(app, '/verify', [file('image1', selfie), file('image2', idFront), file('image3', idBack), file('image3', idBack), text('name', 'Jane Doe')]);
      assert.deepEqual([twice.status, twice.body.details.code, twice.body.details.field], [400, 'ERR_BAD_REQUEST', 'image3']);
    } finally {
      await app.close();
    }
  });
});

describe('/documents/read behind the API keys and in the OpenAPI document', () => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildApp({ config: loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '0', API_KEYS: KEY }), engines: stubEngines() });
  });
  after(() => app.close());

  test('without a key 401, with one 200', async () => {
    const refused = await post(app, '/documents/read', [file('document', idFront)]);
    assert.deepEqual([refused.status, refused.body.details.code], [401, 'ERR_UNAUTHORIZED']);
    const served = await post(app, '/documents/read', [file('document', idFront)], { 'x-api-key': KEY });
    assert.equal(served.status, 200);
  });

  test('the OpenAPI document describes the multipart body, the answers and the key', async () => {
    const spec = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const post = spec.paths['/documents/read'].post;
    const form = post.requestBody.content['multipart/form-data'].schema;
    assert.deepEqual(form.required, ['document']);
    assert.deepEqual(Object.keys(form.properties).sort(), ['document', 'document_back', 'name']);
    assert.ok(post.responses['200'] && post.responses['400']);
    assert.deepEqual(post.security, [{ apiKey: [] }, { bearer: [] }]);
    const verifyForm = spec.paths['/verify'].post.requestBody.content['multipart/form-data'].schema;
    assert.ok('image3' in verifyForm.properties);
    assert.deepEqual(verifyForm.required, ['image1', 'image2', 'name']);
  });
});
