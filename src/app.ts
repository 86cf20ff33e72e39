/**
 * Builds the Fastify app without listening, so tests drive it with app.inject() and main.ts serves it.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import type { DestinationStream } from 'pino';
import type { Config } from './config/config.js';
import { buildPolicy, type Policy } from './config/policy.js';
import type { Engines } from './adapters/workers/pooled-engines.js';
import { QueueFullError } from './adapters/workers/engine-pool.js';
import { DecodeAbortedError } from './adapters/image/decode-pool.js';
import { InputError, TimeoutError } from './domain/errors.js';
import { ApiError, sendApiError } from './plugins/api-error.js';
import { clientErrorHandler } from './plugins/client-errors.js';
import admissionPlugin from './plugins/admission.plugin.js';
import authPlugin from './plugins/auth.plugin.js';
import corsPlugin from './plugins/cors.plugin.js';
import enginesPlugin from './plugins/engines.plugin.js';
import decodePoolPlugin from './plugins/decode-pool.plugin.js';
import type { DecodePool } from './adapters/image/decode-pool.js';
import { loggerOptions } from './plugins/logging.js';
import metricsPlugin from './plugins/metrics.plugin.js';
import openApiPlugin from './plugins/openapi.plugin.js';
import rateLimitPlugin from './plugins/rate-limit.plugin.js';
import uploadLimitsPlugin from './plugins/upload-limits.plugin.js';
import { healthRoutes } from './routes/health.route.js';
import { metricsRoute } from './routes/metrics.route.js';
import { verifyRoute } from './routes/verify.route.js';
import { livenessRoute } from './routes/liveness.route.js';
import { pageRoutes } from './routes/page.route.js';
import { MemoryChallengeStore, type ChallengeStore } from './services/liveness-challenges.js';
import { documentsRoute } from './routes/documents.route.js';
import { verificationsRoute } from './routes/verifications.route.js';
import recordsPlugin, { type RecordsPluginOptions } from './plugins/records.plugin.js';
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
  /** Injected decode pool (tests with a misbehaving decode process); by default DECODE_PROCESSES are started. */
  readonly decoder?: DecodePool;
  /** Where the app's (redacted) JSON log lines go; stdout by default. Tests capture logs with it. */
  readonly logStream?: DestinationStream;
  /** Liveness challenge store; in-process by default. Browser tests inject one with fixed steps. */
  readonly challenges?: ChallengeStore;
  /** Webhook transport (tests); the SSRF-checked HTTP client by default. */
  readonly webhookSend?: RecordsPluginOptions['send'];
}

// Accept a caller's request id only when it is short and plain, so it can't inject into logs.
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Fastify's own 4xx codes mapped onto the documented input-error codes. */
function clientErrorCode(status: number, code: unknown): { code: 'ERR_FILE_TOO_LARGE' | 'ERR_MISSING_FILE' | 'ERR_BAD_REQUEST'; reason: string } {
  if (status === 413) return { code: 'ERR_FILE_TOO_LARGE', reason: 'the request body is larger than the upload limit' };
  // A body Fastify has no parser for (image/jpeg, application/octet-stream...) is "not a multipart request".
  if (status === 415 || code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return { code: 'ERR_MISSING_FILE', reason: 'the request is not multipart/form-data, so it carries no image files' };
  }
  return { code: 'ERR_BAD_REQUEST', reason: 'the request is malformed' };
}

export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const { limits } = config;
  const policy = options.policy ?? buildPolicy(config);
  const app = Fastify({
    // Always the redacting logger: there is deliberately no way to build the app with an unredacted one.
    logger: loggerOptions(config.logLevel, options.logStream),
    requestIdHeader: false,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    // Buffered (non-multipart) bodies are never legitimate here; multipart is capped by upload-limits.
    bodyLimit: limits.maxRequestBytes,
    // Slowloris: headers and the whole body must arrive within UPLOAD_TIMEOUT_MS (Node checks every
    // connectionsCheckingInterval ms) or the client gets 408 and the socket is closed. The idle-socket
    // timeout must outlast a queued inference, during which the socket is legitimately silent.
    requestTimeout: limits.uploadTimeoutMs,
    connectionTimeout: limits.uploadTimeoutMs + limits.requestTimeoutMs + 5_000,
    clientErrorHandler,
    http: {
      headersTimeout: Math.min(limits.uploadTimeoutMs, 60_000),
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(limits.uploadTimeoutMs / 4))),
    },
    // Trust X-Forwarded-For only from the configured number of proxy hops in front of us.
    trustProxy: (_address: string, hop: number) => hop < config.trustProxyHops,
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  app.setErrorHandler(async (error, request, reply) => {
    const send = (r: ApiResponse): unknown => reply.code(r.statusCode).send(r.body);
    if (error instanceof ApiError) {
      return sendApiError(reply, error, request.id);
    }
    if (error instanceof InputError) {
      request.log.info({ code: error.code, problems: error.problems }, 'input rejected');
      return send(presentInputError(error, request.id));
    }
    if (error instanceof DecodeAbortedError) {
      // The client left mid-decode; nobody reads this answer.
      request.log.info('client went away during decoding');
      return send(presentUnavailable(request.id, 'the request was abandoned'));
    }
    if (error instanceof QueueFullError || error instanceof TimeoutError) {
      // Expected under overload, so one short line without a stack.
      request.log.warn({ reason: error.message, kind: error.name }, 'verification not served');
      reply.header('retry-after', String((error instanceof QueueFullError ? error.retryAfterSeconds : undefined) ?? 2));
      return send(presentUnavailable(request.id, error instanceof TimeoutError ? 'verification timed out; retry later' : 'service is busy; retry later'));
    }
    const status = (error as { statusCode?: unknown }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // Fastify's own client errors (unsupported media type, body too large, malformed JSON...).
      const mapped = clientErrorCode(status, (error as { code?: unknown }).code);
      request.log.info({ code: mapped.code, fastifyCode: (error as { code?: unknown }).code }, 'request rejected');
      return send(presentInputError(InputError.of('form', mapped.code, mapped.reason), request.id));
    }
    request.log.error({ err: error }, 'verification failed with an internal error');
    return send(presentInternalError(request.id));
  });

  app.setNotFoundHandler(async (request, reply) =>
    reply.code(404).send({ status: 'Error', message: 'Not Found', details: { error: `No route for ${request.method} ${request.url.split('?')[0]}` } }),
  );

  // Order matters: CORS headers go on every answer (refusals included, so browsers can read them), auth
  // decides who is calling before the rate limit counts per key, and oversized bodies are refused before
  // any of them is read.
  await app.register(metricsPlugin);
  await app.register(corsPlugin, { origins: config.corsOrigins });
  await app.register(authPlugin, { apiKeys: config.apiKeys, failureLimit: config.authFailureLimit });
  await app.register(rateLimitPlugin, config.rateLimit);
  await app.register(uploadLimitsPlugin, { maxRequestBytes: limits.maxRequestBytes });
  await app.register(admissionPlugin, { maxInFlight: config.maxInFlight, maxUploadsPerClient: config.maxUploadsPerClient, queueTimeoutMs: config.queueTimeoutMs });
  await app.register(openApiPlugin, { version: VERSION, authEnabled: config.apiKeys.length > 0 });
  await app.register(multipart, { limits: multipartLimits(limits) });
  await app.register(enginesPlugin, { config, ...(options.engines ? { engines: options.engines } : {}) });
  await app.register(decodePoolPlugin, {
    processes: config.decodeProcesses,
    timeoutMs: config.decodeTimeoutMs,
    ...(options.decoder ? { pool: options.decoder } : {}),
  });

  await app.register(recordsPlugin, { config, policy, ...(options.webhookSend ? { send: options.webhookSend } : {}) });

  await app.register(healthRoutes);
  await app.register(metricsRoute);
  const challenges = options.challenges ?? new MemoryChallengeStore({ ttlMs: policy.liveness.challengeTtlMs });
  await app.register(livenessRoute, { challenges });
  await app.register(pageRoutes);
  await app.register(verifyRoute, { config, policy, challenges });
  await app.register(documentsRoute, { config, policy });
  await app.register(verificationsRoute, { config });
  return app;
}
