/**
 * Admission control for POST /verify and POST /documents/read, in two stages so that a slow upload holds no inference slot
 * (issue 14: three connections that sent 100 bytes and then nothing made every other /verify a 503).
 *
 * 1. Upload: from preHandler (after auth and the rate limit) until the form has been read, each client
 *    address may have `maxUploadsPerClient` uploads arriving at once; one more is refused with
 *    429 ERR_TOO_MANY_UPLOADS. Uploads cost a socket and a buffer, not CPU; the upload deadline
 *    (UPLOAD_TIMEOUT_MS, app.ts) cuts a trickler off without refusing anyone else.
 * 2. Inference: the route awaits `app.admission.admit()` once the form is read. At most `maxInFlight`
 *    verifications are worked on at once; the next wait in a FIFO line (admission-queue.ts) as long as their
 *    predicted wait stays within `queueTimeoutMs`, and only past that bound is one refused at once with 503
 *    and a Retry-After computed from the line, before it is decoded. Bounding work at the door keeps a
 *    request's face jobs from being admitted and its document job then refused by a pool queue, wasting the
 *    work done. The pool queues (MAX_QUEUE) stay as a second bound.
 *
 * Both slots are released when the response closes, whether it finished or the client went away.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Gauge } from 'prom-client';
import { ApiError } from './api-error.js';
import { AdmissionQueue } from './admission-queue.js';
import { QueueFullError } from '../adapters/workers/engine-pool.js';

/** The routes that run inference: their uploads and their work are bounded here. */
const ADMITTED_ROUTES: ReadonlySet<string> = new Set(['/verify', '/documents/read']);

export interface AdmissionOptions {
  readonly maxInFlight: number;
  readonly maxUploadsPerClient: number;
  /** Longest predicted wait for an inference slot before a request is refused (QUEUE_TIMEOUT_MS). */
  readonly queueTimeoutMs: number;
}

export interface Admission {
  /**
   * Ends the request's upload stage and takes an inference slot for it, released when the response
   * closes, waiting for one while the predicted wait fits QUEUE_TIMEOUT_MS; rejects with QueueFullError
   * (503 + Retry-After) past that bound.
   */
  admit(request: FastifyRequest, reply: FastifyReply): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    admission: Admission;
  }
}

export default fp<AdmissionOptions>(
  async (app: FastifyInstance, options) => {
    const slots = new AdmissionQueue({ slots: options.maxInFlight, timeoutMs: options.queueTimeoutMs });
    const uploads = new Map<string, number>();
    /** Per request: ends its upload stage (idempotent). */
    const uploadEnds = new WeakMap<FastifyRequest, () => void>();
    /** Per request: aborts when its response closes (answered, or the client went away). */
    const closedSignals = new WeakMap<FastifyRequest, AbortSignal>();
    if (app.hasDecorator('metrics')) {
      const registers = [app.metrics.registry];
      new Gauge({ name: 'identity_check_admission_limit', help: 'Verifications admitted at once (MAX_IN_FLIGHT)', registers }).set(options.maxInFlight);
      new Gauge({
        name: 'identity_check_in_flight',
        help: 'Verifications being worked on now (uploads still arriving are not counted)',
        registers,
        collect() {
          this.set(slots.active);
        },
      });
      new Gauge({
        name: 'identity_check_admission_queue',
        help: 'Verifications waiting for an inference slot (QUEUE_TIMEOUT_MS bounds their predicted wait)',
        registers,
        collect() {
          this.set(slots.queued);
        },
      });
      new Gauge({
        name: 'identity_check_uploads_in_progress',
        help: 'Uploads to /verify still arriving',
        registers,
        collect() {
          this.set([...uploads.values()].reduce((a, b) => a + b, 0));
        },
      });
    }

    app.addHook('preHandler', async (request, reply) => {
      if (request.method !== 'POST' || !ADMITTED_ROUTES.has(request.routeOptions.url ?? '')) return;
      const client = request.ip;
      const current = uploads.get(client) ?? 0;
      if (current >= options.maxUploadsPerClient) {
        throw new ApiError('ERR_TOO_MANY_UPLOADS', `at most ${options.maxUploadsPerClient} uploads at once from one client`);
      }
      uploads.set(client, current + 1);
      let ended = false;
      const end = (): void => {
        if (ended) return;
        ended = true;
        const left = (uploads.get(client) ?? 1) - 1;
        if (left > 0) uploads.set(client, left);
        else uploads.delete(client);
      };
      uploadEnds.set(request, end);
      const closed = new AbortController();
      closedSignals.set(request, closed.signal);
      reply.raw.once('close', () => {
        end();
        closed.abort();
      });
    });

    app.decorate('admission', {
      async admit(request: FastifyRequest, reply: FastifyReply): Promise<void> {
        uploadEnds.get(request)?.();
        const closed = closedSignals.get(request) ?? closedSignalOf(reply);
        // A client that left while uploading or while waiting gives its place up at once; nobody reads the 503.
        if (closed.aborted) throw new QueueFullError('the client went away before admission');
        const release = await slots.acquire(closed);
        if (closed.aborted) {
          release();
          throw new QueueFullError('the client went away before admission');
        }
        closed.addEventListener('abort', release, { once: true });
      },
    } satisfies Admission);
  },
  { name: 'admission' },
);

function closedSignalOf(reply: FastifyReply): AbortSignal {
  const closed = new AbortController();
  reply.raw.once('close', () => closed.abort());
  return closed.signal;
}
