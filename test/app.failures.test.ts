/**
 * Failure paths that real models can't be made to take on demand: engines still loading, an engine
 * crashing mid-request, a saturated queue. The engines are stand-ins; the HTTP layer and service are real.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { QueueFullError } from '../src/adapters/workers/engine-pool.js';
import { stubEngines } from './doubles/stub-engines.js';
import { verifyForm } from './support/multipart.js';

const config = loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'silent' });

const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#808080' } }).png().toBuffer();
const form = verifyForm(png, png, 'Jane Doe');

test('while models load: /ready 503, /verify 503 with Retry-After, /health 200', async () => {
  const app = await buildApp({ config, engines: stubEngines({ loading: true }) });
  assert.equal((await app.inject({ url: '/ready' })).statusCode, 503);
  assert.equal((await app.inject({ url: '/health' })).statusCode, 200);
  const response = await app.inject({ method: 'POST', url: '/verify', payload: form.payload, headers: form.headers });
  assert.equal(response.statusCode, 503);
  assert.equal(response.headers['retry-after'], '5');
  await app.close();
});

test('an engine crash is a 500 that leaks nothing and carries the request id', async () => {
  const secret = new Error('ENOENT: /opt/secret/path/model.bin at Object.<anonymous> (engine.ts:42:7)');
  const app = await buildApp({ config, engines: stubEngines({ analyze: async () => Promise.reject(secret) }) });
  const response = await app.inject({ method: 'POST', url: '/verify', payload: form.payload, headers: { ...form.headers, 'x-request-id': 'req-500' } });
  assert.equal(response.statusCode, 500);
  const body = response.json() as { status: string; message: string; details: { error: string; request_id: string } };
  assert.deepEqual([body.status, body.message], ['Error', 'An error occurred.']);
  assert.equal(body.details.request_id, 'req-500');
  assert.doesNotMatch(response.body, /secret|ENOENT|engine\.ts|\/opt/);
  await app.close();
});

test('a saturated queue is a 503 with Retry-After, not a 500', async () => {
  const app = await buildApp({ config, engines: stubEngines({ analyze: async () => Promise.reject(new QueueFullError('face queue is full')) }) });
  const response = await app.inject({ method: 'POST', url: '/verify', payload: form.payload, headers: form.headers });
  assert.equal(response.statusCode, 503);
  assert.equal(response.headers['retry-after'], '2');
  await app.close();
});

test('unknown route: 404 in the same envelope', async () => {
  const app = await buildApp({ config, engines: stubEngines({}) });
  const response = await app.inject({ url: '/nope' });
  assert.equal(response.statusCode, 404);
  assert.equal(response.json().status, 'Error');
  await app.close();
});
