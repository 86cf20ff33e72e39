import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config/config.js';
import type { Policy } from '../config/policy.js';
import { readDocument, type DocumentReadDeps, type DocumentReadInput } from '../services/document-read.service.js';
import { presentDocumentRead, presentUnavailable } from '../services/verification.presenter.js';
import { readImageForm, type FormLimits, type FormSpec } from './verify.form.js';
import { documentReadResponses } from './verify.schema.js';

/** POST /documents/read: the document (required), its back and a name (optional). */
export const DOCUMENT_FORM: FormSpec = Object.freeze({ required: ['document'] as const, optional: ['document_back'] as const, nameRequired: false });

async function readDocumentForm(request: FastifyRequest, limits: FormLimits): Promise<DocumentReadInput> {
  const { files, name } = await readImageForm(request, limits, DOCUMENT_FORM);
  const back = files.get('document_back');
  return { document: files.get('document') as Buffer, ...(back ? { back } : {}), ...(name !== undefined ? { name } : {}) };
}

/**
 * POST /documents/read: reads an identity document without a selfie, as /verify reads it, and matches a name
 * against it when one is sent. Behind the API keys, the rate limit and admission control like /verify.
 */
export async function documentsRoute(app: FastifyInstance, opts: { config: Config; policy: Policy }): Promise<void> {
  const { config, policy } = opts;
  app.post('/documents/read', { schema: { response: documentReadResponses } }, async (request, reply) => {
    if (!app.engines.isReady()) {
      const { statusCode, body } = presentUnavailable(request.id, 'models are still loading; retry shortly');
      return reply.code(statusCode as 503).header('retry-after', '5').send(body);
    }
    const input = await readDocumentForm(request, config.limits);
    await app.admission.admit(request, reply);
    const gone = new AbortController();
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) gone.abort();
    });
    const decode: DocumentReadDeps['decode'] = (job) => app.decoder.decode(job, gone.signal);
    const outcome = await readDocument(input, { documents: app.engines.documents, policy, now: () => new Date(), decode });
    const { statusCode, body } = presentDocumentRead(outcome, request.id);
    request.log.info({ mrzValid: outcome.document.mrz?.valid ?? null, nameRule: outcome.name?.rule ?? null, timingsMs: outcome.timingsMs }, 'document read');
    return reply.code(statusCode as 200).send(body);
  });
}
