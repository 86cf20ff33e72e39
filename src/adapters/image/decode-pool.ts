/**
 * A small pool of decode processes with a deadline per decode. libvips runs on libuv's threadpool, where
 * no JS deadline reaches and which a worker thread cannot stop (issue 14: a 2 kB EXIF block held a
 * request 56 s, and abandoned ones held the threadpool for hours). A child process can be stopped: one
 * still decoding at the deadline is killed (SIGKILL) and replaced, and the decode rejects with
 * DecodeTimeoutError. A decode that cannot even start within the deadline (all processes busy) rejects
 * with TimeoutError, which the app answers 503. Processes are killed when the pool closes and, as a last
 * resort, when this process exits.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TimeoutError } from '../../domain/errors.js';
import type { PixelRequest, PixelResult } from './decode-pixels.js';
import type { ChildMessage, ParentMessage } from './decode-protocol.js';

/** The decode was still running at the deadline; its process was killed. */
export class DecodeTimeoutError extends Error {
  override readonly name = 'DecodeTimeoutError';
}

/** The decode process died while decoding (a crash in libvips or its libraries on this input). */
export class DecodeCrashError extends Error {
  override readonly name = 'DecodeCrashError';
}

/** The request that wanted the decode went away before it finished. */
export class DecodeAbortedError extends Error {
  override readonly name = 'DecodeAbortedError';
}

export interface DecodePoolOptions {
  /** Decode processes kept running. */
  readonly size: number;
  /** A decode may wait this long for a free process, then run this long, ms. */
  readonly timeoutMs: number;
  /** Entry module of a decode process; tests substitute a double that misbehaves on purpose. */
  readonly childModule?: URL;
  /** Called when a process is killed at its deadline or dies, for logs and metrics. */
  readonly onReplaced?: (reason: string) => void;
}

export interface DecodePoolStats {
  readonly processes: number;
  readonly busy: number;
  readonly queued: number;
  /** Decodes past their deadline whose process is not gone yet (should stay 0: they are SIGKILLed). */
  readonly stuck: number;
}

interface Job {
  readonly id: number;
  readonly request: PixelRequest;
  readonly resolve: (result: PixelResult) => void;
  readonly reject: (error: Error) => void;
  settled: boolean;
  timer?: NodeJS.Timeout;
  startedAt?: number;
}

interface Child {
  readonly process: ChildProcess;
  ready: boolean;
  job: Job | null;
}

/**
 * The environment a decode process starts with: the server's, with glibc limited to one malloc arena. A decode
 * process runs one job at a time, but libvips and libuv threads would each get an arena of their own, which
 * stays mapped after the job (docs/OPERATIONS.md, "Sizing").
 */
export function decodeChildEnv(parent: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...parent, MALLOC_ARENA_MAX: '1' };
}

const DEFAULT_CHILD = new URL(`./decode-child${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
// Restarting a process that dies before it is ready waits this long, so a broken install does not spin.
const RESPAWN_DELAY_MS = 1_000;

export class DecodePool {
  private readonly children: Child[] = [];
  /** Killed processes whose exit has not been seen yet. */
  private readonly dying = new Set<ChildProcess>();
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closing = false;
  private markReady: () => void = () => undefined;
  private waitingForReady: number;
  /** Resolves once every first process has started (decodes submitted earlier simply queue). */
  readonly ready = new Promise<void>((resolve) => {
    this.markReady = resolve;
  });
  private readonly killAll = (): void => {
    for (const child of this.children) child.process.kill('SIGKILL');
    for (const child of this.dying) child.kill('SIGKILL');
  };

  constructor(private readonly options: DecodePoolOptions) {
    this.waitingForReady = options.size;
    for (let i = 0; i < options.size; i++) this.spawn();
    process.once('exit', this.killAll);
  }

  /**
   * Decodes in a pool process. `signal` is the request going away: a decode it aborts is dropped from the
   * queue or, if running, its process is killed and replaced, so an abandoned upload holds no process.
   */
  readonly decode = (request: PixelRequest, signal?: AbortSignal): Promise<PixelResult> => {
    if (this.closing) return Promise.reject(new TimeoutError('the decode pool is shutting down'));
    if (signal?.aborted) return Promise.reject(new DecodeAbortedError('the request went away'));
    return new Promise<PixelResult>((resolve, reject) => {
      const job: Job = { id: this.nextId++, request, resolve, reject, settled: false };
      job.timer = setTimeout(() => {
        const queued = this.queue.indexOf(job);
        if (queued >= 0) this.queue.splice(queued, 1);
        this.settle(job, new TimeoutError(`no decode process was free within ${this.options.timeoutMs} ms`));
      }, this.options.timeoutMs);
      signal?.addEventListener('abort', () => this.abandon(job), { once: true });
      this.queue.push(job);
      this.dispatch();
    });
  };

  /** Drops an abandoned job: out of the queue, or its process killed and replaced. */
  private abandon(job: Job): void {
    if (job.settled) return;
    const queued = this.queue.indexOf(job);
    if (queued >= 0) this.queue.splice(queued, 1);
    const child = this.children.find((c) => c.job === job);
    if (child !== undefined) this.retire(child, 'decode abandoned by its request');
    this.settle(job, new DecodeAbortedError('the request went away'));
  }

  stats(): DecodePoolStats {
    const now = performance.now();
    const overdue = this.children.filter((c) => c.job?.startedAt !== undefined && now - c.job.startedAt > this.options.timeoutMs).length;
    return {
      processes: this.children.length,
      busy: this.children.filter((c) => c.job !== null).length,
      queued: this.queue.length,
      stuck: this.dying.size + overdue,
    };
  }

  /** Process ids, for tests and diagnostics. */
  pids(): number[] {
    return this.children.map((c) => c.process.pid ?? -1);
  }

  /**
   * Refuses new decodes, lets queued and running ones finish (each bounded by its deadline, so this ends),
   * then kills every process.
   */
  async close(): Promise<void> {
    this.closing = true;
    while (this.queue.length > 0 || this.children.some((c) => c.job !== null)) await new Promise((r) => setTimeout(r, 20));
    this.terminate();
  }

  /** Kills every process now, whatever it is doing (shutdown deadline). */
  terminate(): void {
    this.closing = true;
    for (const job of this.queue.splice(0)) this.settle(job, new TimeoutError('the decode pool was shut down'));
    for (const child of this.children.splice(0)) {
      if (child.job !== null) this.settle(child.job, new TimeoutError('the decode pool was shut down'));
      this.dying.add(child.process);
    }
    this.killAll();
    process.removeListener('exit', this.killAll);
  }

  private spawn(): void {
    const url = this.options.childModule ?? DEFAULT_CHILD;
    // From source (tests, benchmarks under tsx) the child needs tsx's loader too.
    // --expose-gc: decode-child.ts collects each job's buffers once it has answered (see there).
    const execArgv = ['--expose-gc', ...(url.pathname.endsWith('.ts') ? ['--import', import.meta.resolve('tsx')] : [])];
    const proc = fork(fileURLToPath(url), [], { env: decodeChildEnv(process.env), execArgv, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const child: Child = { process: proc, ready: false, job: null };
    this.children.push(child);
    proc.on('message', (message: ChildMessage) => {
      if ('ready' in message) {
        child.ready = true;
        if (--this.waitingForReady === 0) this.markReady();
        this.dispatch();
        return;
      }
      const job = child.job;
      if (job === null || job.id !== message.id) return;
      child.job = null;
      if ('result' in message) this.settle(job, null, message.result);
      else this.settle(job, new DecodeCrashError(message.error));
      this.dispatch();
    });
    const gone = (reason: string): void => {
      this.dying.delete(proc);
      if (!this.children.includes(child)) return;
      this.retire(child, reason);
      if (child.job !== null) this.settle(child.job, new DecodeCrashError(reason));
    };
    proc.on('exit', (code, signal) => gone(`decode process exited (${signal ?? code})`));
    proc.on('error', (error) => gone(`decode process failed: ${error.message}`));
  }

  /** Takes a process out of the pool, kills it, and starts its replacement. */
  private retire(child: Child, reason: string): void {
    const index = this.children.indexOf(child);
    if (index < 0) return;
    this.children.splice(index, 1);
    if (child.process.exitCode === null && child.process.signalCode === null) {
      this.dying.add(child.process);
      child.process.kill('SIGKILL');
    }
    this.options.onReplaced?.(reason);
    if (this.closing) return;
    if (child.ready) this.spawn();
    else setTimeout(() => !this.closing && this.spawn(), RESPAWN_DELAY_MS).unref();
  }

  private dispatch(): void {
    for (const child of this.children) {
      if (!child.ready || child.job !== null) continue;
      const job = this.queue.shift();
      if (job === undefined) return;
      child.job = job;
      job.startedAt = performance.now();
      clearTimeout(job.timer);
      job.timer = setTimeout(() => {
        this.retire(child, `decode ran past ${this.options.timeoutMs} ms`);
        this.settle(job, new DecodeTimeoutError(`decode ran past ${this.options.timeoutMs} ms`));
      }, this.options.timeoutMs);
      const message: ParentMessage = { id: job.id, request: job.request };
      child.process.send(message);
    }
  }

  private settle(job: Job, error: Error | null, result?: PixelResult): void {
    if (job.settled) return;
    job.settled = true;
    clearTimeout(job.timer);
    if (error !== null) job.reject(error);
    else job.resolve(result as PixelResult);
  }
}
