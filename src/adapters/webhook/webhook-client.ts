/**
 * One webhook POST. The host is resolved here and every address it resolves to is checked (an internal
 * address only when the allow-list names it), and the connection goes to the checked address itself, so a
 * DNS answer that changes between check and connect (rebinding) gains nothing. Redirects are not followed:
 * a 3xx is a failed attempt.
 */
import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isInternalAddress } from '../../domain/network-address.js';
import { hostOf, type WebhookRules } from './callback-url.js';

export interface Delivery {
  readonly httpStatus: number | null;
  readonly error: string | null;
}

export class RefusedAddressError extends Error {
  override readonly name = 'RefusedAddressError';
}

/** The address to connect to: the first the host resolves to that the rules allow; throws when none is. */
export async function resolveAllowed(url: URL, rules: WebhookRules): Promise<{ address: string; family: number }> {
  const host = hostOf(url);
  const addresses = isIP(host) !== 0 ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true, verbatim: true });
  for (const candidate of addresses) {
    if (!isInternalAddress(candidate.address) || rules.allowedHosts.includes(candidate.address.toLowerCase())) return candidate;
  }
  throw new RefusedAddressError(`${host} resolves only to internal addresses not on WEBHOOK_ALLOWED_HOSTS`);
}

export async function postWebhook(
  target: string,
  body: string,
  headers: Readonly<Record<string, string>>,
  rules: WebhookRules,
  timeoutMs: number,
): Promise<Delivery> {
  const url = new URL(target);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && rules.allowHttp)) return { httpStatus: null, error: 'scheme not allowed' };
  if (!rules.allowedHosts.includes(hostOf(url))) return { httpStatus: null, error: 'host not on WEBHOOK_ALLOWED_HOSTS' };
  let pinned: { address: string; family: number };
  try {
    pinned = await resolveAllowed(url, rules);
  } catch (error) {
    return { httpStatus: null, error: error instanceof Error ? error.message : String(error) };
  }
  const pinnedLookup: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all === true) callback(null, [pinned] as never);
    else callback(null, pinned.address, pinned.family);
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<Delivery>((resolve) => {
    const request = client.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'identity-check-webhook', ...headers },
      lookup: pinnedLookup,
      timeout: timeoutMs,
      agent: false,
    }, (response) => {
      response.resume();
      response.on('end', () => {
        const status = response.statusCode ?? 0;
        resolve({ httpStatus: status, error: status >= 200 && status < 300 ? null : status >= 300 && status < 400 ? 'redirect not followed' : `HTTP ${status}` });
      });
      response.on('error', (error) => resolve({ httpStatus: status(response.statusCode), error: error.message }));
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', (error) => resolve({ httpStatus: null, error: error.message }));
    request.end(body);
  });
}

function status(code: number | undefined): number | null {
  return code ?? null;
}
