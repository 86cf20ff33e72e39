/**
 * Logger options for the app: JSON lines from pino, each request's lines carrying `reqId`, and redaction
 * of what a KYC service must never write down. Names typed by users, document text (OCR lines, MRZ,
 * matched text) and image bytes are removed by key wherever they appear at the top level or one level
 * down, whoever logs them; credentials are removed from request headers, and the query string from the
 * logged URL (a client may put a key there, which the auth plugin refuses but the log would keep).
 */
import type { FastifyRequest, FastifyServerOptions } from 'fastify';
import type { DestinationStream } from 'pino';
import type { Config } from '../config/config.js';

// Keys that hold a person's name, document text or image bytes, wherever a log call puts them.
const SENSITIVE_KEYS = ['typedName', 'lines', 'text', 'mrz', 'matchedText', 'matched_text', 'image', 'images', 'data', 'body', 'payload'];

/** Every redacted path, exported so the documentation and tests use the same list. */
export const REDACT_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  // A top-level or input `name` is a person's; `err.name` ("TypeError") is kept, so no `*.name`.
  'name',
  'input.name',
  'input.live',
  'input.id',
  ...SENSITIVE_KEYS,
  ...SENSITIVE_KEYS.map((key) => `*.${key}`),
];

/** The URL without its query string, which is replaced by a marker when there was one. */
export function redactQuery(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : `${url.slice(0, q)}?[redacted]`;
}

/** Fastify's request serializer with the query string redacted. */
function requestForLog(req: FastifyRequest): Record<string, unknown> {
  return {
    method: req.method,
    url: redactQuery(req.url),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

export function loggerOptions(level: Config['logLevel'], stream?: DestinationStream): NonNullable<FastifyServerOptions['logger']> {
  return {
    level,
    redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
    serializers: { req: requestForLog },
    ...(stream ? { stream } : {}),
  };
}
