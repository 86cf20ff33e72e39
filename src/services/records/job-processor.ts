/**
 * Runs one queued verification: takes the job from the store, opens its sealed uploads, decides through
 * the recorder and completes the record, which drops the uploads and queues the webhook in one
 * transaction. A job run twice (its first worker died after deciding) completes once.
 */
import type { RecordStore } from '../../adapters/store/record-store.js';
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
    if (await store.complete(job.id, recorded.completion)) this.options.onCompleted?.(job.id, recorded.completion.status, recorded.error);
    return true;
  }
}
