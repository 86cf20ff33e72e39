/**
 * AdmissionQueue: slots are handed over in arrival order; a newcomer waits while its predicted wait fits the
 * bound and is refused past it, with a Retry-After computed from the line; a waiter that overruns the bound
 * or whose client leaves gives its place up. The clock is injected, so the prediction is exact.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QueueFullError } from '../adapters/workers/engine-pool.js';
import { AdmissionQueue, type Release } from './admission-queue.js';

function clock(): { now: () => number; advance: (ms: number) => void } {
  let t = 0;
  return { now: () => t, advance: (ms) => (t += ms) };
}

/** Resolves to whether `promise` has settled once pending microtasks have run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(() => (done = true), () => (done = true));
  await new Promise((r) => setImmediate(r));
  return done;
}

test('free slots are taken at once; the rest wait and are served in arrival order', async () => {
  const queue = new AdmissionQueue({ slots: 2, timeoutMs: 60_000 });
  const a = await queue.acquire();
  await queue.acquire();
  const served: string[] = [];
  const c = queue.acquire().then((release) => (served.push('c'), release));
  const d = queue.acquire().then((release) => (served.push('d'), release));
  assert.deepEqual([queue.active, queue.queued], [2, 2]);
  a();
  a(); // releasing twice frees one slot only
  (await c)();
  assert.deepEqual(served, ['c']);
  (await d)();
  assert.deepEqual(served, ['c', 'd']);
  assert.deepEqual([queue.active, queue.queued], [1, 0]);
});

test('the predicted wait follows Little\'s law on the measured service time, and bounds the line', async () => {
  const time = clock();
  // With 2 slots and verifications taking 1 s each, the n-th in line waits n * 0.5 s (the bounds sit a little
  // above a multiple of it, as the running average only approaches 1 s).
  const cases = [
    { timeoutMs: 2_050, admittedToWait: 4 },
    { timeoutMs: 1_050, admittedToWait: 2 },
    { timeoutMs: 0, admittedToWait: 0 },
  ];
  for (const { timeoutMs, admittedToWait } of cases) {
    const queue = new AdmissionQueue({ slots: 2, timeoutMs, now: time.now });
    // Teach it the service time: many verifications of exactly 1 s bring the running average to ~1 s.
    for (let i = 0; i < 40; i++) {
      const release = await queue.acquire();
      time.advance(1_000);
      release();
    }
    assert.ok(Math.abs(queue.averageServiceMs - 1_000) < 1, `average ${queue.averageServiceMs}`);
    const holding = [await queue.acquire(), await queue.acquire()];
    const waiting: Promise<Release>[] = [];
    for (let i = 0; i < admittedToWait; i++) waiting.push(queue.acquire());
    assert.equal(queue.queued, admittedToWait, `timeout ${timeoutMs}`);
    const predicted = queue.predictedWaitMs();
    const refused = await queue.acquire().then(() => null, (e: unknown) => e);
    assert.ok(refused instanceof QueueFullError, `timeout ${timeoutMs}: one more is refused`);
    // Retry-After: when the line will have shrunk enough for this request's wait to fit the bound.
    assert.equal(refused.retryAfterSeconds, Math.max(1, Math.ceil((predicted - timeoutMs) / 1000)));
    for (const release of holding) release();
    for (const w of waiting) (await w)();
  }
});

test('a waiter is refused when its actual wait overruns the bound, and leaves when its client goes away', async () => {
  const time = clock();
  const queue = new AdmissionQueue({ slots: 1, timeoutMs: 50, now: time.now });
  for (let i = 0; i < 40; i++) {
    const release = await queue.acquire();
    time.advance(10);
    release();
  }
  // Predicted waits of ~10 and ~20 ms fit the 50 ms bound; the clock then stands still, so the wait overruns it.
  const holder = await queue.acquire();
  const overrun = queue.acquire();
  await assert.rejects(overrun, (e: unknown) => e instanceof QueueFullError && (e.retryAfterSeconds ?? 0) >= 1);
  assert.equal(queue.queued, 0);

  const gone = new AbortController();
  const leaving = queue.acquire(gone.signal);
  const staying = queue.acquire();
  assert.equal(await settled(leaving), false);
  gone.abort();
  await assert.rejects(leaving, QueueFullError);
  assert.equal(queue.queued, 1, 'only the one that left is gone');
  holder();
  (await staying)();
  assert.deepEqual([queue.active, queue.queued], [0, 0]);
});
