/**
 * Builds the Fastify app without listening, so tests drive it with app.inject() and main.ts serves it.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import multipart from '@fastify/multipart';
import type { Config } from './config/config.js';
import { buildPolicy, type Policy } from './config/policy.js';
import type { Engines } from './adapters/workers/pooled-engines.js';
import { QueueFullError } from './adapters/workers/engine-pool.js';
import { InputError, TimeoutError } from './domain/errors.js';
import enginesPlugin from './plugins/engines.plugin.js';
import { healthRoutes } from './routes/health.route.js';
import { verifyRoute } from './routes/verify.route.js';
import { multipartLimits } from './routes/verify.form.js';
import {
  presentInputError,
  presentInternalError,
  presentUnavailable,
  type ApiResponse,
} from './services/verification.presenter.js';

export interface BuildAppOptions {
  readonly config: Config;
  /** Injected engines (tests); by default worker pools are started. */
  readonly engines?: Engines;
  readonly policy?: Policy;
  readonly logger?: FastifyServerOptions['logger'];
}

// Accept a caller's request id only when it is short and plain, so it can't inject into logs.
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const policy = options.policy ?? buildPolicy(config);
  const app = Fastify({
    logger: options.logger ?? {
      level: config.logLevel,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]'], censor: '[redacted]' },
    },
    requestIdHeader: false,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    bodyLimit: 2 * config.limits.maxFileBytes + 1024 * 1024,
    connectionTimeout: config.limits.requestTimeoutMs * 2,
    requestTimeout: config.limits.requestTimeoutMs * 2,
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(multipart, { limits: multipartLimits(config.limits) });
  await app.register(enginesPlugin, { config, ...(options.engines ? { engines: options.engines } : {}) });

  app.setErrorHandler(async (error, request, reply) => {
    const send = (r: ApiResponse): unknown => reply.code(r.statusCode).send(r.body);
    if (error instanceof InputError) {
      request.log.info({ code: error.code, problems: error.problems }, 'input rejected');
      return send(presentInputError(error, request.id));
    }
    if (error instanceof QueueFullError || error instanceof TimeoutError) {
      request.log.warn({ err: error }, 'verification not served');
      reply.header('retry-after', '2');
      return send(presentUnavailable(request.id, error instanceof TimeoutError ? 'verification timed out; retry later' : 'service is busy; retry later'));
    }
    const status = (error as { statusCode?: unknown }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // Fastify's own client errors (unsupported media type, body too large, malformed JSON...).
      const code = status === 413 ? 'ERR_FILE_TOO_LARGE' : 'ERR_BAD_REQUEST';
      const reason = status === 413 ? 'the request body is larger than the upload limit' : 'the request is malformed';
      return send(presentInputError(InputError.of('form', code, reason), request.id));
    }
    request.log.error({ err: error }, 'verification failed with an internal error');
    return send(presentInternalError(request.id));
  });

  app.setNotFoundHandler(async (request, reply) =>
    reply.code(404).send({ status: 'Error', message: 'Not Found', details: { error: `No route for ${request.method} ${request.url.split('?')[0]}` } }),
  );

  await app.register(healthRoutes);
  await app.register(verifyRoute, { config, policy });
  return app;
}
