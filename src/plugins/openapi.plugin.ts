/**
 * OpenAPI 3.1 description generated from the route schemas (@fastify/swagger), served at /openapi.json,
 * and Swagger UI at /docs from the assets shipped inside @fastify/swagger-ui (no CDN, works offline).
 * The /verify body is multipart, which Fastify does not validate by schema, so its request body is
 * described here; so are summaries, tags and the API-key security scheme.
 */
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { ASYNC_BODY } from '../routes/verifications.schema.js';

export interface OpenApiPluginOptions {
  readonly version: string;
  /** Whether API keys are required, so the document declares the security scheme on protected routes. */
  readonly authEnabled: boolean;
}

const VERIFY_BODY = {
  required: true,
  content: {
    'multipart/form-data': {
      schema: {
        type: 'object',
        required: ['image1', 'image2', 'name'],
        properties: {
          image1: { type: 'string', format: 'binary', description: 'The live image (selfie), JPEG or PNG' },
          image2: { type: 'string', format: 'binary', description: 'The photo of the identity document, JPEG or PNG' },
          name: { type: 'string', description: 'The name the user typed, in any order, case or accents' },
        },
      },
    },
  },
} as const;

const ROUTE_DOCS: Record<string, { summary: string; tags: string[] }> = {
  '/verify': { summary: 'Verify a selfie and a typed name against an identity document', tags: ['verification'] },
  '/health': { summary: 'Liveness: the process serves HTTP', tags: ['operations'] },
  '/ready': { summary: 'Readiness: every model is loaded and warmed', tags: ['operations'] },
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
        if ((url === '/verify' || url === '/verifications') && route.method === 'POST') {
          extra.consumes = ['multipart/form-data'];
          const responses = { ...(schema?.response as Record<string, unknown> | undefined), 429: { description: 'Rate limit exceeded (Retry-After says when to retry)', ...ERROR_ENVELOPE } };
          extra.response = responses;
        }
        if (options.authEnabled && !OPEN_ROUTES.has(url)) extra.security = [{ apiKey: [] }, { bearer: [] }];
        return { schema: { ...schema, ...extra }, url };
      },
      transformObject: (documentObject) => {
        const spec = 'openapiObject' in documentObject ? documentObject.openapiObject : documentObject.swaggerObject;
        const post = (spec as { paths?: Record<string, Record<string, Record<string, unknown>>> }).paths?.['/verify']?.post;
        if (post !== undefined) post.requestBody = VERIFY_BODY;
        const queued = (spec as { paths?: Record<string, Record<string, Record<string, unknown>>> }).paths?.['/verifications']?.post;
        if (queued !== undefined) queued.requestBody = ASYNC_BODY;
        return spec;
      },
    });
    await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'openapi' },
);
