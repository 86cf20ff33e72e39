/**
 * The decode-process pool: real decodes through a child process, and a child that hangs (a stand-in for
 * libvips stuck on a hostile image) killed at the deadline and replaced. No assertion is on elapsed time.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { readFile } from 'node:fs/promises';
import { DecodeAbortedError, DecodePool, DecodeTimeoutError, decodeChildEnv } from '../src/adapters/image/decode-pool.js';
import { decodeImage } from '../src/adapters/image/decode-image.js';
import { InputError } from '../src/domain/errors.js';
import { decodePixels, type PixelRequest } from '../src/adapters/image/decode-pixels.js';
import { TimeoutError } from '../src/domain/errors.js';
import { stubPhoto } from './doubles/stub-engines.js';
import { alive } from './support/processes.js';

const HANGING = new URL('./doubles/hanging-decode-child.ts', import.meta.url);
const request = async (): Promise<PixelRequest> => ({ bytes: await stubPhoto(), format: 'jpeg', orientation: 6, maxPixels: 1e6, maxSide: 64 });

test('a pool process decodes to the same pixels as decoding in-process', { timeout: 30_000 }, async () => {
  const pool = new DecodePool({ size: 1, timeoutMs: 20_000 });
  try {
    const job = await request();
    assert.deepEqual(await pool.decode(job), await decodePixels(job));
    const refused = await pool.decode({ ...job, bytes: Buffer.from('not a jpeg') });
    assert.equal(refused.ok, false);
  } finally {
    await pool.close();
  }
  assert.equal(pool.stats().processes, 0);
});

test('a decode process runs with one glibc malloc arena, whatever the server has, and with gc exposed', { timeout: 30_000, skip: process.platform !== 'linux' && 'reads /proc' }, async () => {
  const pool = new DecodePool({ size: 1, timeoutMs: 20_000 });
  try {
    await pool.ready;
    const [pid] = pool.pids();
    const environ = (await readFile(`/proc/${pid}/environ`, 'utf8')).split('\0');
    assert.ok(environ.includes('MALLOC_ARENA_MAX=1'), 'MALLOC_ARENA_MAX=1 in the decode process');
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
    assert.ok(cmdline.includes('--expose-gc'), 'the decode process can collect after each job');
    assert.deepEqual(decodeChildEnv({ PATH: '/bin', MALLOC_ARENA_MAX: '4' }), { PATH: '/bin', MALLOC_ARENA_MAX: '1' });
  } finally {
    await pool.close();
  }
});

test('a decode still running at the deadline is killed and replaced; one that never started gets TimeoutError', { timeout: 30_000 }, async () => {
  const replaced: string[] = [];
  const pool = new DecodePool({ size: 1, timeoutMs: 500, childModule: HANGING, onReplaced: (reason) => replaced.push(reason) });
  try {
    await pool.ready;
    const [pid] = pool.pids();
    const job = await request();
    const running = pool.decode(job);
    const waiting = pool.decode(job);
    await assert.rejects(running, DecodeTimeoutError);
    await assert.rejects(waiting, TimeoutError);
    assert.deepEqual(replaced, ['decode ran past 500 ms']);
    while (alive(pid as number)) await new Promise((r) => setTimeout(r, 20));
    assert.equal(pool.stats().processes, 1, 'a replacement was started');
    assert.notEqual(pool.pids()[0], pid);
  } finally {
    pool.terminate();
  }
});

test('terminate() kills a process that is busy decoding', { timeout: 30_000 }, async () => {
  const pool = new DecodePool({ size: 1, timeoutMs: 60_000, childModule: HANGING });
  await pool.ready;
  const [pid] = pool.pids();
  const running = pool.decode(await request());
  pool.terminate();
  await assert.rejects(running, TimeoutError);
  while (alive(pid as number)) await new Promise((r) => setTimeout(r, 20));
  assert.equal(pool.stats().processes, 0);
});

test('orientation 1..8 applied by the decoder matches sharp\'s own auto-orientation', async () => {
  const data = Buffer.alloc(5 * 3 * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 37) % 256;
  const base = await sharp(data, { raw: { width: 5, height: 3, channels: 3 } }).png().toBuffer();
  for (let o = 1; o <= 8; o++) {
    const mine = await decodePixels({ bytes: base, format: 'png', orientation: o, maxPixels: 1e6, maxSide: 100 });
    assert.ok(mine.ok);
    const tagged = await sharp(base).withMetadata({ orientation: o }).png().toBuffer();
    const theirs = await sharp(tagged).rotate().raw().toBuffer({ resolveWithObject: true });
    assert.equal(mine.image.width, theirs.info.width, `orientation ${o}`);
    assert.deepEqual(Buffer.from(mine.image.data), theirs.data, `orientation ${o}`);
  }
});

test('a decode process that dies mid-decode: ERR_CORRUPT_IMAGE for that image, a replacement started', { timeout: 30_000 }, async () => {
  const replaced: string[] = [];
  const pool = new DecodePool({ size: 1, timeoutMs: 20_000, childModule: new URL('./doubles/crashing-decode-child.ts', import.meta.url), onReplaced: (r) => replaced.push(r) });
  try {
    await pool.ready;
    await assert.rejects(decodeImage('image2', await stubPhoto(), { maxPixels: 1e6, maxSide: 64 }, pool.decode), (error: unknown) =>
      error instanceof InputError && error.code === 'ERR_CORRUPT_IMAGE' && error.problems[0].field === 'image2');
    assert.deepEqual(replaced, ['decode process exited (3)']);
    assert.equal(pool.stats().processes, 1);
  } finally {
    pool.terminate();
  }
});

test('an aborted decode: dropped from the queue, or its process killed and replaced', { timeout: 30_000 }, async () => {
  const pool = new DecodePool({ size: 1, timeoutMs: 60_000, childModule: HANGING });
  try {
    await pool.ready;
    const [pid] = pool.pids();
    const running = new AbortController();
    const waiting = new AbortController();
    const job = await request();
    const first = pool.decode(job, running.signal);
    const second = pool.decode(job, waiting.signal);
    waiting.abort();
    await assert.rejects(second, DecodeAbortedError);
    assert.deepEqual([pool.stats().busy, pool.stats().queued], [1, 0]);
    running.abort();
    await assert.rejects(first, DecodeAbortedError);
    while (alive(pid as number)) await new Promise((r) => setTimeout(r, 20));
    assert.equal(pool.stats().processes, 1, 'a replacement was started');
  } finally {
    pool.terminate();
  }
});
