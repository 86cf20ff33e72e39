/**
 * EnginePool with real worker threads and the real face engine (it loads in a few seconds): a job that
 * overruns its deadline is answered with TimeoutError while its worker finishes it and then serves the
 * next job (the thread is never killed mid-inference); close() lets a queued job finish instead of
 * failing it, then refuses new work.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TimeoutError } from '../../domain/errors.js';
import type { RgbImage } from '../image/rgb-image.js';
import { EnginePool, QueueFullError, type JobEvent } from './engine-pool.js';

const image: RgbImage = { width: 64, height: 64, data: new Uint8Array(64 * 64 * 3).fill(128) };

test('deadlines, job events and a draining close, on real worker threads', { timeout: 120_000 }, async () => {
  const events: JobEvent[] = [];
  const failures: string[] = [];
  const pool = new EnginePool({ kind: 'face', size: 1, maxQueue: 4, onJob: (e) => events.push(e), onWorkerError: (_e, kind) => failures.push(kind) });
  await pool.start();
  // 1 ms cannot be met by any inference: the job is running in the worker when the deadline passes.
  await assert.rejects(pool.run(image, 1), TimeoutError);
  assert.equal(events[0]?.outcome, 'timeout');
  assert.equal(pool.stuck, 1, 'the answered job still runs in its worker');
  const faces = await pool.run<unknown[]>(image, 60_000);
  assert.ok(Array.isArray(faces), 'the same worker answers the next job');
  assert.equal(pool.stuck, 0);
  assert.deepEqual(failures, [], 'no worker was lost');
  assert.equal(events.at(-1)?.outcome, 'ok');
  assert.ok((events.at(-1)?.runMs ?? 0) > 0);

  const running = pool.run<unknown[]>(image, 60_000);
  const queued = pool.run<unknown[]>(image, 60_000);
  assert.equal(pool.busy + pool.queueDepth, 2);
  await pool.close();
  assert.ok(Array.isArray(await running) && Array.isArray(await queued), 'close() finished the running and the queued job');
  await assert.rejects(pool.run(image, 1000), QueueFullError);
});
