/**
 * Prints the service's OpenAPI document (what GET /openapi.json serves) without loading any model: the app is
 * built with engines that are never called. packages/client generates its types from this output.
 *
 *   node --import tsx scripts/print-openapi.ts > openapi.json
 */
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import type { Engines } from '../src/adapters/workers/pooled-engines.js';

const unused = (): never => {
  throw new Error('the OpenAPI printer runs no inference');
};
const engines: Engines = {
  faces: { analyze: unused, models: [] },
  documents: { read: unused, findText: unused, models: [] },
  ready: Promise.resolve(),
  isReady: () => false,
  loadTimes: () => ({ face: 0, document: 0 }),
  queueDepth: () => 0,
  close: async () => undefined,
};

const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent' }), engines });
await app.ready();
process.stdout.write(`${JSON.stringify(app.swagger(), null, 2)}\n`);
await app.close();
