/**
 * How workers learn of queued verifications. The job itself (its encrypted uploads, its state) always
 * lives in the record store; a queue only hands out references to it: the store's own polling (embedded)
 * or BullMQ on Redis (scale-out).
 */
export interface JobQueue {
  readonly kind: 'embedded' | 'bullmq';
  /** Tells workers a job was stored under `ref`. */
  announce(ref: string): Promise<void>;
  /** Forgets a job not yet taken (its verification was deleted). */
  remove(ref: string): Promise<void>;
  /**
   * Starts taking jobs: `take(ref)` runs the job with that ref, or (embedded) the next one due, and says
   * whether there was one.
   */
  consume(take: (ref?: string) => Promise<boolean>, concurrency: number): void;
  /** Stops taking jobs, waits for the ones running, releases connections. */
  close(): Promise<void>;
}
