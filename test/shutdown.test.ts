/**
 * Graceful shutdown on a real server (127.0.0.1, port 0) with stand-in engines held at a gate: closing
 * the app while a verification is in flight stops new connections, lets the in-flight request finish
 * with its real answer, and closes the engines only after it. main.ts calls the same app.close() on
 * SIGTERM/SIGINT.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { stubEngines, stubIdPhoto, stubPhoto } from './doubles/stub-engines.js';
import { verifyForm } from './support/multipart.js';

test('close() finishes the in-flight verification, refuses new connections, then closes the engines', { timeout: 30_000 }, async () => {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const engines = stubEngines({ gate });
  const app = await buildApp({ config: loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'silent' }), engines });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const jpeg = await stubPhoto();
  const idJpeg = await stubIdPhoto();
  const form = verifyForm(jpeg, idJpeg, 'Jane Doe');

  const inFlight = fetch(`${base}/verify`, { method: 'POST', body: form.payload, headers: { ...form.headers, connection: 'close' } });
  await engines.started;
  let closed = false;
  const closing = app.close().then(() => {
    closed = true;
  });
  // Let close() stop the listener; it cannot finish while the request is held at the gate.
  await new Promise((resolve) => setImmediate(resolve));
  await assert.rejects(fetch(`${base}/health`), 'no new connections during shutdown');
  assert.equal(closed, false);
  assert.equal(engines.closed(), false, 'engines stay up while a request needs them');

  release();
  const response = await inFlight;
  assert.equal(response.status, 200);
  assert.equal(((await response.json()) as { message: string }).message, 'Verified');
  await closing;
  assert.equal(engines.closed(), true);
});
