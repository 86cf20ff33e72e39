/**
 * Optional API-key authentication. Keys come from config (API_KEYS / API_KEYS_FILE); when there are
 * none, auth is off. A key arrives as `x-api-key: <key>` or `Authorization: Bearer <key>`. Keys are
 * compared by their SHA-256 digests with timingSafeEqual: digests have a fixed length, so neither the
 * key's length nor its matching prefix shows in the timing, and every configured key is checked.
 *
 * A key in the query string is refused whether auth is on or not: URLs end up in proxy and access logs.
 * Failed authentications are counted per client address (auth-failures.ts); an address over the limit is
 * refused with 429 before its key is looked at.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './api-error.js';
import { AuthFailureLimiter, type FailureLimit } from './auth-failures.js';
import { isPublicRoute } from './open-routes.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Short, non-reversible id of the key that authenticated the request (rate limiting, logs). */
    apiKeyId: string | undefined;
  }
}

export interface AuthPluginOptions {
  readonly apiKeys: readonly string[];
  /** Failed authentications allowed per client address per window (max 0: no limit). */
  readonly failureLimit?: FailureLimit;
}

/** Query parameters that look like a credential: api_key, apikey, x-api-key, key, token, access_token... */
const CREDENTIAL_PARAM = /^(?:x[-_]?)?api[-_]?key$|^key$|^(?:access[-_]?|auth[-_]?|bearer[-_]?)?token$|^authorization$/i;

/** True when the URL's query string carries a parameter named like an API key (the value is never read). */
export function hasKeyInQuery(url: string): boolean {
  const q = url.indexOf('?');
  if (q < 0) return false;
  for (const name of new URLSearchParams(url.slice(q + 1)).keys()) if (CREDENTIAL_PARAM.test(name.trim())) return true;
  return false;
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
    const authOn = options.apiKeys.length > 0;
    const failures = new AuthFailureLimiter(options.failureLimit ?? { max: 0, windowMs: 60_000 });
    const keys = options.apiKeys.map((key) => {
      const hash = digest(key);
      return { hash, id: `key-${hash.toString('hex').slice(0, 12)}` };
    });
    app.addHook('onRequest', async (request) => {
      if (hasKeyInQuery(request.url)) {
        if (authOn) failures.fail(request.ip);
        request.log.info('request refused: API key in the query string');
        throw new ApiError('ERR_API_KEY_IN_QUERY');
      }
      // CORS preflights carry no credentials by design; @fastify/cors answers them.
      if (!authOn || isPublicRoute(request) || request.method === 'OPTIONS') return;
      const wait = failures.blockedFor(request.ip);
      if (wait > 0) {
        const seconds = Math.ceil(wait / 1000);
        request.log.warn('request refused: too many failed authentications from this address');
        throw new ApiError('ERR_RATE_LIMITED', `too many failed authentications from this address; retry in ${seconds} s`, seconds);
      }
      const candidate = presentedKey(request);
      const id = candidate === undefined ? undefined : matchKey(candidate, keys);
      if (id === undefined) {
        failures.fail(request.ip);
        request.log.info('request refused: missing or invalid API key');
        throw new ApiError('ERR_UNAUTHORIZED');
      }
      request.apiKeyId = id;
      request.log.debug({ apiKeyId: id }, 'authenticated');
    });
  },
  { name: 'auth' },
);
