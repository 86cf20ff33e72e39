/**
 * The scale-out queue: BullMQ on Redis. A job carries only an opaque ref (no id of the verification, no
 * hash, no upload), so Redis holds nothing that names a person or a record; jobs are removed from Redis once
 * finished. A worker that dies mid-job stops renewing its lock and BullMQ hands the job to another worker
 * after `stalledMs`.
 */
import { Queue, Worker } from 'bullmq';
import type { JobQueue } from './job-queue.js';

export interface BullQueueOptions {
  readonly redisUrl: string;
  readonly prefix: string;
  /** A job whose worker stopped renewing its lock for this long goes to another worker. */
  readonly stalledMs: number;
  readonly onError?: (error: Error) => void;
}

const NAME = 'verifications';

function connection(redisUrl: string): { url: string; maxRetriesPerRequest: null } {
  return { url: redisUrl, maxRetriesPerRequest: null };
}

export function bullQueue(options: BullQueueOptions): JobQueue {
  const queue = new Queue(NAME, { connection: connection(options.redisUrl), prefix: options.prefix });
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
      const worker = new Worker(NAME, async (job) => {
        if (job.id !== undefined) await take(job.id);
      }, {
        connection: connection(options.redisUrl),
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
    },
  };
}
