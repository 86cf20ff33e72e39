/**
 * Uploads that stall (issue 14), on real sockets against a real server on 127.0.0.1 with stand-in engines.
 * The attackers bind 127.0.0.2, so they are a different client from the genuine one on 127.0.0.1. A stalled
 * upload holds no inference slot (admission is taken after the form is read), each client address may
 * have MAX_UPLOADS_PER_CLIENT uploads arriving (more get 429 ERR_TOO_MANY_UPLOADS), and a trickler is cut
 * at UPLOAD_TIMEOUT_MS. No assertion is on elapsed time.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { stubEngines, stubIdPhoto, stubPhoto } from './doubles/stub-engines.js';
import { verifyForm } from './support/multipart.js';

const config = loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '0', MAX_IN_FLIGHT: '3', MAX_UPLOADS_PER_CLIENT: '4', UPLOAD_TIMEOUT_MS: '3000' });
const jpeg = await stubPhoto();
// Two different pictures: one picture sent twice is refused as the same photo (SELFIE_IS_DOCUMENT_PHOTO).
const form = verifyForm(jpeg, await stubIdPhoto(), 'Jane Doe');
const head = `POST /verify HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: ${form.headers['content-type']}\r\ncontent-length: ${form.payload.length}\r\n\r\n`;

let app: FastifyInstance;
let port: number;
before(async () => {
  app = await buildApp({ config, engines: stubEngines() });
  await app.listen({ host: '127.0.0.1', port: 0 });
  port = (app.server.address() as { port: number }).port;
});
after(async () => {
  await app?.close();
});

interface Attacker {
  readonly socket: Socket;
  /** Everything the server has sent so far. */
  received(): string;
  readonly closed: Promise<void>;
}

/** From 127.0.0.2: headers and the first 100 bytes of the body, then nothing (or `drip` one byte per second). */
function stall(drip = false): Attacker {
  const socket = connect({ port, host: '127.0.0.1', localAddress: '127.0.0.2' });
  let received = '';
  let timer: NodeJS.Timeout | undefined;
  socket.on('data', (chunk) => {
    received += chunk.toString('latin1');
  });
  socket.on('error', () => undefined);
  socket.on('connect', () => {
    socket.write(head);
    socket.write(form.payload.subarray(0, 100));
    let i = 100;
    if (drip) timer = setInterval(() => socket.writable && socket.write(form.payload.subarray(i, ++i)), 1_000);
  });
  const closed = new Promise<void>((resolve) => socket.on('close', () => {
    clearInterval(timer);
    resolve();
  }));
  return { socket, received: () => received, closed };
}

async function metric(name: string): Promise<number> {
  const text = (await app.inject({ url: '/metrics' })).body;
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
}

async function until(check: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 20));
}

/** Ten genuine verifications from 127.0.0.1, one after another; returns how many were refused. */
async function genuineRefusals(): Promise<number> {
  let refused = 0;
  for (let i = 0; i < 10; i++) {
    const response = await fetch(`http://127.0.0.1:${port}/verify`, { method: 'POST', body: form.payload, headers: form.headers });
    if (response.status !== 200) refused++;
    await response.arrayBuffer();
  }
  return refused;
}

async function hangUp(attackers: readonly Attacker[]): Promise<void> {
  for (const a of attackers) a.socket.destroy();
  await until(async () => (await metric('identity_check_uploads_in_progress')) === 0);
}

test('3 stalled uploads from another client: no inference slot held, 0 refusals of a genuine client', { timeout: 30_000 }, async () => {
  const attackers = [stall(), stall(), stall()];
  await until(async () => (await metric('identity_check_uploads_in_progress')) === 3);
  assert.equal(await metric('identity_check_in_flight'), 0);
  assert.equal(await genuineRefusals(), 0);
  await hangUp(attackers);
});

test('24 stalled uploads from another client: 4 held, 20 refused with 429 ERR_TOO_MANY_UPLOADS, 0 refusals of a genuine client', { timeout: 30_000 }, async () => {
  const attackers = Array.from({ length: 24 }, () => stall());
  await until(() => attackers.filter((a) => a.received() !== '').length === 20);
  const refused = attackers.filter((a) => a.received() !== '');
  for (const a of refused) {
    assert.match(a.received(), /^HTTP\/1\.1 429 /);
    assert.match(a.received(), /"code":"ERR_TOO_MANY_UPLOADS"/);
  }
  assert.equal(await metric('identity_check_uploads_in_progress'), 4);
  assert.equal(await genuineRefusals(), 0);
  await hangUp(attackers);
});

test('a trickler sending 1 byte/s is cut with 408 at UPLOAD_TIMEOUT_MS while a genuine client is served', { timeout: 30_000 }, async () => {
  const trickler = stall(true);
  await until(async () => (await metric('identity_check_uploads_in_progress')) === 1);
  assert.equal(await genuineRefusals(), 0);
  await trickler.closed;
  assert.match(trickler.received(), /^HTTP\/1\.1 408 /);
  assert.match(trickler.received(), /"code":"ERR_UPLOAD_TIMEOUT"/);
  await until(async () => (await metric('identity_check_uploads_in_progress')) === 0);
});
