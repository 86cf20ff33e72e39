/**
 * The waiting room in front of the inference slots (admission.plugin.ts): at most `slots` verifications are
 * worked on at once; the next ones wait in FIFO order, and one is refused only when its predicted wait would
 * exceed `timeoutMs`. The prediction is Little's law on the service's own recent past: with every slot busy,
 * slots finish at a rate of `slots / serviceMs`, so the n-th in line waits about `n * serviceMs / slots`.
 * A refusal says, in Retry-After, when the line ahead will have shrunk enough for a retry to be admitted.
 */
import { QueueFullError } from '../adapters/workers/engine-pool.js';

export interface AdmissionQueueOptions {
  /** Verifications worked on at once (MAX_IN_FLIGHT). */
  readonly slots: number;
  /** Longest predicted (and actual) wait for a slot before a request is refused (QUEUE_TIMEOUT_MS); 0 = never wait. */
  readonly timeoutMs: number;
  /** Clock in ms; injectable so tests need no timers. */
  readonly now?: () => number;
}

/** Gives the slot back; idempotent, so both a finished answer and a closed socket may call it. */
export type Release = () => void;

interface Waiter {
  readonly resolve: (release: Release) => void;
  readonly reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
}

/**
 * Before the first verification has finished there is nothing to learn from; a cold 2-core host takes about
 * this long per verification with a full set of slots busy, so the first burst is neither refused too early
 * nor queued far past the bound.
 */
const PRIOR_SERVICE_MS = 2_000;
/** Weight of the newest service time in the running average: recent enough to follow load, smooth enough to ignore one outlier. */
const SMOOTHING = 0.2;

export class AdmissionQueue {
  private inFlight = 0;
  private readonly waiting: Waiter[] = [];
  private serviceMs = PRIOR_SERVICE_MS;
  private readonly now: () => number;

  constructor(private readonly options: AdmissionQueueOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  /** Verifications holding a slot now. */
  get active(): number {
    return this.inFlight;
  }

  /** Requests waiting for a slot now. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Running average of how long a verification holds its slot, ms. */
  get averageServiceMs(): number {
    return this.serviceMs;
  }

  /** Predicted wait of a request arriving now, ms (0 when a slot is free). */
  predictedWaitMs(): number {
    if (this.inFlight < this.options.slots && this.waiting.length === 0) return 0;
    return ((this.waiting.length + 1) * this.serviceMs) / this.options.slots;
  }

  /**
   * Takes a slot, waiting for one if the predicted wait fits the bound. Rejects with QueueFullError (whose
   * `retryAfterSeconds` is computed from the line ahead) when it does not, when the wait actually overruns the
   * bound, or when `signal` aborts while waiting (the client went away).
   */
  acquire(signal?: AbortSignal): Promise<Release> {
    if (this.inFlight < this.options.slots && this.waiting.length === 0) return Promise.resolve(this.take());
    const predicted = this.predictedWaitMs();
    if (predicted > this.options.timeoutMs) {
      return Promise.reject(this.refusal(`${this.inFlight} verifications in flight, ${this.waiting.length} waiting`, predicted - this.options.timeoutMs));
    }
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject };
      const leave = (error: Error): void => {
        const index = this.waiting.indexOf(waiter);
        if (index < 0) return;
        this.waiting.splice(index, 1);
        clearTimeout(waiter.timer);
        reject(error);
      };
      waiter.timer = setTimeout(
        () => leave(this.refusal(`no slot within ${this.options.timeoutMs} ms`, this.serviceMs / this.options.slots)),
        this.options.timeoutMs,
      );
      signal?.addEventListener('abort', () => leave(new QueueFullError('the client went away while queued')), { once: true });
      this.waiting.push(waiter);
    });
  }

  private take(): Release {
    this.inFlight++;
    const started = this.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight--;
      this.serviceMs += SMOOTHING * (this.now() - started - this.serviceMs);
      this.handOver();
    };
  }

  private handOver(): void {
    while (this.inFlight < this.options.slots) {
      const next = this.waiting.shift();
      if (next === undefined) return;
      clearTimeout(next.timer);
      next.resolve(this.take());
    }
  }

  private refusal(reason: string, retryInMs: number): QueueFullError {
    return new QueueFullError(reason, Math.max(1, Math.ceil(retryInMs / 1000)));
  }
}
