/**
 * The metadata bombs of issue 14 (src/testing/metadata-bombs.ts) against the real HTTP layer, decoder and
 * decode processes, with stand-in engines: each is answered with its coded 400 (never Verified, never a
 * 5xx), and the app serves a genuine request right after. A decode that stalls anyway (a stand-in decode
 * process that spins on a marked image) is killed when its client goes away, so a genuine request beside
 * two abandoned ones is answered. No assertion is on elapsed time (node:test timeouts only guard a hang).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import sharp from 'sharp';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { DecodePool } from '../src/adapters/image/decode-pool.js';
import {
  deepIfdChainTiff, jpegWithExif, jpegWithManyScans, jpegWithManySegments, pngWithExif, selfReferencingTiff,
} from '../src/testing/metadata-bombs.js';
import { stubEngines, stubIdPhoto, stubPhoto } from './doubles/stub-engines.js';
import { stallingPng } from './doubles/stall-mark.js';
import { multipart, verifyForm, type MultipartPayload } from './support/multipart.js';

const config = loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '0' });
const photo = await stubPhoto();
// The ID beside the selfie: one picture sent twice is refused as the same photo (SELFIE_IS_DOCUMENT_PHOTO).
const idPhoto = await stubIdPhoto();
const png = await sharp(photo).png().toBuffer();
const progressive = await sharp(photo).jpeg({ progressive: true }).toBuffer();

const bombs: [string, Buffer, string][] = [
  ['JPEG EXIF bomb, 150 self-referencing entries', jpegWithExif(photo, selfReferencingTiff(150)), 'ERR_IMAGE_TOO_COMPLEX'],
  ['JPEG EXIF bomb, 3,000 self-referencing entries', jpegWithExif(photo, selfReferencingTiff(3000)), 'ERR_IMAGE_TOO_COMPLEX'],
  ['PNG eXIf bomb, 120 self-referencing entries', pngWithExif(png, selfReferencingTiff(120)), 'ERR_IMAGE_TOO_COMPLEX'],
  ['JPEG with a 2,000-deep IFD chain', jpegWithExif(photo, deepIfdChainTiff(2000)), 'ERR_IMAGE_TOO_COMPLEX'],
  ['JPEG with 100,000 marker segments', jpegWithManySegments(photo, 100_000), 'ERR_IMAGE_TOO_COMPLEX'],
  ['JPEG with 2,000 progressive scans', jpegWithManyScans(progressive, 2000), 'ERR_IMAGE_TOO_COMPLEX'],
];

async function post(app: FastifyInstance, form: MultipartPayload) {
  const response = await app.inject({ method: 'POST', url: '/verify', payload: form.payload, headers: form.headers });
  return { status: response.statusCode, body: response.json() as { status: string; message: string; details: Record<string, any> } };
}

describe('metadata bombs get a coded 400 and the app keeps serving', () => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildApp({ config, engines: stubEngines() });
  });
  after(async () => {
    await app?.close();
  });

  for (const [label, bomb, code] of bombs) {
    test(`${label} as the selfie`, { timeout: 30_000 }, async () => {
      const { status, body } = await post(app, verifyForm(bomb, photo, 'Jane Doe'));
      assert.equal(status, 400, JSON.stringify(body));
      assert.equal(body.details.code, code);
      assert.equal(body.details.field, 'image1');
      assert.equal((await post(app, verifyForm(photo, idPhoto, 'Jane Doe'))).body.message, 'Verified');
    });
  }

  test('a bomb on each image: both fields are reported', { timeout: 30_000 }, async () => {
    const bomb = jpegWithExif(photo, selfReferencingTiff(150));
    const { status, body } = await post(app, verifyForm(bomb, jpegWithManySegments(photo, 1000), 'Jane Doe'));
    assert.equal(status, 400);
    assert.deepEqual(body.details.problems.map((p: { field: string; code: string }) => [p.field, p.code]), [
      ['image1', 'ERR_IMAGE_TOO_COMPLEX'],
      ['image2', 'ERR_IMAGE_TOO_COMPLEX'],
    ]);
  });

  test('a camera-like EXIF orientation is applied: a rotated selfie is Verified and reported upright', { timeout: 30_000 }, async () => {
    const wide = await sharp({ create: { width: 160, height: 120, channels: 3, background: '#808080' } })
      .composite([{ input: photo, left: 30, top: 12 }]).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const { status, body } = await post(app, verifyForm(wide, photo, 'Jane Doe'));
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.message, 'Verified');
    assert.deepEqual(body.details.face.live.image_size, { width: 120, height: 160 });
  });
});

test('a genuine request beside two abandoned stalled decodes is answered', { timeout: 60_000 }, async () => {
  const stalling = new DecodePool({ size: 2, timeoutMs: 10_000, childModule: new URL('./doubles/stalling-decode-child.ts', import.meta.url) });
  const app = await buildApp({ config, engines: stubEngines(), decoder: stalling });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  try {
    await stalling.ready;
    const [first, second] = stalling.pids();
    const stall = await stallingPng(photo);
    const form = multipart([
      { name: 'image1', filename: 'a.png', data: stall },
      { name: 'image2', filename: 'b.png', data: stall },
      { name: 'name', data: 'Jane Doe' },
    ]);
    const sockets = [0, 1].map(() => {
      const socket = connect(port, '127.0.0.1');
      socket.on('error', () => undefined);
      socket.write(`POST /verify HTTP/1.1\r\nHost: x\r\ncontent-type: ${form.headers['content-type']}\r\ncontent-length: ${form.payload.length}\r\n\r\n`);
      socket.write(form.payload);
      return socket;
    });
    while (stalling.stats().busy < 2) await new Promise((r) => setTimeout(r, 20));
    for (const socket of sockets) socket.destroy();
    const good = verifyForm(photo, idPhoto, 'Jane Doe');
    const response = await fetch(`http://127.0.0.1:${port}/verify`, { method: 'POST', body: good.payload, headers: good.headers });
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { message: string }).message, 'Verified');
    assert.equal(stalling.pids().includes(first as number) || stalling.pids().includes(second as number), false, 'both stalled processes were replaced');
    // Killed processes are reported stuck until their exit is seen; then the service is healthy again.
    while ((await fetch(`http://127.0.0.1:${port}/health`)).status !== 200) await new Promise((r) => setTimeout(r, 20));
  } finally {
    await app.close();
  }
});

test('a genuine request beside two abandoned 3,000-entry EXIF bomb requests is answered', { timeout: 60_000 }, async () => {
  const app = await buildApp({ config, engines: stubEngines() });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  try {
    const bomb = jpegWithExif(photo, selfReferencingTiff(3000));
    const form = verifyForm(bomb, bomb, 'Jane Doe');
    const abandoned = [0, 1].map(() => new Promise<void>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(`POST /verify HTTP/1.1\r\nHost: x\r\ncontent-type: ${form.headers['content-type']}\r\ncontent-length: ${form.payload.length}\r\n\r\n`);
        socket.end(form.payload, () => {
          socket.destroy();
          resolve();
        });
      });
      socket.on('error', () => resolve());
    }));
    await Promise.all(abandoned);
    const good = verifyForm(photo, idPhoto, 'Jane Doe');
    const response = await fetch(`http://127.0.0.1:${port}/verify`, { method: 'POST', body: good.payload, headers: good.headers });
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { message: string }).message, 'Verified');
    assert.equal((await fetch(`http://127.0.0.1:${port}/health`)).status, 200);
  } finally {
    await app.close();
  }
});
