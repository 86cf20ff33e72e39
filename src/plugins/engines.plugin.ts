/**
 * Owns the model engines for the app's lifetime: starts them (or takes injected ones), exposes them as
 * `app.engines`, and closes them in onClose so no worker thread outlives the server. When the metrics
 * plugin is registered first, the pools report every job and worker replacement to it.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { startPooledEngines, type Engines } from '../adapters/workers/pooled-engines.js';
import type { Config } from '../config/config.js';

declare module 'fastify' {
  interface FastifyInstance {
    engines: Engines;
  }
}

export interface EnginesPluginOptions {
  readonly config: Config;
  /** Pre-built engines (tests, CLI); when absent the worker pools are started here. */
  readonly engines?: Engines;
}

export default fp<EnginesPluginOptions>(
  async (app: FastifyInstance, options) => {
    const metrics = app.hasDecorator('metrics') ? app.metrics : undefined;
    const engines =
      options.engines ??
      startPooledEngines({
        faceWorkers: options.config.faceWorkers,
        documentWorkers: options.config.documentWorkers,
        documentThreads: options.config.documentThreads,
        maxQueue: options.config.maxQueue,
        timeoutMs: options.config.limits.requestTimeoutMs,
        onWorkerError: (error, kind) => {
          metrics?.workerReplaced(kind);
          app.log.error({ err: error, engine: kind }, 'inference worker failed and was replaced');
        },
        ...(metrics ? { onJob: metrics.observeJob } : {}),
      });
    engines.ready.then(
      () => app.log.info({ loadMs: engines.loadTimes(), pools: engines.stats?.() }, 'models loaded and warmed'),
      (error: unknown) => app.log.fatal({ err: error }, 'model loading failed'),
    );
    app.decorate('engines', engines);
    app.addHook('onClose', async () => {
      await engines.close();
    });
  },
  { name: 'engines' },
);
