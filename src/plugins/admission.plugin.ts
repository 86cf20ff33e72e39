/**
 * Admission control for POST /verify: at most `maxInFlight` verifications are worked on at once; one
 * more is refused at once with 503 + Retry-After, before its upload is decoded or queued. Refusing at
 * the door keeps latency bounded for the admitted requests and costs the refused client nothing but a
 * retry, where a per-engine queue alone would admit a request's face jobs and then refuse its document
 * job, wasting the work done. The pool queues (MAX_QUEUE) stay as a second bound.
 *
 * A slot is taken in preHandler (after auth and the rate limit, before the handler reads the upload)
 * and released when the response closes, whether it finished or the client went away.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { Gauge } from 'prom-client';
import { QueueFullError } from '../adapters/workers/engine-pool.js';

export interface AdmissionOptions {
  readonly maxInFlight: number;
}

export default fp<AdmissionOptions>(
  async (app: FastifyInstance, options) => {
    let inFlight = 0;
    if (app.hasDecorator('metrics')) {
      const registers = [app.metrics.registry];
      new Gauge({ name: 'identity_check_admission_limit', help: 'Verifications admitted at once (MAX_IN_FLIGHT)', registers }).set(options.maxInFlight);
      new Gauge({
        name: 'identity_check_in_flight',
        help: 'Verifications being worked on now',
        registers,
        collect() {
          this.set(inFlight);
        },
      });
    }
    app.addHook('preHandler', async (request, reply) => {
      if (request.routeOptions.url !== '/verify' || request.method !== 'POST') return;
      if (inFlight >= options.maxInFlight) {
        throw new QueueFullError(`${inFlight} verifications in flight`);
      }
      inFlight++;
      reply.raw.once('close', () => {
        inFlight--;
      });
    });
  },
  { name: 'admission' },
);
