/**
 * Attacks that need a real socket, against a real server on 127.0.0.1 (port 0): a body sent a byte at a
 * time (slowloris), headers that never finish, and a chunked body with no Content-Length that runs past
 * MAX_REQUEST_BYTES. The server must cut each one off on its own and keep serving other clients. Engines
 * are stand-ins; no assertion is on elapsed time (the node:test timeout only guards against a hang).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { stubEngines, stubIdPhoto, stubPhoto } from './doubles/stub-engines.js';
import { verifyForm } from './support/multipart.js';

const config = loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'warn', UPLOAD_TIMEOUT_MS: '600', MAX_REQUEST_BYTES: '200000', MAX_FILE_BYTES: '100000', RATE_LIMIT_MAX: '0' });
const jpeg = await stubPhoto();
const idJpeg = await stubIdPhoto();
const form = verifyForm(jpeg, idJpeg, 'Jane Doe');

const logLines: string[] = [];
const logStream = new Writable({
  write(chunk: Buffer, _encoding, done) {
    logLines.push(chunk.toString());
    done();
  },
});

let app: FastifyInstance;
let port: number;
before(async () => {
  app = await buildApp({ config, engines: stubEngines(), logStream });
  await app.listen({ host: '127.0.0.1', port: 0 });
  port = (app.server.address() as { port: number }).port;
});
after(async () => {
  await app?.close();
});

/**
 * Opens a raw connection, writes `head` at once, then one byte of `trickle` every 20 ms (repeating it)
 * until the server closes the connection. Resolves with everything the server sent.
 */
function trickle(head: string, drip: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let i = 0;
    let timer: NodeJS.Timeout | undefined;
    socket.on('connect', () => {
      socket.write(head);
      timer = setInterval(() => {
        if (socket.writable) socket.write(drip[i++ % drip.length] as string);
      }, 20);
    });
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      resolve(received);
    });
    socket.on('timeout', () => reject(new Error('client-side timeout')));
  });
}

async function goodRequestServed(): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${port}/verify`, { method: 'POST', body: form.payload, headers: form.headers });
  assert.equal(response.status, 200);
  assert.equal((await fetch(`http://127.0.0.1:${port}/health`)).status, 200);
}

test('slowloris body (one byte at a time) is cut off with 408 ERR_UPLOAD_TIMEOUT while others are served', { timeout: 30_000 }, async () => {
  const head =
    `POST /verify HTTP/1.1\r\nHost: 127.0.0.1\r\n${Object.entries(form.headers).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n` +
    `Content-Length: 150000\r\n\r\n`;
  const attack = trickle(head, form.payload.toString('latin1'));
  await goodRequestServed();
  const answer = await attack;
  assert.match(answer, /^HTTP\/1\.1 408 /);
  assert.match(answer, /"code":"ERR_UPLOAD_TIMEOUT"/);
  await goodRequestServed();
});

test('headers that never finish are cut off with 408', { timeout: 30_000 }, async () => {
  const answer = await trickle('POST /verify HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'X-Slow: aaaaaaaaaaaaaaaaaaaa\r\n');
  assert.match(answer, /^HTTP\/1\.1 408 /);
  await goodRequestServed();
});

test('a chunked body running past MAX_REQUEST_BYTES gets its connection closed', { timeout: 30_000 }, async () => {
  const answer = await new Promise<string>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(received));
    socket.on('connect', () => {
      socket.write(`POST /verify HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${form.headers['content-type']}\r\nTransfer-Encoding: chunked\r\n\r\n`);
      const chunk = Buffer.alloc(32 * 1024, 0x41);
      const pump = (): void => {
        if (!socket.writable) return;
        socket.write(`${chunk.length.toString(16)}\r\n`);
        socket.write(chunk);
        socket.write('\r\n', () => setImmediate(pump));
      };
      pump();
    });
  });
  // Cut mid-upload: the server closes without answering a client that is still sending.
  assert.equal(answer, '');
  assert.ok(logLines.some((line) => line.includes('over the cap')), 'the cap, not something else, closed the connection');
  await goodRequestServed();
});

test('a chunked upload under the cap is read whole and served', { timeout: 30_000 }, async () => {
  const bytes = form.payload;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < bytes.length; i += 4096) controller.enqueue(bytes.subarray(i, i + 4096));
      controller.close();
    },
  });
  const response = await fetch(`http://127.0.0.1:${port}/verify`, { method: 'POST', body, headers: form.headers, duplex: 'half' } as RequestInit);
  assert.equal(response.status, 200, await response.clone().text());
  assert.equal(((await response.json()) as { message: string }).message, 'Verified');
});
