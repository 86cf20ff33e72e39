import type { FastifyInstance } from 'fastify';

/** Liveness (process is up) and readiness (every model loaded and warmed). */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/health', { schema: { response: { 200: { type: 'object', properties: { status: { type: 'string' } } } } } }, async () => ({
    status: 'ok',
  }));

  const readyBody = {
    type: 'object',
    properties: {
      ready: { type: 'boolean' },
      models: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, version: { type: 'string' }, sha256: { type: 'string' } } } },
      load_ms: { type: 'object', properties: { face: { type: 'number' }, document: { type: 'number' } } },
    },
  } as const;
  app.get('/ready', { schema: { response: { 200: readyBody, 503: readyBody } } }, async (_request, reply) => {
    const { engines } = app;
    if (!engines.isReady()) return reply.code(503).send({ ready: false, models: [] });
    return { ready: true, models: [...engines.faces.models, ...engines.documents.models], load_ms: engines.loadTimes() };
  });
}
