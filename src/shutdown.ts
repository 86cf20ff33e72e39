/**
 * Graceful shutdown, shared by main.ts and the shutdown tests: app.close() stops accepting connections,
 * answers new requests on kept-alive connections with 503, lets in-flight requests finish, then closes
 * the decode processes and worker pools (onClose). Whatever is running, the process exits within
 * SHUTDOWN_TIMEOUT_MS: at the deadline decode processes are SIGKILLed (a libvips job cannot be waited
 * out: a graceful exit would join it on libuv's threadpool) and the process exits with status 1, so the
 * orchestrator can tell.
 */
import type { FastifyInstance } from 'fastify';
import type { Config } from './config/config.js';

export function shutDownOn(signals: readonly NodeJS.Signals[], app: FastifyInstance, config: Pick<Config, 'shutdownTimeoutMs'>): void {
  for (const signal of signals) {
    process.once(signal, () => {
      app.log.info({ signal, timeoutMs: config.shutdownTimeoutMs }, 'shutting down: finishing in-flight requests');
      const deadline = setTimeout(() => {
        app.log.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown deadline passed; exiting with requests still open');
        app.decoder.terminate();
        process.exit(1);
      }, config.shutdownTimeoutMs);
      deadline.unref();
      app.close().then(
        () => {
          app.log.info('shut down cleanly');
          process.exit(0);
        },
        (error: unknown) => {
          app.log.error({ err: error }, 'shutdown failed');
          app.decoder.terminate();
          process.exit(1);
        },
      );
    });
  }
}
