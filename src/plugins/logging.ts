/**
 * Logger options for the app: JSON lines from pino, each request's lines carrying `reqId`, and redaction
 * of what a KYC service must never write down. Names typed by users, document text (OCR lines, MRZ,
 * matched text) and image bytes are removed by key wherever they appear at the top level or one level
 * down, whoever logs them; credentials are removed from request headers.
 */
import type { FastifyServerOptions } from 'fastify';
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

export function loggerOptions(level: Config['logLevel'], stream?: DestinationStream): NonNullable<FastifyServerOptions['logger']> {
  return {
    level,
    redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
    ...(stream ? { stream } : {}),
  };
}
