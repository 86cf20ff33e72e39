/**
 * CORS for a browser capture page that posts straight to the service. Off unless CORS_ORIGINS lists
 * origins; `*` allows any origin (credentials are never allowed, API keys travel in headers).
 */
import fp from 'fastify-plugin';
import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';

export interface CorsPluginOptions {
  readonly origins: readonly string[];
}

export default fp<CorsPluginOptions>(
  async (app: FastifyInstance, options) => {
    if (options.origins.length === 0) return;
    await app.register(cors, {
      origin: options.origins.includes('*') ? '*' : [...options.origins],
      methods: ['GET', 'POST'],
      allowedHeaders: ['content-type', 'authorization', 'x-api-key', 'x-request-id'],
      exposedHeaders: ['x-request-id', 'retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'],
      maxAge: 600,
    });
  },
  { name: 'cors' },
);
