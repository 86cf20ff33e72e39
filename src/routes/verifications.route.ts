/**
 * Decision records and asynchronous verifications: POST /verifications (202, webhook when done),
 * GET /verifications/:id, DELETE /verifications/:id, GET /verifications (export pages, JSONL on request),
 * POST /verifications/search (by typed name), GET /webhook-secret (the caller's signing secret).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config/config.js';
import { checkCallbackUrl } from '../adapters/webhook/callback-url.js';
import { InputError } from '../domain/errors.js';
import { exportView, recordView } from '../services/records/record-view.js';
import { readVerifyForm } from './verify.form.js';
import { acceptedSchema, listSchema, notFoundSchema, recordViewSchema } from './verifications.schema.js';

const ID = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } } as const;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

function notFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.code(404).send({ status: 'Error', message: 'Not Found', details: { error: 'No such verification', code: 'ERR_NOT_FOUND', request_id: request.id } });
}

function bad(reason: string): InputError {
  return InputError.of('form', 'ERR_BAD_REQUEST', reason);
}

export async function verificationsRoute(app: FastifyInstance, opts: { config: Config }): Promise<void> {
  const { config } = opts;
  const caller = (request: FastifyRequest): string | null => request.apiKeyId ?? null;
  const rules = { allowedHosts: config.records.webhookAllowedHosts, allowHttp: config.records.webhookAllowHttp };

  app.post('/verifications', {
    schema: { summary: 'Queue a verification; the result arrives by webhook or GET', tags: ['verification'], response: { 202: acceptedSchema } },
  }, async (request, reply) => {
    const header = request.headers['idempotency-key'];
    if (header !== undefined && (typeof header !== 'string' || !IDEMPOTENCY_KEY.test(header))) {
      throw bad('the Idempotency-Key header must be 1-255 printable ASCII characters');
    }
    let callback: string | undefined;
    let callbackProblem: string | undefined;
    const input = await readVerifyForm(request, config.limits, (field, value) => {
      if (field !== 'callback_url') return;
      if (callback !== undefined || callbackProblem !== undefined) callbackProblem = 'callback_url was sent more than once';
      else {
        const checked = checkCallbackUrl(value, rules);
        if ('url' in checked) callback = checked.url;
        else callbackProblem = checked.problem;
      }
    });
    if (callbackProblem !== undefined) throw InputError.of('callback_url', 'ERR_INVALID_CALLBACK_URL', callbackProblem);
    // A liveness challenge lives in this process's challenge store and expires in minutes: a queued job could not
    // honour it, and dropping it silently would verify without the liveness the caller asked for.
    if (input.liveness !== undefined) {
      throw InputError.of('challenge_id', 'ERR_BAD_REQUEST', 'liveness challenges are answered on POST /verify only, not on queued verifications');
    }
    const { id, created } = await app.records.verifications.submit(input, { apiKeyId: caller(request) }, {
      ...(callback !== undefined ? { callbackUrl: callback } : {}),
      ...(header !== undefined ? { idempotencyKey: header } : {}),
    });
    const status = created ? 'queued' : (await app.records.verifications.get(id, caller(request)))?.status ?? 'queued';
    request.log.info({ verificationId: id, replayedIdempotencyKey: !created, callback: callback !== undefined }, 'verification queued');
    return reply.code(202).header('location', `/verifications/${id}`).send({ id, status });
  });

  app.get<{ Params: { id: string } }>('/verifications/:id', {
    schema: { summary: 'A verification: its status and, once done, the /verify body', tags: ['records'], params: ID, response: { 200: recordViewSchema, 404: notFoundSchema } },
  }, async (request, reply) => {
    const record = await app.records.verifications.get(request.params.id, caller(request));
    return record === undefined ? notFound(request, reply) : reply.send(recordView(record));
  });

  app.delete<{ Params: { id: string } }>('/verifications/:id', {
    schema: { summary: 'Delete every trace of a verification (record, queued job, uploads, webhook log)', tags: ['records'], params: ID, response: { 404: notFoundSchema } },
  }, async (request, reply) => {
    const removed = await app.records.verifications.delete(request.params.id, caller(request));
    if (!removed) return notFound(request, reply);
    request.log.info({ verificationId: request.params.id }, 'verification deleted');
    return reply.code(204).send();
  });

  const page = async (request: FastifyRequest, reply: FastifyReply, after: string | undefined, limit: number, name?: string): Promise<FastifyReply> => {
    const records = await app.records.verifications.list(after, limit, caller(request), name);
    const items = records.map(exportView);
    const last = records.length === limit ? records[records.length - 1]?.id ?? null : null;
    if ((request.headers.accept ?? '').includes('application/x-ndjson')) {
      if (last !== null) reply.header('x-next-after', last);
      return reply.type('application/x-ndjson').send(items.map((i) => `${JSON.stringify(i)}\n`).join(''));
    }
    return reply.send({ items, next_after: last });
  };

  const pageQuery = {
    type: 'object',
    properties: { after: { type: 'string', maxLength: 64 }, limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
    additionalProperties: false,
  } as const;

  app.get<{ Querystring: { after?: string; limit: number } }>('/verifications', {
    schema: {
      summary: 'Export records in creation order, a page at a time (JSONL with Accept: application/x-ndjson; next page after X-Next-After)',
      tags: ['records'],
      querystring: pageQuery,
      response: { 200: listSchema },
    },
  }, async (request, reply) => page(request, reply, request.query.after, request.query.limit));

  app.post<{ Body: { name: string; after?: string; limit?: number } }>('/verifications/search', {
    schema: {
      summary: 'Records of one typed name (matched by its keyed hash; the name never enters a URL or a log)',
      tags: ['records'],
      body: {
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string', minLength: 1, maxLength: config.limits.maxNameLength }, ...pageQuery.properties },
        additionalProperties: false,
      },
      response: { 200: listSchema },
    },
  }, async (request, reply) => page(request, reply, request.body.after, request.body.limit ?? 100, request.body.name));

  app.get('/webhook-secret', {
    schema: {
      summary: "The secret this API key's webhooks are signed with (X-Signature)",
      tags: ['records'],
      response: { 200: { type: 'object', properties: { secret: { type: 'string' }, api_key_id: { type: ['string', 'null'] } } } },
    },
  }, async (request) => ({ secret: app.records.secrets.webhookSecret(caller(request)), api_key_id: caller(request) }));
}
