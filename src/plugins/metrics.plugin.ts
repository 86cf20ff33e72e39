/**
 * Prometheus metrics in a registry owned by this app (not prom-client's global one, so several apps in
 * one process, as in tests, never share counters). Exposed at /metrics by routes/metrics.route.ts.
 *
 * Request outcomes are read from the reply as it is serialised: the verdict of a decision, the code of
 * a refusal. Stage latencies come from the `timings_ms` the service already reports, job latencies
 * from the worker pools, queue depth and model load time from the engines when scraped.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { JobEvent } from '../adapters/workers/engine-pool.js';

export interface Metrics {
  readonly registry: Registry;
  /** Fed by the worker pools for every settled job. */
  readonly observeJob: (event: JobEvent) => void;
  /** Counts a worker thread that died and was replaced. */
  readonly workerReplaced: (kind: string) => void;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics;
  }
}

// Inference on 2 cores takes hundreds of ms to seconds; buckets cover 10 ms .. 60 s.
const LATENCY_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60];

interface ReplySummary {
  outcome?: string;
  timings?: Record<string, unknown>;
}

/** Reads what metrics need from a /verify reply body without keeping any of its personal content. */
function summarise(payload: unknown): ReplySummary {
  const details = (payload as { details?: Record<string, unknown> } | null)?.details;
  if (details === undefined || details === null) return {};
  const outcome = typeof details.verdict === 'string' ? details.verdict : typeof details.code === 'string' ? details.code : undefined;
  const timings = typeof details.timings_ms === 'object' && details.timings_ms !== null ? (details.timings_ms as Record<string, unknown>) : undefined;
  return { ...(outcome ? { outcome } : {}), ...(timings ? { timings } : {}) };
}

/** Outcome label when the body said nothing more specific: from the status code. */
function outcomeOf(status: number): string {
  if (status === 401) return 'unauthorized';
  if (status === 429) return 'rate_limited';
  if (status === 503) return 'unavailable';
  if (status >= 500) return 'internal_error';
  if (status >= 400) return 'rejected';
  return 'ok';
}

export default fp(
  async (app: FastifyInstance) => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });

    const requests = new Counter({
      name: 'identity_check_http_requests_total',
      help: 'HTTP requests answered, by route, method and status code',
      labelNames: ['route', 'method', 'status'] as const,
      registers: [registry],
    });
    const requestSeconds = new Histogram({
      name: 'identity_check_http_request_duration_seconds',
      help: 'Time from request received to response sent, by route',
      labelNames: ['route'] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    });
    const verifications = new Counter({
      name: 'identity_check_verifications_total',
      help: 'POST /verify answers by outcome: a verdict (verified, face_mismatch, ...), an input error code (ERR_...), or unauthorized / rate_limited / unavailable / internal_error',
      labelNames: ['outcome', 'status'] as const,
      registers: [registry],
    });
    const stageSeconds = new Histogram({
      name: 'identity_check_stage_duration_seconds',
      help: 'Per-stage duration of decided verifications: decode, inference (both engines), total',
      labelNames: ['stage'] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    });
    const jobSeconds = new Histogram({
      name: 'identity_check_engine_job_duration_seconds',
      help: 'Inference jobs in the worker pools: time queued (phase=wait) and time running (phase=run), by engine',
      labelNames: ['engine', 'phase'] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    });
    const jobs = new Counter({
      name: 'identity_check_engine_jobs_total',
      help: 'Inference jobs settled, by engine and outcome (ok, failed, timeout)',
      labelNames: ['engine', 'outcome'] as const,
      registers: [registry],
    });
    const replaced = new Counter({
      name: 'identity_check_worker_restarts_total',
      help: 'Worker threads that died and were replaced, by engine',
      labelNames: ['engine'] as const,
      registers: [registry],
    });
    // Gauges read the engines at scrape time; they are decorated after this plugin, hence the guards.
    const engines = () => (app.hasDecorator('engines') ? app.engines : undefined);
    new Gauge({
      name: 'identity_check_queue_depth',
      help: 'Inference jobs waiting for a worker, by engine',
      labelNames: ['engine'] as const,
      registers: [registry],
      collect() {
        const stats = engines()?.stats?.();
        if (stats === undefined) return;
        for (const [engine, s] of Object.entries(stats)) this.set({ engine }, s.queued);
      },
    });
    new Gauge({
      name: 'identity_check_workers_busy',
      help: 'Worker threads running a job, by engine',
      labelNames: ['engine'] as const,
      registers: [registry],
      collect() {
        const stats = engines()?.stats?.();
        if (stats === undefined) return;
        for (const [engine, s] of Object.entries(stats)) this.set({ engine }, s.busy);
      },
    });
    new Gauge({
      name: 'identity_check_workers',
      help: 'Worker threads in each pool',
      labelNames: ['engine'] as const,
      registers: [registry],
      collect() {
        const stats = engines()?.stats?.();
        if (stats === undefined) return;
        for (const [engine, s] of Object.entries(stats)) this.set({ engine }, s.workers);
      },
    });
    new Gauge({
      name: 'identity_check_model_load_seconds',
      help: 'Model load and warm-up time of the slowest worker, by engine (0 until loaded)',
      labelNames: ['engine'] as const,
      registers: [registry],
      collect() {
        const loaded = engines()?.loadTimes();
        if (loaded === undefined) return;
        this.set({ engine: 'face' }, loaded.face / 1000);
        this.set({ engine: 'document' }, loaded.document / 1000);
      },
    });
    new Gauge({
      name: 'identity_check_ready',
      help: '1 once every model is loaded and warmed',
      registers: [registry],
      collect() {
        this.set(engines()?.isReady() === true ? 1 : 0);
      },
    });

    const summaries = new WeakMap<FastifyRequest, ReplySummary>();
    app.addHook('preSerialization', async (request, _reply, payload) => {
      if (request.routeOptions.url === '/verify') summaries.set(request, summarise(payload));
      return payload;
    });
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      const status = reply.statusCode;
      requests.inc({ route, method: request.method, status: String(status) });
      requestSeconds.observe({ route }, reply.elapsedTime / 1000);
      if (route !== '/verify' || request.method !== 'POST') return;
      const summary = summaries.get(request) ?? {};
      verifications.inc({ outcome: summary.outcome ?? outcomeOf(status), status: String(status) });
      for (const [stage, ms] of Object.entries(summary.timings ?? {})) {
        if (typeof ms === 'number') stageSeconds.observe({ stage }, ms / 1000);
      }
    });

    app.decorate('metrics', {
      registry,
      observeJob: (event: JobEvent) => {
        jobs.inc({ engine: event.kind, outcome: event.outcome });
        jobSeconds.observe({ engine: event.kind, phase: 'wait' }, event.waitMs / 1000);
        if (event.runMs > 0) jobSeconds.observe({ engine: event.kind, phase: 'run' }, event.runMs / 1000);
      },
      workerReplaced: (kind: string) => replaced.inc({ engine: kind }),
    } satisfies Metrics);
  },
  { name: 'metrics' },
);
