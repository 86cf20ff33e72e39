/**
 * Per-client rate limiting: per API key when auth is on (the id set by the auth plugin), per client IP
 * otherwise. Refusals are 429 with Retry-After in the usual envelope. Counters live in process memory,
 * which is right for one instance; several instances behind a balancer each count their own share.
 * Health, readiness, the API description and /metrics are never limited; requests for routes that do not
 * exist (404) are, so probing for paths costs the same as calling the API.
 */
import fp from 'fastify-plugin';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { ApiError } from './api-error.js';
import { isUnmeteredRoute } from './open-routes.js';

export interface RateLimitPluginOptions {
  /** Requests per window; 0 turns the limit off. */
  readonly max: number;
  readonly windowMs: number;
}

export default fp<RateLimitPluginOptions>(
  async (app: FastifyInstance, options) => {
    if (options.max === 0) return;
    await app.register(rateLimit, {
      global: true,
      max: options.max,
      timeWindow: options.windowMs,
      // Bounded memory: least-recently-seen clients are forgotten first.
      cache: 10_000,
      allowList: (request) => isUnmeteredRoute(request),
      keyGenerator: (request) => request.apiKeyId ?? `ip:${request.ip}`,
      errorResponseBuilder: (_request, context) => new ApiError('ERR_RATE_LIMITED', `limit of ${context.max} requests reached; retry in ${context.after}`),
    });
    // The limiter hooks into each declared route; the not-found handler is no route, so it is limited here.
    const limitNotFound = app.rateLimit();
    app.addHook('onRequest', async (request, reply) => {
      if (request.is404) await limitNotFound.call(app, request, reply);
    });
  },
  { name: 'rate-limit', dependencies: ['auth'] },
);
