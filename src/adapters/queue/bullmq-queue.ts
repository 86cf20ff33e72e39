/**
 * The scale-out queue: BullMQ on Redis. A job carries only an opaque ref (no id of the verification, no
 * hash, no upload), so Redis holds nothing that names a person or a record; jobs are removed from Redis once
 * finished. A worker that dies mid-job stops renewing its lock and BullMQ hands the job to another worker
 * after `stalledMs`.
 */
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { JobQueue } from './job-queue.js';

export interface BullQueueOptions {
  readonly redisUrl: string;
  readonly prefix: string;
  /** A job whose worker stopped renewing its lock for this long goes to another worker. */
  readonly stalledMs: number;
  readonly onError?: (error: Error) => void;
}

const NAME = 'verifications';

// BullMQ under ESM takes constructed ioredis clients; workers block on theirs, so each gets its own.
function connection(redisUrl: string): Redis {
  return new Redis(redisUrl, { maxRetriesPerRequest: null });
}

export function bullQueue(options: BullQueueOptions): JobQueue {
  const clients: Redis[] = [connection(options.redisUrl)];
  const queue = new Queue(NAME, { connection: clients[0] as Redis, prefix: options.prefix });
  queue.on('error', (error) => options.onError?.(error));
  const workers: Worker[] = [];
  return {
    kind: 'bullmq',
    async announce(ref) {
      await queue.add('verify', {}, {
        jobId: ref,
        removeOnComplete: true,
        removeOnFail: true,
        attempts: 5,
        backoff: { type: 'exponential', delay: 1_000 },
      });
    },
    async remove(ref) {
      // A job being worked on is locked; the store deletion makes its run a no-op and it leaves Redis when done.
      await queue.remove(ref).catch(() => 0);
    },
    consume(take, concurrency) {
      const client = connection(options.redisUrl);
      clients.push(client);
      const worker = new Worker(NAME, async (job) => {
        if (job.id !== undefined) await take(job.id);
      }, {
        connection: client,
        prefix: options.prefix,
        concurrency,
        lockDuration: options.stalledMs,
        stalledInterval: options.stalledMs,
        maxStalledCount: 5,
      });
      worker.on('error', (error) => options.onError?.(error));
      workers.push(worker);
    },
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await queue.close();
      await Promise.all(clients.map((c) => c.quit().catch(() => 'OK')));
    },
  };
}
