/**
 * The typed client (packages/client, as integrators and the capture page use it) against a listening app with
 * stand-in engines: a challenge, a two-image verification, an input error, and the API key header.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { createIdentityCheckClient } from '@identity-check/client';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { stubEngines, stubIdPhoto, stubPhoto } from './doubles/stub-engines.js';

const KEY = 'client-test-key-0123456789';
let app: FastifyInstance;
let baseUrl: string;
before(async () => {
  app = await buildApp({ config: loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '0', API_KEYS: KEY }), engines: stubEngines() });
  baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
});
after(async () => app?.close());

const jpeg = (bytes: Buffer): Blob => new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' });

test('challenge(): the id, 2-3 steps and the expiry', async () => {
  const challenge = await createIdentityCheckClient({ baseUrl, apiKey: KEY }).challenge();
  assert.match(challenge.challenge_id, /^[A-Za-z0-9_-]{22}$/);
  assert.ok(challenge.steps.length >= 2 && challenge.steps.length <= 3);
  assert.ok(Date.parse(challenge.expires_at) > Date.now());
});

test('verify(): 200 with the decision body', async () => {
  const client = createIdentityCheckClient({ baseUrl, apiKey: KEY });
  const answer = await client.verify({ image1: jpeg(await stubPhoto()), image2: jpeg(await stubIdPhoto()), name: 'Jane Doe' });
  assert.equal(answer.status, 200);
  const body = answer.body as { status: string; details: { face_match: boolean; name_match: boolean; liveness: unknown } };
  assert.equal(body.status, 'Success');
  assert.equal(body.details.face_match, true);
  assert.equal(body.details.liveness, null);
});

test('verify(): a missing name is the coded 400 body, not a throw', async () => {
  const client = createIdentityCheckClient({ baseUrl, apiKey: KEY });
  const answer = await client.verify({ image1: jpeg(await stubPhoto()), image2: jpeg(await stubIdPhoto()), name: '' });
  assert.equal(answer.status, 400);
  assert.equal((answer.body as { details: { code: string } }).details.code, 'ERR_MISSING_NAME');
});

test('without the API key the service answers 401 and challenge() throws saying so', async () => {
  await assert.rejects(createIdentityCheckClient({ baseUrl }).challenge(), /answered 401/);
});
