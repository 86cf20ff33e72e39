/**
 * Runs one queued verification: takes the job from the store, opens its sealed uploads, decides through
 * the recorder and completes the record, which drops the uploads and queues the webhook in one
 * transaction. A job run twice (its first worker died after deciding) completes once.
 */
import type { RecordStore } from '../../adapters/store/record-store.js';
import { QueueFullError } from '../../adapters/workers/engine-pool.js';
import { TimeoutError } from '../../domain/errors.js';
import type { VerificationOutcome, VerifyInput } from '../verification.service.js';
import { unpackFields } from './job-payload.js';
import type { RecordSecrets } from './record-secrets.js';
import type { VerificationRecorder } from './recorder.service.js';

export interface JobProcessorOptions {
  readonly store: RecordStore;
  readonly secrets: RecordSecrets;
  readonly recorder: VerificationRecorder;
  readonly leaseMs: number;
  readonly verify: (input: VerifyInput) => Promise<VerificationOutcome>;
  /** Called after a job completed (its webhook may be due). */
  readonly onCompleted?: (id: string, outcome: 'done' | 'failed', error: unknown) => void;
}

/** The engines were busy or slow: the job was given back to be retried, not ended. */
export class JobDeferredError extends Error {
  override readonly name = 'JobDeferredError';
}

/** Attempts after which a busy-engine failure ends the job (failed, 500) instead of deferring it again. */
const MAX_ATTEMPTS = 5;

export class JobProcessor {
  constructor(private readonly options: JobProcessorOptions) {}

  /** Runs the job with `ref`, or the next one due; false when there was none. */
  async take(ref?: string): Promise<boolean> {
    const { store, secrets, recorder } = this.options;
    const job = await store.claimJob(Date.now(), this.options.leaseMs, ref);
    if (job === undefined) return false;
    const record = await store.get(job.id);
    if (record === undefined) return true;
    const input = unpackFields(secrets.open(job.payload, job.id)) as unknown as VerifyInput;
    const recorded = await recorder.decide({ ...record, idempotencyKey: null }, job.id, () => this.options.verify(input));
    const busy = recorded.error instanceof QueueFullError || recorded.error instanceof TimeoutError;
    if (busy && job.attempts < MAX_ATTEMPTS) {
      await store.releaseJob(job.id, Date.now() + 1_000 * 2 ** job.attempts);
      // BullMQ retries a job whose processor threw, with its own backoff; the embedded queue retakes it after retryAt.
      throw new JobDeferredError(`engines busy, job ${job.id} deferred (attempt ${job.attempts})`);
    }
    if (await store.complete(job.id, recorded.completion)) this.options.onCompleted?.(job.id, recorded.completion.status, recorded.error);
    return true;
  }
}
