/**
 * Admission control: beyond MAX_IN_FLIGHT verifications the next ones wait for a slot instead of being
 * refused, and are served once it frees; only a request whose predicted wait exceeds QUEUE_TIMEOUT_MS is
 * refused at once with 503 and a Retry-After computed from the queue, without reaching the engines.
 * Stand-in engines held at a gate decide when the admitted request may finish.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { stubEngines, stubIdPhoto, stubPhoto } from './doubles/stub-engines.js';
import { verifyForm } from './support/multipart.js';

async function gatedApp(env: Record<string, string>) {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const engines = stubEngines({ gate });
  const app = await buildApp({ config: loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'silent', MAX_IN_FLIGHT: '1', RATE_LIMIT_MAX: '0', ...env }), engines });
  const form = verifyForm(await stubPhoto(), await stubIdPhoto(), 'Jane Doe');
  const post = () => app.inject({ method: 'POST', url: '/verify', payload: form.payload, headers: form.headers });
  return { app, engines, post, release: () => release() };
}

test('a verification over MAX_IN_FLIGHT waits for the slot and is served, not refused', async () => {
  const { app, engines, post, release } = await gatedApp({});
  const first = post();
  await engines.started;
  const callsBefore = engines.calls();
  const second = post();
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(engines.calls(), callsBefore, 'the waiting request has not reached the engines yet');
  assert.match((await app.inject({ url: '/metrics' })).body, /^identity_check_admission_queue 1$/m);
  assert.equal((await app.inject({ url: '/health' })).statusCode, 200, 'health answers while saturated');
  release();
  assert.equal((await first).statusCode, 200);
  assert.equal((await second).statusCode, 200, 'the queued request got the slot once it freed');
  const metrics = (await app.inject({ url: '/metrics' })).body;
  assert.match(metrics, /^identity_check_in_flight 0$/m);
  assert.match(metrics, /^identity_check_admission_queue 0$/m);
  await app.close();
});

test('past QUEUE_TIMEOUT_MS the next one is refused at once with 503 and a Retry-After from the queue', async () => {
  // Before any verification has finished the queue predicts 2 s per verification: with one slot, the first
  // in line would wait 2 s, over a 1.5 s bound.
  const { app, engines, post, release } = await gatedApp({ QUEUE_TIMEOUT_MS: '1500' });
  const admitted = post();
  await engines.started;
  const callsBefore = engines.calls();
  const refused = await post();
  assert.equal(refused.statusCode, 503);
  assert.equal(refused.headers['retry-after'], '1', 'predicted 2 s wait minus the 1.5 s bound, rounded up');
  assert.equal((refused.json() as { message: string }).message, 'Service unavailable');
  assert.equal(engines.calls(), callsBefore, 'the refused request never reached the engines');
  release();
  assert.equal((await admitted).statusCode, 200);
  assert.equal((await post()).statusCode, 200, 'the slot is free again');
  const metrics = (await app.inject({ url: '/metrics' })).body;
  assert.match(metrics, /^identity_check_verifications_total\{outcome="unavailable",status="503"\} 1$/m);
  assert.match(metrics, /^identity_check_in_flight 0$/m);
  await app.close();
});
