import type { FastifyInstance } from 'fastify';

/** GET /metrics: Prometheus text exposition of the app's registry (behind the API key when auth is on). */
export async function metricsRoute(app: FastifyInstance): Promise<void> {
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    const text = await app.metrics.registry.metrics();
    return reply.type(app.metrics.registry.contentType).send(text);
  });
}
