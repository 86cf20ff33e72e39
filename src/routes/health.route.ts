import type { FastifyInstance } from 'fastify';

/**
 * Liveness (process is up and not stuck) and readiness (every model loaded and warmed, nothing stuck).
 * Stuck means work still running past its deadline: an inference job answered with a timeout that its
 * worker thread is still computing, or a decode whose process has not died yet. While so, both answer 503
 * with the reasons, so an orchestrator stops routing here and, if it persists, restarts the process.
 */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  const stuckReasons = (): string[] => {
    const reasons: string[] = [];
    const jobs = app.engines.stuck?.() ?? 0;
    if (jobs > 0) reasons.push(`${jobs} inference job(s) still running past their deadline`);
    const decodes = app.decoder.stats().stuck;
    if (decodes > 0) reasons.push(`${decodes} image decode(s) still running past their deadline`);
    return reasons;
  };

  const degradedBody = { type: 'object', properties: { status: { type: 'string' }, reasons: { type: 'array', items: { type: 'string' } } } } as const;
  app.get('/health', { schema: { response: { 200: { type: 'object', properties: { status: { type: 'string' } } }, 503: degradedBody } } }, async (_request, reply) => {
    const reasons = stuckReasons();
    if (reasons.length > 0) return reply.code(503).send({ status: 'degraded', reasons });
    return { status: 'ok' };
  });

  const readyBody = {
    type: 'object',
    properties: {
      ready: { type: 'boolean' },
      models: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, version: { type: 'string' }, sha256: { type: 'string' } } } },
      load_ms: { type: 'object', properties: { face: { type: 'number' }, document: { type: 'number' } } },
      reasons: { type: 'array', items: { type: 'string' } },
    },
  } as const;
  app.get('/ready', { schema: { response: { 200: readyBody, 503: readyBody } } }, async (_request, reply) => {
    const { engines } = app;
    if (!engines.isReady()) return reply.code(503).send({ ready: false, models: [] });
    const reasons = stuckReasons();
    if (reasons.length > 0) return reply.code(503).send({ ready: false, models: [], reasons });
    return { ready: true, models: [...engines.faces.models, ...engines.documents.models], load_ms: engines.loadTimes() };
  });
}
