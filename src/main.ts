/** Server entry: parse configuration, build the app, listen, shut down gracefully on SIGINT/SIGTERM. */
import { ConfigError, loadConfig, type Config } from './config/config.js';
import { buildApp } from './app.js';
import type { FastifyInstance } from 'fastify';

/**
 * Graceful shutdown: app.close() stops accepting connections, answers new requests on kept-alive
 * connections with 503, lets in-flight requests finish, then closes the worker pools (onClose). A
 * request still running after SHUTDOWN_TIMEOUT_MS does not hold the process hostage: it exits anyway,
 * with status 1 so the orchestrator can tell.
 */
function shutDownOn(signals: readonly NodeJS.Signals[], app: FastifyInstance, config: Config): void {
  for (const signal of signals) {
    process.once(signal, () => {
      app.log.info({ signal, timeoutMs: config.shutdownTimeoutMs }, 'shutting down: finishing in-flight requests');
      const deadline = setTimeout(() => {
        app.log.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown deadline passed; exiting with requests still open');
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
          process.exit(1);
        },
      );
    });
  }
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`identity-check: invalid configuration: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const app = await buildApp({ config });
  shutDownOn(['SIGINT', 'SIGTERM'], app, config);
  await app.listen({ host: config.host, port: config.port });
  app.log.info(
    { auth: config.apiKeys.length > 0 ? `${config.apiKeys.length} key(s)` : 'off', rateLimit: config.rateLimit, cors: config.corsOrigins, limits: config.limits },
    'configuration',
  );
}

await main();
