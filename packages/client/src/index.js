// Typed client for identity-check (types in index.d.ts, generated from the service's OpenAPI document into
// schema.d.ts). Plain ES module with no build step, so the service's own capture page imports this very file.
import createClient from 'openapi-fetch';

/**
 * @param {import('./index.js').ClientOptions} [options]
 * @returns {import('./index.js').IdentityCheckClient}
 */
export function createIdentityCheckClient(options = {}) {
  const headers = options.apiKey ? { 'x-api-key': options.apiKey } : undefined;
  const api = createClient({ baseUrl: options.baseUrl ?? '', ...(headers ? { headers } : {}), ...(options.fetch ? { fetch: options.fetch } : {}) });
  return {
    api,
    async challenge() {
      const { data, error, response } = await api.POST('/liveness/challenge');
      if (data === undefined) throw new Error(`POST /liveness/challenge answered ${response.status}: ${JSON.stringify(error)}`);
      return data;
    },
    async verify(form) {
      const { data, error, response } = await api.POST('/verify', { body: /** @type {any} */ (form), bodySerializer: toFormData });
      return { status: response.status, body: data ?? error };
    },
  };
}

/** Multipart body: files as parts (frames repeated, in order), text as fields. */
export function toFormData(form) {
  const body = new FormData();
  for (const [key, value] of Object.entries(form)) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === 'string') body.append(key, item);
      else body.append(key, item, `${key}.jpg`);
    }
  }
  return body;
}
