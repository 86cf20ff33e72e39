/**
 * Optional API-key authentication. Keys come from config (API_KEYS / API_KEYS_FILE); when there are
 * none, auth is off. A key arrives as `x-api-key: <key>` or `Authorization: Bearer <key>`. Keys are
 * compared by their SHA-256 digests with timingSafeEqual: digests have a fixed length, so neither the
 * key's length nor its matching prefix shows in the timing, and every configured key is checked.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './api-error.js';
import { isPublicRoute } from './open-routes.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Short, non-reversible id of the key that authenticated the request (rate limiting, logs). */
    apiKeyId: string | undefined;
  }
}

export interface AuthPluginOptions {
  readonly apiKeys: readonly string[];
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** The key the client presented, or undefined; never says why it is missing. */
export function presentedKey(request: FastifyRequest): string | undefined {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header !== '') return header;
  const authorization = request.headers.authorization;
  const match = typeof authorization === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
  return match?.[1];
}

/** Returns the matching key's id, comparing against every key so the match position does not show. */
export function matchKey(candidate: string, keys: readonly { readonly hash: Buffer; readonly id: string }[]): string | undefined {
  const hash = digest(candidate);
  let found: string | undefined;
  for (const key of keys) {
    if (timingSafeEqual(hash, key.hash) && found === undefined) found = key.id;
  }
  return found;
}

export default fp<AuthPluginOptions>(
  async (app: FastifyInstance, options) => {
    app.decorateRequest('apiKeyId', undefined);
    if (options.apiKeys.length === 0) return;
    const keys = options.apiKeys.map((key) => {
      const hash = digest(key);
      return { hash, id: `key-${hash.toString('hex').slice(0, 12)}` };
    });
    app.addHook('onRequest', async (request) => {
      // CORS preflights carry no credentials by design; @fastify/cors answers them.
      if (isPublicRoute(request) || request.method === 'OPTIONS') return;
      const candidate = presentedKey(request);
      const id = candidate === undefined ? undefined : matchKey(candidate, keys);
      if (id === undefined) {
        request.log.info('request refused: missing or invalid API key');
        throw new ApiError('ERR_UNAUTHORIZED');
      }
      request.apiKeyId = id;
      request.log.debug({ apiKeyId: id }, 'authenticated');
    });
  },
  { name: 'auth' },
);
