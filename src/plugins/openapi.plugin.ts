/**
 * OpenAPI 3.1 description generated from the route schemas (@fastify/swagger), served at /openapi.json,
 * and Swagger UI at /docs from the assets shipped inside @fastify/swagger-ui (no CDN, works offline).
 * The /verify and /documents/read bodies are multipart, which Fastify does not validate by schema, so
 * their request bodies are described here; so are summaries, tags and the API-key security scheme.
 */
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

export interface OpenApiPluginOptions {
  readonly version: string;
  /** Whether API keys are required, so the document declares the security scheme on protected routes. */
  readonly authEnabled: boolean;
}

/** A required multipart/form-data request body of these fields. */
function multipartBody<P extends object>(required: readonly string[], properties: P) {
  return { required: true, content: { 'multipart/form-data': { schema: { type: 'object', required, properties } } } } as const;
}

const VERIFY_FIELDS = {
  image1: { type: 'string', format: 'binary', description: 'The live image (selfie), JPEG or PNG' },
  image2: { type: 'string', format: 'binary', description: 'The photo of the identity document (the side with the portrait), JPEG or PNG' },
  image3: { type: 'string', format: 'binary', description: 'Optional: the back of the identity card; the MRZ is read from whichever side carries it and the sides are cross-checked' },
  name: { type: 'string', description: 'The name the user typed, in any order, case, accents or script (Latin, Cyrillic, Greek, Arabic)' },
  challenge_id: { type: 'string', description: 'Active liveness: the id POST /liveness/challenge returned (single use, 2 minutes)' },
  frames: {
    type: 'array',
    maxItems: 16,
    items: { type: 'string', format: 'binary' },
    description: 'Active liveness: the camera frames captured while the challenge steps were performed, in order (JPEG or PNG, 2 MB each at most)',
  },
} as const;

// POST /verifications: the /verify fields but the liveness ones (a queued job cannot answer a challenge that
// lives in one process for two minutes), plus where the signed record goes.
const { challenge_id: _challenge, frames: _frames, ...QUEUED_FIELDS } = VERIFY_FIELDS;

/** Multipart request bodies by route. */
const MULTIPART_BODIES: Readonly<Record<string, unknown>> = {
  '/verify': multipartBody(['image1', 'image2', 'name'], VERIFY_FIELDS),
  '/documents/read': multipartBody(['document'], {
    document: { type: 'string', format: 'binary', description: 'The photo of the identity document (a passport photo page, the front of a card), JPEG or PNG' },
    document_back: { type: 'string', format: 'binary', description: 'Optional: the back of the card' },
    name: { type: 'string', description: 'Optional: a name to match against the document; the answer then holds `name` and `name_match`' },
  }),
  '/verifications': multipartBody(['image1', 'image2', 'name'], {
    ...QUEUED_FIELDS,
    callback_url: { type: 'string', description: 'https URL on WEBHOOK_ALLOWED_HOSTS that receives the signed record when done' },
  }),
};

const ROUTE_DOCS: Record<string, { summary: string; tags: string[] }> = {
  '/verify': { summary: 'Verify a selfie and a typed name against an identity document', tags: ['verification'] },
  '/documents/read': { summary: 'Read an identity document (MRZ, printed fields, checks) and optionally match a name against it', tags: ['verification'] },
  '/health': { summary: 'Liveness: the process serves HTTP', tags: ['operations'] },
  '/ready': { summary: 'Readiness: every model is loaded and warmed', tags: ['operations'] },
  '/liveness/challenge': { summary: 'Issue an active-liveness challenge: head movements to perform while frames are captured', tags: ['verification'] },
};

const OPEN_ROUTES = new Set(['/health', '/ready']);

const ERROR_ENVELOPE = {
  type: 'object',
  properties: {
    status: { type: 'string' },
    message: { type: 'string' },
    details: { type: 'object', properties: { error: { type: 'string' }, code: { type: 'string' }, reason: { type: 'string' }, request_id: { type: 'string' } } },
  },
} as const;

export default fp<OpenApiPluginOptions>(
  async (app: FastifyInstance, options) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'identity-check',
          version: options.version,
          description: 'Self-hosted KYC verification: selfie vs ID portrait, typed name vs the name on the document.',
        },
        components: {
          securitySchemes: {
            apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
            bearer: { type: 'http', scheme: 'bearer' },
          },
        },
      },
      transform: ({ schema, url, route }) => {
        const docs = ROUTE_DOCS[url];
        const extra: Record<string, unknown> = docs ? { ...docs } : {};
        if (url in MULTIPART_BODIES && route.method === 'POST') {
          extra.consumes = ['multipart/form-data'];
          const responses = { ...(schema?.response as Record<string, unknown> | undefined), 429: { description: 'Rate limit exceeded (Retry-After says when to retry)', ...ERROR_ENVELOPE } };
          extra.response = responses;
        }
        if (options.authEnabled && !OPEN_ROUTES.has(url)) extra.security = [{ apiKey: [] }, { bearer: [] }];
        return { schema: { ...schema, ...extra }, url };
      },
      transformObject: (documentObject) => {
        const spec = 'openapiObject' in documentObject ? documentObject.openapiObject : documentObject.swaggerObject;
        const paths = (spec as { paths?: Record<string, Record<string, Record<string, unknown>>> }).paths;
        for (const [url, body] of Object.entries(MULTIPART_BODIES)) {
          const post = paths?.[url]?.post;
          if (post !== undefined) post.requestBody = body;
        }
        return spec;
      },
    });
    await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'openapi' },
);
