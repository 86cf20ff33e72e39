import type { FastifyInstance } from 'fastify';
import type { ChallengeStore } from '../services/liveness-challenges.js';

const challengeResponse = {
  type: 'object',
  required: ['challenge_id', 'steps', 'expires_at'],
  properties: {
    challenge_id: { type: 'string', description: 'send it back to POST /verify as the challenge_id field, once' },
    steps: {
      type: 'array',
      items: { type: 'string', enum: ['turn_left', 'turn_right', 'look_up', 'look_down'] },
      description: 'the head movements to make, in this order (the person\'s own left and right), each followed by facing the camera again',
    },
    expires_at: { type: 'string', format: 'date-time' },
  },
} as const;

/** POST /liveness/challenge: 2-3 random head movements to perform while the frames for /verify are captured. */
export async function livenessRoute(app: FastifyInstance, opts: { challenges: ChallengeStore }): Promise<void> {
  app.post('/liveness/challenge', {
    schema: { response: { 200: challengeResponse } },
  }, async (_request, reply) => {
    const c = opts.challenges.issue(new Date());
    return reply.header('cache-control', 'no-store').send({ challenge_id: c.id, steps: c.steps, expires_at: c.expiresAt.toISOString() });
  });
}
