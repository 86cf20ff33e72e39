/**
 * Owns the decode processes (src/adapters/image/decode-pool.ts) for the app's lifetime: exposes them as
 * `app.decoder`, logs every process killed at its deadline, and closes them in onClose after in-flight
 * decodes are done, so no decode process outlives the server.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { DecodePool } from '../adapters/image/decode-pool.js';

declare module 'fastify' {
  interface FastifyInstance {
    decoder: DecodePool;
  }
}

export interface DecodePoolPluginOptions {
  readonly processes: number;
  readonly timeoutMs: number;
  /** A pre-built pool (tests that need a misbehaving decode process); closed by this plugin all the same. */
  readonly pool?: DecodePool;
}

export default fp<DecodePoolPluginOptions>(
  async (app: FastifyInstance, options) => {
    const pool =
      options.pool ??
      new DecodePool({
        size: options.processes,
        timeoutMs: options.timeoutMs,
        onReplaced: (reason) => app.log.warn({ reason }, 'decode process replaced'),
      });
    app.decorate('decoder', pool);
    app.addHook('onClose', async () => {
      await pool.close();
    });
  },
  { name: 'decode-pool' },
);
