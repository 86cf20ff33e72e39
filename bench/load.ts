/**
 * Load benchmark: the real server (src/main.ts) in a child process on loopback, driven by autocannon with
 * the generated fixtures (a selfie and a synthetic ID card of the same person, the right typed name).
 *
 *   npm run bench:load -- [--duration 60] [--overload-duration 30] [--concurrency N] [--sequential 10]
 *                         [--face-workers N] [--document-workers N] [--max-queue N] [--max-in-flight N] [--queue-timeout-ms N]
 *                         [--phases sequential,sustained,overload,burst] [--burst-clients 16] [--burst-requests 2]
 *                         [--compiled]   (runs dist/main.js as `npm start` does; `npm run build` first)
 *
 * Phases, printed as they finish:
 *   1. single-request CPU: N sequential requests; the server's CPU seconds (process.cpuUsage(), every
 *      thread) per request, and the capacity it implies: cores / CPU-per-request, req/s;
 *   2. max concurrency (default: the server's admission limit): req/s, p50/p99, status codes, RSS over
 *      time, and throughput as a ratio of that capacity;
 *   3. overload at 4x that concurrency, from clients that wait the Retry-After they are given: how many
 *      were refused and how fast, that admitted ones still finish, /health latency while saturated, RSS;
 *   4. burst: `--burst-clients` clients start at once and each sends `--burst-requests` requests one after the
 *      other, without retrying, cycling through the synthetic card layouts (bench/lib/verify-cases.ts): how many
 *      were refused, verifications per second over the burst, latency, CPU per request and peak RSS.
 * CPU and RSS are the server's together with its decode processes (bench/lib/process-tree.ts). Figures are noisy on a shared 2-core box; run it alone for numbers you publish.
 */
import { parseArgs } from 'node:util';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { loadFixtures } from '../test/support/fixtures.js';
import { verifyForm } from '../test/support/multipart.js';
import { sampler, startServer } from './lib/server-process.js';
import { percentile } from './lib/verification-metrics.js';
import { treeCpuSeconds, treeRssBytes } from './lib/process-tree.js';
import { verifyCases } from './lib/verify-cases.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    'overload-duration': { type: 'string', default: '30' },
    concurrency: { type: 'string' },
    sequential: { type: 'string', default: '10' },
    'face-workers': { type: 'string' },
    'document-workers': { type: 'string' },
    'max-queue': { type: 'string' },
    'max-in-flight': { type: 'string' },
    'queue-timeout-ms': { type: 'string' },
    phases: { type: 'string', default: 'sequential,sustained,overload,burst' },
    'burst-clients': { type: 'string', default: '16' },
    'burst-requests': { type: 'string', default: '2' },
    compiled: { type: 'boolean', default: false },
  },
});
const phases = new Set(values.phases.split(','));

const env: Record<string, string> = { RATE_LIMIT_MAX: '0' };
if (values['face-workers']) env.FACE_WORKERS = values['face-workers'];
if (values['document-workers']) env.DOCUMENT_WORKERS = values['document-workers'];
if (values['max-queue']) env.MAX_QUEUE = values['max-queue'];
if (values['max-in-flight']) env.MAX_IN_FLIGHT = values['max-in-flight'];
if (values['queue-timeout-ms']) env.QUEUE_TIMEOUT_MS = values['queue-timeout-ms'];

const fx = await loadFixtures();
const form = verifyForm(fx.selfieA, fx.idA, fx.holderA.typed);
const cores = cpus().length;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

console.log(`machine: ${cores} x ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}; server env ${JSON.stringify(env)}`);
const t0 = performance.now();
const started = await startServer(env, { compiled: values.compiled });
// CPU and memory of the whole service: the server process, its worker threads and its decode processes.
const server = { ...started, rss: () => treeRssBytes(started.pid), cpuSeconds: () => treeCpuSeconds(started.pid) };
console.log(`${values.compiled ? 'dist/main.js' : 'src/main.ts under tsx'} ready in ${((performance.now() - t0) / 1000).toFixed(1)} s; RSS ${mb(await server.rss())}`);
const admission = await server.metric('identity_check_admission_limit');
const workers = { face: await server.metric('identity_check_workers{engine="face"}'), document: await server.metric('identity_check_workers{engine="document"}') };
const concurrency = Number(values.concurrency ?? (Number.isFinite(admission) ? admission : workers.face + workers.document));
console.log(`pools: face ${workers.face} worker(s), document ${workers.document} worker(s); admission limit ${admission}; load concurrency ${concurrency}`);

async function post(): Promise<{ status: number; ms: number }> {
  const start = performance.now();
  const response = await fetch(`${server.url}/verify`, { method: 'POST', body: form.payload, headers: form.headers });
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - start };
}

// 1. Single-request CPU time (also the capacity the other phases compare with).
for (let i = 0; i < 3; i++) await post();
const sequential = phases.has('sequential') ? Number(values.sequential) : 3;
const cpuBefore = await server.cpuSeconds();
const wallBefore = performance.now();
const seqMs: number[] = [];
for (let i = 0; i < sequential; i++) {
  const { status, ms } = await post();
  if (status !== 200) throw new Error(`sequential request answered ${status}`);
  seqMs.push(ms);
}
const cpuPerRequest = ((await server.cpuSeconds()) - cpuBefore) / sequential;
const seqWall = (performance.now() - wallBefore) / 1000 / sequential;
const capacity = cores / cpuPerRequest;
seqMs.sort((a, b) => a - b);
console.log(
  `\n[1] sequential x${sequential}: latency p50 ${seqMs[Math.floor(sequential / 2)]?.toFixed(0)} ms; ` +
    `server CPU ${(cpuPerRequest * 1000).toFixed(0)} ms/request (wall ${(seqWall * 1000).toFixed(0)} ms, so ${(cpuPerRequest / seqWall).toFixed(2)} cores busy); ` +
    `capacity = ${cores} cores / CPU per request = ${capacity.toFixed(2)} req/s`,
);

interface Phase {
  readonly result: autocannon.Result;
  readonly rss: { t: number; value: number }[];
  readonly health: number[];
  /** Server CPU seconds used during the phase. */
  readonly cpu: number;
}

/** Times GET /health every 200 ms while a phase runs: the event loop must stay free under load. */
function healthSampler(): ReturnType<typeof sampler> {
  return sampler(async () => {
    const start = performance.now();
    await fetch(`${server.url}/health`).then((r) => r.arrayBuffer());
    return performance.now() - start;
  }, 200);
}

/** Runs autocannon for `seconds` at `connections`, sampling RSS each second and /health every 200 ms. */
async function phase(connections: number, seconds: number): Promise<Phase> {
  const cpuStart = await server.cpuSeconds();
  const rss = sampler(() => server.rss(), 1000);
  const health = healthSampler();
  const result = await autocannon({
    url: `${server.url}/verify`,
    method: 'POST',
    headers: form.headers,
    body: form.payload,
    connections,
    duration: seconds,
    timeout: 120,
  });
  const cpu = (await server.cpuSeconds()) - cpuStart;
  return { result, rss: await rss.stop(), health: (await health.stop()).map((s) => s.value), cpu };
}

function report(label: string, p: Phase): void {
  const r = p.result;
  const statuses = Object.fromEntries(Object.entries((r as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {}).map(([k, v]) => [k, v.count]));
  const ok = statuses['200'] ?? 0;
  const fivexx = Object.entries(statuses).filter(([k]) => k.startsWith('5')).reduce((n, [, v]) => n + v, 0);
  const health = [...p.health].sort((a, b) => a - b);
  const q = (xs: number[], f: number): string => percentile(xs, f).toFixed(1);
  const rssValues = p.rss.map((s) => s.value);
  console.log(`\n[${label}] ${r.connections} connections, ${r.duration.toFixed(0)} s`);
  console.log(`  statuses ${JSON.stringify(statuses)}; errors ${r.errors}, timeouts ${r.timeouts}; 5xx ${fivexx}`);
  console.log(`  latency (all answers) ms: p50 ${r.latency.p50}  p90 ${r.latency.p90}  p99 ${r.latency.p99}  max ${r.latency.max}`);
  console.log(`  throughput: ${(r.requests.total / r.duration).toFixed(2)} answers/s, ${(ok / r.duration).toFixed(2)} verified/s = ${((ok / r.duration) / capacity).toFixed(2)} x capacity`);
  // On a shared box the server may not get every core; this says how well it used the CPU it did get.
  const obtained = p.cpu / r.duration;
  console.log(
    `  server CPU: ${obtained.toFixed(2)} cores busy on average, ${ok > 0 ? ((p.cpu / ok) * 1000).toFixed(0) : '-'} ms CPU per verified request; ` +
      `throughput / (cores obtained / single-request CPU) = ${((ok / r.duration) / (obtained / cpuPerRequest)).toFixed(2)}`,
  );
  console.log(`  /health while loaded ms: p50 ${q(health, 0.5)}  p99 ${q(health, 0.99)}  max ${q(health, 1)} (${health.length} probes)`);
  console.log(`  server RSS: start ${mb(rssValues[0] ?? NaN)}, max ${mb(Math.max(...rssValues))}, end ${mb(rssValues.at(-1) ?? NaN)}; every 10 s: ${p.rss.filter((_, i) => i % 10 === 0).map((s) => mb(s.value).replace(' MB', '')).join(' ')} MB`);
}

// 2. Sustained load at the service's own concurrency.
if (phases.has('sustained')) report('2: max concurrency', await phase(concurrency, Number(values.duration)));

// 3. Overload at 4x: closed-loop clients that honour Retry-After, as a real client library would.
if (phases.has('overload')) await overloadPhase(concurrency * 4, Number(values['overload-duration']));

// 4. A burst of clients arriving at once, none retrying.
if (phases.has('burst')) await burstPhase(Number(values['burst-clients']), Number(values['burst-requests']));

/** `clients` start together; each sends `requests` one after the other and never retries a refusal. */
async function burstPhase(clients: number, requests: number): Promise<void> {
  const cases = await verifyCases('layouts');
  const forms = cases.map((c) => verifyForm(c.selfie, c.id, c.name));
  const rss = sampler(() => server.rss(), 250);
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  const cpuStart = await server.cpuSeconds();
  const start = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let r = 0; r < requests; r++) {
        const form = forms[(client + r) % forms.length]!;
        const t = performance.now();
        const response = await fetch(`${server.url}/verify`, { method: 'POST', body: form.payload, headers: form.headers });
        await response.arrayBuffer();
        latencies.push(performance.now() - t);
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      }
    }),
  );
  const wall = (performance.now() - start) / 1000;
  const cpu = (await server.cpuSeconds()) - cpuStart;
  const rssValues = (await rss.stop()).map((x) => x.value);
  const answered = clients * requests;
  const decided = (statuses['200'] ?? 0) + (statuses['401'] ?? 0);
  const q = (f: number): string => percentile(latencies, f).toFixed(0);
  console.log(`\n[4: burst] ${clients} clients x ${requests} requests, no retries, ${forms.length} card layouts`);
  console.log(`  statuses ${JSON.stringify(statuses)}; refused 503: ${statuses['503'] ?? 0} of ${answered}`);
  console.log(`  ${(decided / wall).toFixed(2)} verifications/s over ${wall.toFixed(1)} s; latency ms p50 ${q(0.5)}  p95 ${q(0.95)}  max ${q(1)}`);
  console.log(`  server CPU ${((cpu / answered) * 1000).toFixed(0)} ms per request (${(cpu / wall).toFixed(2)} cores busy on average)`);
  console.log(`  RSS of the server and its decode processes: start ${mb(rssValues[0] ?? NaN)}, peak ${mb(Math.max(...rssValues))}`);
}

/**
 * `clients` loops for `seconds`: each posts, and on 429/503 records how fast the refusal came and waits
 * the Retry-After it was given. Admitted requests must still finish (counted after the window closes).
 */
async function overloadPhase(clients: number, seconds: number): Promise<void> {
  const rss = sampler(() => server.rss(), 1000);
  const health = healthSampler();
  const refusedMs: number[] = [];
  const admittedMs: number[] = [];
  const statuses: Record<string, number> = {};
  let missingRetryAfter = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) {
        const start = performance.now();
        const response = await fetch(`${server.url}/verify`, { method: 'POST', body: form.payload, headers: form.headers });
        await response.arrayBuffer();
        const ms = performance.now() - start;
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
        if (response.status === 429 || response.status === 503) {
          refusedMs.push(ms);
          const retryAfter = Number(response.headers.get('retry-after'));
          if (!(retryAfter > 0)) missingRetryAfter++;
          await new Promise((r) => setTimeout(r, (retryAfter > 0 ? retryAfter : 1) * 1000));
        } else {
          admittedMs.push(ms);
        }
      }
    }),
  );
  const wall = (performance.now() - (end - seconds * 1000)) / 1000;
  const rssValues = (await rss.stop()).map((x) => x.value);
  const healthMs = (await health.stop()).map((x) => x.value);
  const q = (xs: number[], f: number): string => percentile(xs, f).toFixed(0);
  const fivexx = Object.entries(statuses).filter(([k]) => k.startsWith('5') && k !== '503').reduce((n, [, v]) => n + v, 0);
  console.log(`\n[3: overload 4x] ${clients} clients honouring Retry-After, ${seconds} s window (${wall.toFixed(0)} s until the last admitted request finished)`);
  console.log(`  statuses ${JSON.stringify(statuses)}; 5xx other than 503: ${fivexx}; refusals without Retry-After: ${missingRetryAfter}`);
  console.log(`  refusals ms: p50 ${q(refusedMs, 0.5)}  p99 ${q(refusedMs, 0.99)}  max ${q(refusedMs, 1)} (${refusedMs.length})`);
  console.log(`  admitted ms: p50 ${q(admittedMs, 0.5)}  p99 ${q(admittedMs, 0.99)}  max ${q(admittedMs, 1)}; ${((statuses['200'] ?? 0) / wall).toFixed(2)} verified/s = ${(((statuses['200'] ?? 0) / wall) / capacity).toFixed(2)} x capacity`);
  console.log(`  /health while saturated ms: p50 ${q(healthMs, 0.5)}  p99 ${q(healthMs, 0.99)}  max ${q(healthMs, 1)} (${healthMs.length} probes)`);
  console.log(`  server RSS: start ${mb(rssValues[0] ?? NaN)}, max ${mb(Math.max(...rssValues))}, end ${mb(rssValues.at(-1) ?? NaN)}`);
}

const code = await server.stop();
console.log(`\nserver stopped with SIGTERM, exit code ${code}`);
