/**
 * Admission control: beyond MAX_IN_FLIGHT verifications, the next is refused at once with 503 and
 * Retry-After, without reaching the engines, while the admitted one finishes; the slot frees afterwards.
 * Stand-in engines held at a gate decide when the admitted request may finish.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { stubEngines, stubIdPhoto, stubPhoto } from './doubles/stub-engines.js';
import { verifyForm } from './support/multipart.js';

test('one verification over MAX_IN_FLIGHT is refused at once; the admitted one finishes; the slot frees', async () => {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const engines = stubEngines({ gate });
  const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent', MAX_IN_FLIGHT: '1', RATE_LIMIT_MAX: '0' }), engines });
  const jpeg = await stubPhoto();
  const idJpeg = await stubIdPhoto();
  const form = verifyForm(jpeg, idJpeg, 'Jane Doe');
  const post = () => app.inject({ method: 'POST', url: '/verify', payload: form.payload, headers: form.headers });

  const admitted = post();
  await engines.started;
  const callsBefore = engines.calls();
  const refused = await post();
  assert.equal(refused.statusCode, 503);
  assert.equal(refused.headers['retry-after'], '2');
  assert.equal((refused.json() as { message: string }).message, 'Service unavailable');
  assert.equal(engines.calls(), callsBefore, 'the refused request never reached the engines');
  assert.equal((await app.inject({ url: '/health' })).statusCode, 200, 'health answers while saturated');

  release();
  assert.equal((await admitted).statusCode, 200);
  assert.equal((await post()).statusCode, 200, 'the slot is free again');
  const metrics = (await app.inject({ url: '/metrics' })).body;
  assert.match(metrics, /^identity_check_verifications_total\{outcome="unavailable",status="503"\} 1$/m);
  assert.match(metrics, /^identity_check_in_flight 0$/m);
  await app.close();
});
