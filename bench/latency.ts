/**
 * End-to-end latency and server CPU of POST /verify: the real server (src/main.ts) in a child process on
 * loopback, sent person A's selfie with ID photos of several layouts and the specimens (bench/lib/verify-cases.ts).
 * CPU is the server's and its decode processes' (/proc), per request: the figure to compare on a shared box,
 * where wall-clock latency depends on what else runs. /health is pinged meanwhile to show the event loop stays
 * free while inference runs in the worker threads.
 *
 *   npm run bench:latency -- [--set mixed|layouts|specimens|fixture] [--rounds 2] [--concurrency 1] [--env KEY=VALUE ...]
 *                            [--compiled]   (runs dist/main.js as `npm start` does; `npm run build` first)
 *
 * Each round sends every case once; the first pass over the cases warms the server and is not counted.
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { cpus } from 'node:os';
import { verifyForm } from '../test/support/multipart.js';
import { percentile as quantile } from './lib/verification-metrics.js';
import { sampler, startServer } from './lib/server-process.js';
import { treeCpuSeconds, treeRssBytes } from './lib/process-tree.js';
import { verifyCases, type CaseSet } from './lib/verify-cases.js';

const { values } = parseArgs({
  options: {
    set: { type: 'string', default: 'mixed' },
    rounds: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '1' },
    env: { type: 'string', multiple: true, default: [] },
    compiled: { type: 'boolean', default: false },
  },
});
const rounds = Number(values.rounds);
const concurrency = Number(values.concurrency);
const env: Record<string, string> = { RATE_LIMIT_MAX: '0' };
for (const pair of values.env) {
  const eq = pair.indexOf('=');
  env[pair.slice(0, eq)] = pair.slice(eq + 1);
}

const cases = await verifyCases(values.set as CaseSet);
if (cases.length === 0) throw new Error(`no cases in set ${values.set} (specimens need IDENTITY_CHECK_DATA)`);
const forms = cases.map((c) => ({ label: c.label, ...verifyForm(c.selfie, c.id, c.name) }));

const t0 = performance.now();
const server = await startServer(env, { compiled: values.compiled });
const loadMs = performance.now() - t0;

interface Result {
  readonly label: string;
  readonly ms: number;
  readonly status: number;
  readonly serverMs: number;
}

async function once(form: (typeof forms)[number]): Promise<Result> {
  const start = performance.now();
  const response = await fetch(`${server.url}/verify`, { method: 'POST', body: form.payload, headers: form.headers });
  const body = (await response.json()) as { details?: { timings_ms?: { total: number } } };
  return { label: form.label, ms: performance.now() - start, status: response.status, serverMs: body.details?.timings_ms?.total ?? NaN };
}

for (const form of forms) await once(form); // warm every path, every input size

const rss = sampler(() => treeRssBytes(server.pid), 250);
let stopPing = false;
const healthMs: number[] = [];
const pinger = (async () => {
  while (!stopPing) {
    const start = performance.now();
    await fetch(`${server.url}/health`);
    healthMs.push(performance.now() - start);
    await new Promise((r) => setTimeout(r, 50));
  }
})();

const queue = Array.from({ length: rounds }, () => forms).flat();
const results: Result[] = [];
const cpuStart = await treeCpuSeconds(server.pid);
const wallStart = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    for (let form = queue.shift(); form !== undefined; form = queue.shift()) results.push(await once(form));
  }),
);
const wallMs = performance.now() - wallStart;
const cpu = (await treeCpuSeconds(server.pid)) - cpuStart;
stopPing = true;
await pinger;
const rssPeak = Math.max(...(await rss.stop()).map((s) => s.value));

const line = (label: string, rs: readonly Result[]): string => {
  const ms = rs.map((r) => r.ms);
  return `${label.padEnd(22)} n ${String(rs.length).padStart(3)}  p50 ${quantile(ms, 0.5).toFixed(0).padStart(5)}  p95 ${quantile(ms, 0.95).toFixed(0).padStart(5)}  max ${Math.max(...ms).toFixed(0).padStart(5)}`;
};
const statuses = results.reduce<Record<number, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}; server env ${JSON.stringify(env)}`);
console.log(`${values.compiled ? 'dist/main.js' : 'src/main.ts under tsx'} ready in ${(loadMs / 1000).toFixed(1)} s; set ${values.set}: ${cases.length} cases x ${rounds} rounds, concurrency ${concurrency}`);
console.log(`statuses: ${JSON.stringify(statuses)}`);
console.log(`server CPU (main process, worker threads, decode processes): ${((cpu / results.length) * 1000).toFixed(0)} ms per request`);
console.log(`POST /verify latency ms (wall clock, noisy on a shared host):`);
console.log(`  ${line('all', results)}`);
const synthetic = results.filter((r) => !/\.(jpe?g|png)$/.test(r.label));
const specimen = results.filter((r) => /\.(jpe?g|png)$/.test(r.label));
if (synthetic.length > 0 && specimen.length > 0) {
  console.log(`  ${line('synthetic layouts', synthetic)}`);
  console.log(`  ${line('specimens', specimen)}`);
}
console.log(`server-side total ms: p50 ${quantile(results.map((r) => r.serverMs).filter(Number.isFinite), 0.5).toFixed(0)}`);
console.log(`throughput: ${((results.length / wallMs) * 1000).toFixed(2)} req/s`);
console.log(`GET /health during load ms: p50 ${quantile(healthMs, 0.5).toFixed(1)}  max ${Math.max(...healthMs).toFixed(1)} (${healthMs.length} pings)`);
console.log(`peak RSS of the server and its decode processes: ${(rssPeak / 1024 / 1024).toFixed(0)} MB`);
await server.stop();
