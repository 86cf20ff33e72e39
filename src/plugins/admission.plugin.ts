/**
 * Admission control for POST /verify and POST /documents/read, in two stages so that a slow upload holds no inference slot
 * (issue 14: three connections that sent 100 bytes and then nothing made every other /verify a 503).
 *
 * 1. Upload: from preHandler (after auth and the rate limit) until the form has been read, each client
 *    address may have `maxUploadsPerClient` uploads arriving at once; one more is refused with
 *    429 ERR_TOO_MANY_UPLOADS. Uploads cost a socket and a buffer, not CPU; the upload deadline
 *    (UPLOAD_TIMEOUT_MS, app.ts) cuts a trickler off without refusing anyone else.
 * 2. Inference: the route calls `app.admission.admit()` once the form is read. At most `maxInFlight`
 *    verifications are worked on at once; one more is refused at once with 503 + Retry-After, before it
 *    is decoded or queued. Refusing at the door keeps latency bounded for the admitted requests, where a
 *    per-engine queue alone would admit a request's face jobs and then refuse its document job, wasting
 *    the work done. The pool queues (MAX_QUEUE) stay as a second bound.
 *
 * Both slots are released when the response closes, whether it finished or the client went away.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Gauge } from 'prom-client';
import { QueueFullError } from '../adapters/workers/engine-pool.js';
import { ApiError } from './api-error.js';

/** The routes that run inference: their uploads and their work are bounded here. */
const ADMITTED_ROUTES: ReadonlySet<string> = new Set(['/verify', '/documents/read']);

export interface AdmissionOptions {
  readonly maxInFlight: number;
  readonly maxUploadsPerClient: number;
}

export interface Admission {
  /**
   * Ends the request's upload stage and takes an inference slot for it, released when the response
   * closes; throws QueueFullError (503) when MAX_IN_FLIGHT verifications are already being worked on.
   */
  admit(request: FastifyRequest, reply: FastifyReply): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    admission: Admission;
  }
}

export default fp<AdmissionOptions>(
  async (app: FastifyInstance, options) => {
    let inFlight = 0;
    const uploads = new Map<string, number>();
    /** Per request: ends its upload stage (idempotent). */
    const uploadEnds = new WeakMap<FastifyRequest, () => void>();
    if (app.hasDecorator('metrics')) {
      const registers = [app.metrics.registry];
      new Gauge({ name: 'identity_check_admission_limit', help: 'Verifications admitted at once (MAX_IN_FLIGHT)', registers }).set(options.maxInFlight);
      new Gauge({
        name: 'identity_check_in_flight',
        help: 'Verifications being worked on now (uploads still arriving are not counted)',
        registers,
        collect() {
          this.set(inFlight);
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
      reply.raw.once('close', end);
    });

    app.decorate('admission', {
      admit(request: FastifyRequest, reply: FastifyReply): void {
        uploadEnds.get(request)?.();
        if (inFlight >= options.maxInFlight) throw new QueueFullError(`${inFlight} verifications in flight`);
        inFlight++;
        reply.raw.once('close', () => {
          inFlight--;
        });
      },
    } satisfies Admission);
  },
  { name: 'admission' },
);
