/**
 * Wires the records: store, secrets, recorder, queue, and (where jobs run) the job processor, its
 * consumers and the webhook dispatcher. The HTTP service and `identity-check worker` both start from here;
 * which parts run where is configuration (QUEUE_WORKERS, REDIS_URL).
 */
import { createHash } from 'node:crypto';
import type { RecordsConfig } from '../../config/config.js';
import type { Policy } from '../../config/policy.js';
import { openRecordStore } from '../../adapters/store/open-store.js';
import type { RecordStore } from '../../adapters/store/record-store.js';
import type { JobQueue } from '../../adapters/queue/job-queue.js';
import { storeQueue } from '../../adapters/queue/store-queue.js';
import { bullQueue } from '../../adapters/queue/bullmq-queue.js';
import type { Delivery } from '../../adapters/webhook/webhook-client.js';
import type { VerificationOutcome, VerifyInput } from '../verification.service.js';
import { JobDeferredError, JobProcessor } from './job-processor.js';
import { RecordSecrets } from './record-secrets.js';
import { VerificationRecorder } from './recorder.service.js';
import { VerificationsService } from './verifications.service.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';

export interface Records {
  readonly store: RecordStore;
  readonly secrets: RecordSecrets;
  readonly recorder: VerificationRecorder;
  readonly queue: JobQueue;
  readonly verifications: VerificationsService;
  /** Present where jobs run (QUEUE_WORKERS > 0, or a worker process). */
  readonly processor: JobProcessor | undefined;
  readonly dispatcher: WebhookDispatcher | undefined;
  close(): Promise<void>;
}

export interface StartRecordsOptions {
  readonly config: RecordsConfig;
  readonly policy: Policy;
  /** Job consumers in this process (0: accept jobs only, workers elsewhere run them). */
  readonly workers: number;
  /** Runs one verification; needed when `workers` > 0. */
  readonly verify?: (input: VerifyInput) => Promise<VerificationOutcome>;
  readonly onError?: (error: unknown, what: string) => void;
  /** Webhook transport (tests); the SSRF-checked HTTP client by default. */
  readonly send?: (url: string, body: string, headers: Record<string, string>) => Promise<Delivery>;
}

/** Short, stable hash of the policy in force: the same thresholds and switches give the same version. */
export function policyVersion(policy: Policy): string {
  const text = JSON.stringify(policy, (_key, value: unknown) => (ArrayBuffer.isView(value) ? Array.from(value as Float32Array) : value));
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

export async function startRecords(options: StartRecordsOptions): Promise<Records> {
  const { config } = options;
  const store = await openRecordStore(config);
  const secrets = await RecordSecrets.resolve(config, store);
  const recorder = new VerificationRecorder({
    store,
    secrets,
    policyVersion: policyVersion(options.policy),
    storePersonalData: config.storePersonalData,
    replayWindowMs: config.replayWindowDays * 86_400_000,
    selfieReuseAction: config.selfieReuseAction,
    commit: config.recordCommit,
  });
  const queue = config.redisUrl !== undefined
    ? bullQueue({ redisUrl: config.redisUrl, prefix: config.queuePrefix, stalledMs: Math.min(config.jobLeaseMs, 30_000), onError: (e) => options.onError?.(e, 'queue') })
    : storeQueue();
  let processor: JobProcessor | undefined;
  let dispatcher: WebhookDispatcher | undefined;
  if (options.workers > 0) {
    if (options.verify === undefined) throw new Error('startRecords: workers need a verify function');
    dispatcher = new WebhookDispatcher({
      store,
      secrets,
      rules: { allowedHosts: config.webhookAllowedHosts, allowHttp: config.webhookAllowHttp },
      backoffMs: config.webhookBackoffMs,
      retryMs: config.webhookRetryMs,
      ...(options.send ? { send: options.send } : {}),
    });
    const wake = dispatcher;
    processor = new JobProcessor({
      store,
      secrets,
      recorder,
      leaseMs: config.jobLeaseMs,
      verify: options.verify,
      onCompleted: (_id, status, error) => {
        if (status === 'failed' && error !== undefined) options.onError?.(error, 'job');
        wake.nudge();
      },
    });
    const run = processor;
    queue.consume(async (ref) => {
      try {
        return await run.take(ref);
      } catch (error) {
        if (!(error instanceof JobDeferredError)) options.onError?.(error, 'job');
        throw error;
      }
    }, options.workers);
    dispatcher.start();
  }
  return {
    store,
    secrets,
    recorder,
    queue,
    verifications: new VerificationsService({ store, secrets, recorder, queue }),
    processor,
    dispatcher,
    async close() {
      await queue.close();
      await dispatcher?.close();
      await store.close();
    },
  };
}
