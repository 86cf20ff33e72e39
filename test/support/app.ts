/** The app with the real models, as the route tests share it, and a POST /verify that returns parsed JSON. */
import type { FastifyInstance } from 'fastify';
import type { OutgoingHttpHeaders } from 'node:http';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import type { MultipartPayload } from './multipart.js';

/** Response bodies are asserted field by field, so `details` stays loosely typed here. */
export interface VerifyResponse {
  readonly status: number;
  readonly body: { status: string; message: string; details: Record<string, any> };
  readonly headers: OutgoingHttpHeaders;
}

/**
 * One worker per engine, silent logs, no rate limit; resolves once every model is loaded and warmed. The
 * synthetic documents are issued by Utopia, ICAO's specimen state, so specimens are allowed unless `env` says
 * otherwise.
 */
export async function startRealApp(env: Readonly<Record<string, string>> = {}): Promise<FastifyInstance> {
  const app = await buildApp({
    config: loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'silent', WORKERS: '1', RATE_LIMIT_MAX: '0', ALLOW_SPECIMEN_DOCUMENTS: 'true', ...env }),
  });
  await app.engines.ready;
  return app;
}

export async function postVerify(app: FastifyInstance, form: MultipartPayload): Promise<VerifyResponse> {
  const response = await app.inject({ method: 'POST', url: '/verify', payload: form.payload, headers: form.headers });
  return { status: response.statusCode, body: response.json() as VerifyResponse['body'], headers: response.headers };
}
