/**
 * End-to-end latency of POST /verify on a real server on loopback, with the generated fixtures
 * (a selfie and a synthetic ID card photo). Also pings /health during verification to show the event
 * loop stays responsive while inference runs in the worker threads.
 *   npm run bench:latency -- [--requests 40] [--concurrency 1]
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { cpus } from 'node:os';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { loadFixtures } from '../test/support/fixtures.js';
import { percentile as quantile } from './lib/verification-metrics.js';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '40' }, concurrency: { type: 'string', default: '1' } } });
const total = Number(values.requests);
const concurrency = Number(values.concurrency);

const fx = await loadFixtures();
const t0 = performance.now();
// The demo card is issued by Utopia, ICAO's specimen state.
const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'warn', ALLOW_SPECIMEN_DOCUMENTS: 'true' }) });
await app.engines.ready;
const loadMs = performance.now() - t0;
const address = await app.listen({ host: '127.0.0.1', port: 0 });

function form(): FormData {
  const data = new FormData();
  data.append('image1', new Blob([fx.selfieA], { type: 'image/jpeg' }), 'selfie.jpg');
  data.append('image2', new Blob([fx.idA], { type: 'image/jpeg' }), 'id.jpg');
  data.append('name', fx.holderA.typed);
  return data;
}

async function once(): Promise<{ ms: number; status: number; serverMs: number }> {
  const start = performance.now();
  const response = await fetch(`${address}/verify`, { method: 'POST', body: form() });
  const body = (await response.json()) as { details: { timings_ms?: { total: number } } };
  return { ms: performance.now() - start, status: response.status, serverMs: body.details.timings_ms?.total ?? NaN };
}


for (let i = 0; i < 3; i++) await once(); // warm the HTTP path too

let stopPing = false;
const healthMs: number[] = [];
const pinger = (async () => {
  while (!stopPing) {
    const start = performance.now();
    await fetch(`${address}/health`);
    healthMs.push(performance.now() - start);
    await new Promise((r) => setTimeout(r, 20));
  }
})();

const results: { ms: number; status: number; serverMs: number }[] = [];
let next = 0;
const wallStart = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < total) {
      next++;
      results.push(await once());
    }
  }),
);
const wallMs = performance.now() - wallStart;
stopPing = true;
await pinger;

const ms = results.map((r) => r.ms);
const statuses = results.reduce<Record<number, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
console.log(`engines loaded+warmed in ${(loadMs / 1000).toFixed(1)} s; ${total} requests, concurrency ${concurrency}`);
console.log(`statuses: ${JSON.stringify(statuses)}`);
console.log(`POST /verify latency ms: p50 ${quantile(ms, 0.5).toFixed(0)}  p95 ${quantile(ms, 0.95).toFixed(0)}  max ${Math.max(...ms).toFixed(0)}`);
console.log(`server-side total ms: p50 ${quantile(results.map((r) => r.serverMs), 0.5).toFixed(0)}`);
console.log(`throughput: ${((total / wallMs) * 1000).toFixed(2)} req/s`);
console.log(`GET /health during load ms: p50 ${quantile(healthMs, 0.5).toFixed(1)}  max ${Math.max(...healthMs).toFixed(1)} (${healthMs.length} pings)`);
console.log(`peak RSS of this process (server + client): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
await app.close();
