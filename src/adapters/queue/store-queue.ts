/**
 * The embedded queue: the jobs table of the record store is the queue. Each consumer loop takes the oldest
 * job due (or one whose worker's lease ran out) and polls when there is none; an announcement from this
 * process wakes it at once. A restart loses nothing: an accepted job is a committed row.
 */
import type { JobQueue } from './job-queue.js';

export function storeQueue(pollMs = 250): JobQueue {
  let closed = false;
  const sleepers = new Set<() => void>();
  const running: Promise<void>[] = [];
  const wakeAll = (): void => {
    for (const wake of sleepers) wake();
    sleepers.clear();
  };
  const nap = (): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(done, pollMs);
      function done(): void {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      }
      sleepers.add(done);
    });
  return {
    kind: 'embedded',
    announce: async () => wakeAll(),
    remove: async () => undefined,
    consume(take, concurrency) {
      for (let i = 0; i < concurrency; i++) {
        running.push((async () => {
          while (!closed) {
            const worked = await take().catch(() => false);
            if (!worked && !closed) await nap();
          }
        })());
      }
    },
    async close() {
      closed = true;
      wakeAll();
      await Promise.all(running);
    },
  };
}
