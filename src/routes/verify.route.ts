import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/config.js';
import type { Policy } from '../config/policy.js';
import { presentUnavailable } from '../services/verification.presenter.js';
import { verify, type VerificationDeps } from '../services/verification.service.js';
import { readVerifyForm } from './verify.form.js';
import type { ChallengeStore } from '../services/liveness-challenges.js';
import { verifyResponses } from './verify.schema.js';

/** POST /verify: the contract kept from the service we replace, plus evidence in `details`. */
export async function verifyRoute(app: FastifyInstance, opts: { config: Config; policy: Policy; challenges?: ChallengeStore }): Promise<void> {
  const { config, policy, challenges } = opts;
  app.post('/verify', { schema: { response: verifyResponses } }, async (request, reply) => {
    if (!app.engines.isReady()) {
      const { statusCode, body } = presentUnavailable(request.id, 'models are still loading; retry shortly');
      return reply.code(statusCode as 503).header('retry-after', '5').send(body);
    }
    // The upload is read before an inference slot is taken: a slow upload holds none (admission.plugin.ts).
    const input = await readVerifyForm(request, config.limits);
    await app.admission.admit(request, reply);
    // A client that goes away before its answer frees its decode process at once (decode-pool.ts).
    const gone = new AbortController();
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) gone.abort();
    });
    const decode: VerificationDeps['decode'] = (job) => app.decoder.decode(job, gone.signal);
    const caller = { id: randomUUID(), apiKeyId: request.apiKeyId ?? null, createdAt: Date.now() };
    // The recorder keeps the decision record (and adds SELFIE_REUSED) around the verification itself.
    const recorded = await app.records.recorder.recordSync(input, caller, request.id, () =>
      verify(input, { faces: app.engines.faces, documents: app.engines.documents, policy, now: () => new Date(), decode, ...(challenges ? { challenges } : {}) }));
    if (recorded.error !== undefined) throw recorded.error instanceof Error ? recorded.error : new Error('verification failed', { cause: recorded.error });
    const { statusCode, body } = recorded.response;
    const outcome = recorded.outcome;
    request.log.info(
      { verdict: outcome?.decision.verdict, similarity: outcome?.face.similarity, nameRule: outcome?.name.rule, timingsMs: outcome?.timingsMs, verificationId: caller.id },
      'verification decided',
    );
    return reply.code(statusCode as 200 | 401).send(body);
  });
}
