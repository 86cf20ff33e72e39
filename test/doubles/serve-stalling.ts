/**
 * A server process for the SIGTERM test: the real app and shutdown handling (src/shutdown.ts, as main.ts
 * installs it) with stand-in engines and decode processes that stall on a marked image
 * (stalling-decode-child.ts). Configured from the environment like main.ts; prints "listening <port>".
 */
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { DecodePool } from '../../src/adapters/image/decode-pool.js';
import { shutDownOn } from '../../src/shutdown.js';
import { stubEngines } from './stub-engines.js';

const config = loadConfig();
const decoder = new DecodePool({
  size: config.decodeProcesses,
  timeoutMs: config.decodeTimeoutMs,
  childModule: new URL('./stalling-decode-child.ts', import.meta.url),
});
const app = await buildApp({ config, engines: stubEngines(), decoder });
shutDownOn(['SIGTERM'], app, config);
await decoder.ready;
await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`listening ${(app.server.address() as { port: number }).port}\n`);
