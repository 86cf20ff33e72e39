/**
 * Refusals made by the HTTP infrastructure (auth, rate limit, uploads per client, request size), as coded
 * errors in the same `{ status, message, details }` envelope as every other answer. They are not input
 * errors about a field, so they live here rather than in domain/errors.ts.
 */
import type { FastifyReply } from 'fastify';

export type ApiErrorCode = 'ERR_UNAUTHORIZED' | 'ERR_API_KEY_IN_QUERY' | 'ERR_RATE_LIMITED' | 'ERR_TOO_MANY_UPLOADS' | 'ERR_REQUEST_TOO_LARGE';

const WORDING: Record<ApiErrorCode, { status: number; message: string; error: string }> = {
  // One wording for a missing, malformed or wrong key: the client learns nothing about which it was.
  ERR_UNAUTHORIZED: { status: 401, message: 'Unauthorized', error: 'A valid API key is required.' },
  // Refused before the key is compared, so this says nothing about whether the key was valid.
  ERR_API_KEY_IN_QUERY: {
    status: 400,
    message: 'Invalid Request',
    error: 'API keys are not accepted in the URL; send the key in the x-api-key header (or Authorization: Bearer).',
  },
  ERR_RATE_LIMITED: { status: 429, message: 'Too Many Requests', error: 'Rate limit exceeded; retry later.' },
  // Uploads still arriving from one client address (MAX_UPLOADS_PER_CLIENT, admission.plugin.ts).
  ERR_TOO_MANY_UPLOADS: { status: 429, message: 'Too Many Requests', error: 'Too many uploads at once from this client; retry later.' },
  ERR_REQUEST_TOO_LARGE: { status: 413, message: 'Invalid Request', error: 'File too large' },
};

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly statusCode: number;

  constructor(
    readonly code: ApiErrorCode,
    /** Extra human detail; never includes credentials or client data. */
    readonly reason?: string,
    /** Seconds until a refused client may retry, sent as Retry-After. */
    readonly retryAfterSeconds?: number,
  ) {
    super(reason ?? WORDING[code].error);
    this.statusCode = WORDING[code].status;
  }
}

/**
 * Sends an ApiError already serialised. Route response schemas describe the route's own answers (the
 * /verify 401 is a decision with required fields); a pre-serialised body keeps those schemas from
 * rejecting or stripping an infrastructure refusal sent on the same route.
 */
export function sendApiError(reply: FastifyReply, error: ApiError, requestId: string): FastifyReply {
  const { status, message, error: legacy } = WORDING[error.code];
  const details = { error: legacy, code: error.code, ...(error.reason ? { reason: error.reason } : {}), request_id: requestId };
  // The rest of an oversized body is not worth reading: close the connection after answering.
  if (status === 413) reply.header('connection', 'close');
  if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send(JSON.stringify({ status: 'Error', message, details }));
}
