/** Server entry: parse configuration, build the app, listen, shut down gracefully on SIGINT/SIGTERM. */
import { ConfigError, loadConfig } from './config/config.js';
import { buildApp } from './app.js';
import { shutDownOn } from './shutdown.js';

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
