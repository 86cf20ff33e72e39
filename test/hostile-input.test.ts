/**
 * The hostile-upload corpus (test/doubles/hostile-corpus.ts, >= 40 cases generated in code) against the
 * real HTTP layer, multipart reader, limits and decoder, with stand-in engines. Every case must get its
 * documented answer (a coded 4xx, or a decision where the noise is harmless), never a 5xx, and the app
 * must serve a good request right after each one.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { stubEngines, stubIdPhoto, stubPhoto } from './doubles/stub-engines.js';
import { hostileCorpus, type HostileCase } from './doubles/hostile-corpus.js';
import { verifyForm, type MultipartPayload } from './support/multipart.js';

// Small limits keep the over-limit cases cheap; the checks are the same at any size.
const config = loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'silent', MAX_FILE_BYTES: '262144', MAX_REQUEST_BYTES: '786432', RATE_LIMIT_MAX: '0' });
const corpus = await hostileCorpus(config.limits);
const good = await stubPhoto();
const goodId = await stubIdPhoto();

let app: FastifyInstance;
before(async () => {
  app = await buildApp({ config, engines: stubEngines() });
});
after(async () => {
  await app?.close();
});

async function post(request: MultipartPayload) {
  const response = await app.inject({ method: 'POST', url: '/verify', payload: request.payload, headers: request.headers });
  const body = response.json() as { status: string; details: { code?: string; request_id?: string } };
  return { status: response.statusCode, body };
}

test('the corpus holds at least 40 hostile uploads', () => {
  assert.ok(corpus.filter((c: HostileCase) => c.status >= 400).length >= 40, `only ${corpus.length} cases`);
});

describe('hostile uploads get their documented answer and the app keeps serving', () => {
  for (const hostile of corpus) {
    test(hostile.label, { timeout: 20_000 }, async () => {
      const { status, body } = await post(hostile.request);
      assert.ok(status < 500, `5xx for ${hostile.label}: ${JSON.stringify(body)}`);
      assert.equal(status, hostile.status, JSON.stringify(body));
      assert.equal(body.details.code, hostile.code);
      if (status >= 400) {
        assert.equal(body.status, 'Error');
        assert.equal(typeof body.details.request_id, 'string');
      }
      const next = await post(verifyForm(good, goodId, 'Jane Doe'));
      assert.equal(next.status, 200, `the request after "${hostile.label}" failed: ${JSON.stringify(next.body)}`);
    });
  }
});
