/**
 * `identity-check worker`: a process that only runs queued verifications and sends their webhooks, with
 * its own engines and decode processes. Start any number of them, on any machine that reaches the store
 * (DATABASE_URL) and the queue (REDIS_URL); the HTTP service then only accepts jobs (QUEUE_WORKERS=0).
 * SIGTERM and SIGINT let the running jobs finish before exiting.
 */
import { pino, type Logger } from 'pino';
import type { Config } from './config/config.js';
import { buildPolicy } from './config/policy.js';
import { DecodePool } from './adapters/image/decode-pool.js';
import { startPooledEngines, type Engines } from './adapters/workers/pooled-engines.js';
import { startRecords, type Records } from './services/records/records.js';
import { verify } from './services/verification.service.js';

export interface WorkerOptions {
  readonly config: Config;
  /** Injected engines (the async benchmark's CPU-bound stand-ins); the real worker pools by default. */
  readonly engines?: Engines;
  readonly log?: Logger;
}

export interface RunningWorker {
  readonly records: Records;
  close(): Promise<void>;
}

export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const { config } = options;
  const log = options.log ?? pino({ level: config.logLevel, base: { role: 'worker', pid: process.pid } });
  const engines = options.engines ?? startPooledEngines({
    faceWorkers: config.faceWorkers,
    documentWorkers: config.documentWorkers,
    documentThreads: config.documentThreads,
    maxQueue: config.maxQueue,
    timeoutMs: config.limits.requestTimeoutMs,
    onWorkerError: (error, kind) => log.error({ err: error, engine: kind }, 'inference worker failed and was replaced'),
  });
  const decoder = new DecodePool({ size: config.decodeProcesses, timeoutMs: config.decodeTimeoutMs, onReplaced: (reason) => log.warn({ reason }, 'decode process replaced') });
  await engines.ready;
  const policy = buildPolicy(config);
  const records = await startRecords({
    config: config.records,
    policy,
    workers: config.records.workerConcurrency,
    verify: (input) => verify(input, { faces: engines.faces, documents: engines.documents, policy, now: () => new Date(), decode: (job) => decoder.decode(job) }),
    onError: (error, what) => log.error({ err: error, what }, 'asynchronous verification problem'),
  });
  log.info({ queue: records.queue.kind, store: records.store.dialect, concurrency: config.records.workerConcurrency }, 'worker taking jobs');
  return {
    records,
    async close() {
      await records.close();
      await decoder.close();
      await engines.close();
    },
  };
}

/** Runs a worker until SIGTERM / SIGINT. */
export async function runWorker(config: Config): Promise<void> {
  const worker = await startWorker({ config });
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      resolve();
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  await worker.close();
}
