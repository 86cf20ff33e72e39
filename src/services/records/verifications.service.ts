/**
 * The asynchronous verifications API without HTTP: accept a job (sealed uploads, idempotency), read,
 * list and delete records. Deleting removes the record, the held job, its queue entry and the webhook log.
 */
import { randomUUID } from 'node:crypto';
import type { RecordStore, VerificationRecord } from '../../adapters/store/record-store.js';
import type { JobQueue } from '../../adapters/queue/job-queue.js';
import type { VerifyInput } from '../verification.service.js';
import { packFields } from './job-payload.js';
import { nameKey, type RecordSecrets } from './record-secrets.js';
import type { VerificationRecorder } from './recorder.service.js';

const IDEMPOTENCY_MS = 24 * 3_600_000;

export interface VerificationsDeps {
  readonly store: RecordStore;
  readonly secrets: RecordSecrets;
  readonly recorder: VerificationRecorder;
  readonly queue: JobQueue;
}

export class VerificationsService {
  constructor(private readonly deps: VerificationsDeps) {}

  /** Stores the job and tells the workers; the same idempotency key within 24 h gives the first job back. */
  async submit(
    input: VerifyInput,
    caller: { apiKeyId: string | null },
    extra: { callbackUrl?: string; idempotencyKey?: string },
  ): Promise<{ id: string; created: boolean }> {
    const { store, secrets, recorder, queue } = this.deps;
    const now = Date.now();
    const accepted = recorder.accept(input, { id: randomUUID(), apiKeyId: caller.apiKeyId, createdAt: now }, 'async', extra);
    // The ref is what the queue (Redis) sees: random, so it names neither the record nor the person.
    const ref = randomUUID();
    const payload = secrets.seal(packFields(input as unknown as Record<string, unknown>), accepted.id);
    const stored = await store.insertQueued(accepted, { ref, payload }, now - IDEMPOTENCY_MS);
    if (stored.queueRef !== null) await queue.announce(stored.queueRef);
    return { id: stored.id, created: stored.created };
  }

  /** The record, visible only to the key that made it (every record when auth is off). */
  async get(id: string, apiKeyId: string | null): Promise<VerificationRecord | undefined> {
    const record = await this.deps.store.get(id);
    return record !== undefined && visible(record, apiKeyId) ? record : undefined;
  }

  /** Removes every trace; false when there was no such record for this key. */
  async delete(id: string, apiKeyId: string | null): Promise<boolean> {
    if ((await this.get(id, apiKeyId)) === undefined) return false;
    const removed = await this.deps.store.delete(id);
    if (removed?.queueRef) await this.deps.queue.remove(removed.queueRef);
    return removed !== undefined;
  }

  /** Deletes the records created before `before` (RETENTION_DAYS); returns how many. */
  async sweep(before: number): Promise<number> {
    let removed = 0;
    for (;;) {
      const ids = await this.deps.store.createdBefore(before, 500);
      for (const id of ids) {
        const gone = await this.deps.store.delete(id);
        if (gone?.queueRef) await this.deps.queue.remove(gone.queueRef);
        if (gone !== undefined) removed++;
      }
      if (ids.length < 500) return removed;
    }
  }

  /** A page of records in creation order (each key sees its own), optionally only those of one typed name. */
  async list(after: string | undefined, limit: number, apiKeyId: string | null, name?: string): Promise<VerificationRecord[]> {
    const nameHmac = name === undefined ? undefined : this.deps.secrets.hmac(nameKey(name));
    return this.deps.store.list(after, limit, {
      ...(apiKeyId === null ? {} : { apiKeyId }),
      ...(nameHmac === undefined ? {} : { nameHmac }),
    });
  }
}

/** Auth off (null): one tenant sees all. Auth on: a key sees the records it made. */
function visible(record: VerificationRecord, apiKeyId: string | null): boolean {
  return apiKeyId === null || record.apiKeyId === apiKeyId;
}
