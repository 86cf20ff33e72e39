import { Worker } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import type { ModelInfo, RgbImage } from '../image/rgb-image.js';
import type { ReadHints } from '../document/document.types.js';
import { TimeoutError } from '../../domain/errors.js';
import type { EngineKind, JobMessage, JobTask, WorkerInit, WorkerMessage } from './protocol.js';

/** Raised when a queue is full: the caller should answer 503 with Retry-After. */
export class QueueFullError extends Error {
  override readonly name = 'QueueFullError';

  constructor(
    message: string,
    /** Seconds until a retry could be served, when the queue that refused can tell; absent means unknown. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export interface PoolOptions {
  readonly kind: EngineKind;
  readonly size: number;
  /** onnxruntime intra-op threads per session in each worker (document engine only); 1 when absent. */
  readonly threads?: number;
  /** Jobs allowed to wait for a free worker; more are refused at once. */
  readonly maxQueue: number;
  /** Called when a worker dies unexpectedly (it is replaced). */
  readonly onWorkerError?: (error: Error, kind: EngineKind) => void;
  /** Called once per settled job, for metrics: how long it queued, how long it ran, how it ended. */
  readonly onJob?: (event: JobEvent) => void;
}

/** One finished job as metrics see it. `runMs` is 0 when the job never reached a worker. */
export interface JobEvent {
  readonly kind: EngineKind;
  readonly outcome: 'ok' | 'failed' | 'timeout';
  readonly waitMs: number;
  readonly runMs: number;
}

interface Job {
  readonly id: number;
  readonly image: RgbImage;
  readonly hints: ReadHints | undefined;
  readonly task: JobTask;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  settled: boolean;
  timer?: NodeJS.Timeout;
  readonly queuedAt: number;
  startedAt?: number;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  ready: boolean;
}

const RUNNING_FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(`./engine-worker${RUNNING_FROM_SOURCE ? '.ts' : '.js'}`, import.meta.url);

/**
 * V8's young generation of each worker's heap, MB. Node's default lets it grow to about 48 MB per thread; the
 * engines' large arrays live outside the V8 heap, so a small one costs no measurable CPU and saved about 50 MB
 * at the peak of a burst across the three workers (docs/OPERATIONS.md, "Sizing").
 */
export const WORKER_YOUNG_GENERATION_MB = 8;

/** How an engine worker thread is started; exported for its tests. */
export function workerOptions(init: WorkerInit): { readonly workerData: WorkerInit; readonly resourceLimits: { readonly maxYoungGenerationSizeMb: number } } {
  return { workerData: init, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } };
}

/**
 * Compiled, the worker is its .js file. From source (tests, benchmarks under tsx), Node 20 does not apply
 * tsx's loader hooks inside worker threads, so a tiny bootstrap registers tsx there first.
 */
function newWorker(init: WorkerInit): Worker {
  if (!RUNNING_FROM_SOURCE) return new Worker(WORKER_URL, workerOptions(init));
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_URL.href)}); })`;
  return new Worker(bootstrap, { eval: true, ...workerOptions(init) });
}

/**
 * A fixed set of worker threads each holding its own loaded engine, one job per worker at a time,
 * with a bounded FIFO queue and per-job deadlines. A worker that crashes is replaced and its job fails.
 */
export class EnginePool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closing = false;
  private modelsLoaded: readonly ModelInfo[] = [];
  private loadMsMax = 0;

  constructor(private readonly options: PoolOptions) {}

  get models(): readonly ModelInfo[] {
    return this.modelsLoaded;
  }

  /** Slowest worker's model load + warm-up time. */
  get loadMs(): number {
    return this.loadMsMax;
  }

  /** Worker threads in the pool (ready or loading). */
  get size(): number {
    return this.slots.length;
  }

  get queueDepth(): number {
    return this.queue.length;
  }

  /**
   * Jobs answered with TimeoutError that their worker is still running (a thread in onnxruntime cannot be
   * stopped safely). Health reports the service degraded while this is not 0.
   */
  get stuck(): number {
    return this.slots.filter((s) => s.job !== null && s.job.settled).length;
  }

  /** Workers currently running a job. */
  get busy(): number {
    return this.slots.filter((s) => s.job !== null).length;
  }

  /** Spawns every worker and resolves once all have loaded their models. */
  async start(): Promise<void> {
    await Promise.all(Array.from({ length: this.options.size }, () => this.spawn()));
  }

  /** Runs one job; rejects with TimeoutError after `timeoutMs`, QueueFullError when saturated. */
  run<T>(image: RgbImage, timeoutMs: number, hints?: ReadHints, task: JobTask = 'main'): Promise<T> {
    if (this.closing) return Promise.reject(new QueueFullError(`${this.options.kind} pool is shutting down`));
    if (this.queue.length >= this.options.maxQueue && !this.slots.some((s) => s.ready && s.job === null)) {
      return Promise.reject(new QueueFullError(`${this.options.kind} queue is full`));
    }
    return new Promise<T>((resolve, reject) => {
      const job: Job = { id: this.nextId++, image, hints, task, resolve: resolve as (value: unknown) => void, reject, settled: false, queuedAt: performance.now() };
      job.timer = setTimeout(() => {
        const queued = this.queue.indexOf(job);
        if (queued >= 0) this.queue.splice(queued, 1);
        // A job already running is answered but left to finish: terminating a thread while onnxruntime
        // runs in it aborts the whole process ("terminate called after throwing Napi::Error").
        this.settle(job, new TimeoutError(`${this.options.kind} inference exceeded ${timeoutMs} ms`));
      }, timeoutMs);
      this.queue.push(job);
      this.dispatch();
    });
  }

  /**
   * Refuses new jobs, lets running and queued ones finish (each is still bounded by its deadline, so this
   * ends), then stops every worker. Queued jobs belong to requests already admitted: graceful shutdown
   * answers them rather than failing them.
   */
  async close(): Promise<void> {
    this.closing = true;
    while (this.queue.length > 0 || this.slots.some((s) => s.job !== null)) await new Promise((r) => setTimeout(r, 20));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private spawn(): Promise<void> {
    const init: WorkerInit = { kind: this.options.kind, ...(this.options.threads !== undefined ? { threads: this.options.threads } : {}) };
    const worker = newWorker(init);
    const slot: Slot = { worker, job: null, ready: false };
    this.slots.push(slot);
    return new Promise<void>((resolveStart, rejectStart) => {
      worker.on('message', (message: WorkerMessage) => {
        switch (message.type) {
          case 'ready':
            slot.ready = true;
            this.modelsLoaded = message.models;
            this.loadMsMax = Math.max(this.loadMsMax, message.loadMs);
            resolveStart();
            this.dispatch();
            break;
          case 'load-failed':
            rejectStart(new Error(`${this.options.kind} engine failed to load: ${message.error}`));
            break;
          case 'result':
          case 'failed': {
            const job = slot.job;
            slot.job = null;
            if (job !== null && job.id === message.id) {
              if (message.type === 'result') this.settle(job, null, message.value);
              else this.settle(job, new Error(message.error));
            }
            this.dispatch();
            break;
          }
        }
      });
      worker.on('error', (error) => {
        if (!slot.ready) rejectStart(error);
        this.replace(slot, error);
      });
      worker.on('exit', (code) => {
        if (!this.closing && this.slots.includes(slot)) this.replace(slot, new Error(`${this.options.kind} worker exited with code ${code}`));
      });
    });
  }

  private replace(slot: Slot, error: Error): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    if (slot.job !== null) this.settle(slot.job, error);
    this.options.onWorkerError?.(error, this.options.kind);
    void slot.worker.terminate();
    if (!this.closing && slot.ready) this.spawn().catch((e: unknown) => this.options.onWorkerError?.(e as Error, this.options.kind));
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (!slot.ready || slot.job !== null) continue;
      const job = this.queue.shift();
      if (job === undefined) return;
      slot.job = job;
      job.startedAt = performance.now();
      const message: JobMessage = { id: job.id, image: job.image, ...(job.hints ? { hints: job.hints } : {}), ...(job.task !== 'main' ? { task: job.task } : {}) };
      slot.worker.postMessage(message);
    }
  }

  private settle(job: Job, error: Error | null, value?: unknown): void {
    if (job.settled) return;
    job.settled = true;
    clearTimeout(job.timer);
    if (this.options.onJob !== undefined) {
      const now = performance.now();
      const started = job.startedAt ?? now;
      const outcome = error === null ? 'ok' : error instanceof TimeoutError ? 'timeout' : 'failed';
      this.options.onJob({ kind: this.options.kind, outcome, waitMs: started - job.queuedAt, runMs: now - started });
    }
    if (error !== null) job.reject(error);
    else job.resolve(value);
  }
}
