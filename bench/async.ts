/**
 * Asynchronous verifications at scale (issue 16): the HTTP service in this process accepting jobs, worker
 * processes (`bench/lib/async-worker.ts`, i.e. src/worker.ts) taking them from BullMQ on the real Redis,
 * records in the real PostgreSQL (a schema of its own, dropped after), webhooks to a receiver here.
 *   npm run bench:async -- [--burst 200] [--down-seconds 60] [--scale-jobs 60] [--stub-ms 60] [--record-runs 300] [--no-real] [--only 1,2,...]
 * Throughput runs use CPU-bound stand-in engines (--stub-ms of CPU per verification, real decoding);
 * one verification at the end goes through a worker with the real models. Timing figures on a shared
 * machine are noisy; the recording cost is also given in CPU time.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { buildPolicy } from '../src/config/policy.js';
import { verify } from '../src/services/verification.service.js';
import { presentOutcome } from '../src/services/verification.presenter.js';
import { checkWebhookSignature } from '../src/services/records/webhook-signature.js';
import { stubEngines, stubIdPhoto, stubPhoto } from '../test/doubles/stub-engines.js';
import { loadFixtures } from '../test/support/fixtures.js';
import { POSTGRES_URL, REDIS_URL, dropSchema, listening, uniqueName } from '../test/support/services.js';
import { dropPrefix, redisText } from '../test/support/redis-contents.js';
import { percentile } from './lib/verification-metrics.js';

const { values } = parseArgs({
  options: {
    burst: { type: 'string', default: '200' },
    'down-seconds': { type: 'string', default: '60' },
    'scale-jobs': { type: 'string', default: '60' },
    'stub-ms': { type: 'string', default: '60' },
    'record-runs': { type: 'string', default: '300' },
    'no-real': { type: 'boolean', default: false },
    only: { type: 'string', default: '1,2,3,4,5,6,7' },
  },
});
const ONLY = new Set(values.only.split(',').map(Number));
const BURST = Number(values.burst);
const DOWN_S = Number(values['down-seconds']);
const SCALE_JOBS = Number(values['scale-jobs']);
const STUB_MS = Number(values['stub-ms']);

if (!(await listening(5432)) || !(await listening(6379))) {
  process.stderr.write('bench:async needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 (bash .ci/run starts them)\n');
  process.exit(2);
}

const KEY = 'bench-async-key-0123456789';
const schema = uniqueName('ic_bench');
const prefix = uniqueName('ic-bench');
const WORKER = fileURLToPath(new URL('./lib/async-worker.ts', import.meta.url));
const env: Record<string, string> = {
  LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '0', API_KEYS: KEY, DATABASE_URL: POSTGRES_URL, DATABASE_SCHEMA: schema, REDIS_URL, QUEUE_PREFIX: prefix,
  JOB_LEASE_MS: '5000', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_BACKOFF_MS: '2000',
  WORKERS: '1', DECODE_PROCESSES: '1', ALLOW_SPECIMEN_DOCUMENTS: 'true', MAX_UPLOADS_PER_CLIENT: '1000', MAX_IN_FLIGHT: '1000',
};
const line = (text: string): void => void process.stdout.write(`${text}\n`);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// ---- webhook receiver (restartable on the same port) ----
const receipts = new Map<string, number>();
let badSignatures = 0;
let secret = '';
let receiver: Server | undefined;
let receiverPort = 0;
async function startReceiver(): Promise<void> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (!checkWebhookSignature(secret, body, String(req.headers['x-signature']), Math.floor(Date.now() / 1000))) badSignatures++;
      const id = (JSON.parse(body) as { id: string }).id;
      receipts.set(id, (receipts.get(id) ?? 0) + 1);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(receiverPort, '127.0.0.1', resolve));
  receiverPort = (server.address() as { port: number }).port;
  receiver = server;
}
async function stopReceiver(): Promise<void> {
  const server = receiver;
  receiver = undefined;
  server?.closeAllConnections();
  await new Promise<void>((resolve) => server?.close(() => resolve()) ?? resolve());
}

// ---- worker processes ----
interface WorkerProcess {
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
}
function startWorkerProcess(options: { stubMs?: number; cpu?: number; extraEnv?: Record<string, string> }): WorkerProcess {
  const args = ['--import', 'tsx', WORKER, ...(options.stubMs === undefined ? [] : ['--stub-ms', String(options.stubMs)])];
  const command = options.cpu === undefined ? process.execPath : 'taskset';
  const argv = options.cpu === undefined ? args : ['-c', String(options.cpu), process.execPath, ...args];
  const child = spawn(command, argv, { env: { ...process.env, ...env, ...options.extraEnv }, stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
  });
  ready.catch(() => undefined);
  return { child, ready };
}
async function stopWorker(worker: WorkerProcess): Promise<void> {
  if (worker.child.exitCode !== null || worker.child.signalCode !== null) return;
  const exited = new Promise((r) => worker.child.once('exit', r));
  worker.child.kill('SIGTERM');
  await exited;
}

// ---- the API ----
const app: FastifyInstance = await buildApp({ config: loadConfig(env), engines: stubEngines() });
const base = await app.listen({ host: '127.0.0.1', port: 0 });
const headers = { 'x-api-key': KEY };
secret = ((await (await fetch(`${base}/webhook-secret`, { headers })).json()) as { secret: string }).secret;
await startReceiver();
const callback = (): string => `http://127.0.0.1:${receiverPort}/hook`;

const live = await stubPhoto();
const idPhoto = await stubIdPhoto();
async function submit(selfie = live, document = idPhoto, name = 'Jane Doe'): Promise<string> {
  const form = new FormData();
  form.append('image1', new Blob([selfie]), 'a.jpg');
  form.append('image2', new Blob([document]), 'b.jpg');
  form.append('name', name);
  form.append('callback_url', callback());
  const response = await fetch(`${base}/verifications`, { method: 'POST', body: form, headers });
  if (response.status !== 202) throw new Error(`POST /verifications answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}
async function submitAll(n: number, concurrency = 16): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) {
      next++;
      ids.push(await submit());
    }
  }));
  return ids;
}
async function statuses(ids: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const id of ids) out.set(id, (await app.records.store.get(id))?.status ?? 'missing');
  return out;
}
/** Waits until no job is left in the store (each scenario waits for its own), polling one COUNT query. */
async function waitDone(ids: readonly string[], timeoutMs: number): Promise<number> {
  const start = performance.now();
  while (performance.now() - start < timeoutMs) {
    if ((await app.records.store.pendingJobs()) === 0) {
      const s = await statuses(ids);
      if ([...s.values()].every((v) => v === 'done' || v === 'failed' || v === 'missing')) return performance.now() - start;
    }
    await sleep(100);
  }
  return NaN;
}
async function waitReceipts(ids: readonly string[], timeoutMs: number): Promise<number> {
  const start = performance.now();
  while (performance.now() - start < timeoutMs) {
    if (ids.every((id) => (receipts.get(id) ?? 0) > 0)) return performance.now() - start;
    await sleep(100);
  }
  return NaN;
}
function summary(ids: readonly string[], s: Map<string, string>): string {
  const count = (v: string): number => [...s.values()].filter((x) => x === v).length;
  const hooks = ids.map((id) => receipts.get(id) ?? 0);
  return `done ${count('done')}, failed ${count('failed')}, lost ${ids.length - count('done') - count('failed')}; ` +
    `webhooks: delivered ${hooks.filter((h) => h > 0).length}/${ids.length}, duplicates ${hooks.reduce((a, h) => a + Math.max(0, h - 1), 0)}, bad signatures ${badSignatures}`;
}

line(`bench:async — PostgreSQL schema ${schema}, Redis prefix ${prefix}; stand-in engines burn ${STUB_MS} ms CPU per verification (real decoding)`);
line(`machine shared with other sessions: wall-clock figures are noisy`);
const workers: WorkerProcess[] = [];
let t = 0;
try {
  // 1. Burst.
  if (ONLY.has(1)) {
    workers.push(startWorkerProcess({ stubMs: STUB_MS }), startWorkerProcess({ stubMs: STUB_MS }));
    await Promise.all(workers.map((w) => w.ready));
    t = performance.now();
    const burst = await submitAll(BURST);
    const acceptMs = performance.now() - t;
    const burstMs = await waitDone(burst, 600_000);
    await waitReceipts(burst, 60_000);
    line(`\n1. burst of ${BURST} async submissions, 2 worker processes: accepted in ${(acceptMs / 1000).toFixed(1)} s, all finished ${(burstMs / 1000).toFixed(1)} s after`);
    line(`   ${summary(burst, await statuses(burst))}`);

  }

  // 2. kill -9 of a worker mid-job.
  if (ONLY.has(2)) {
    await Promise.all(workers.splice(0).map(stopWorker));
    workers.push(startWorkerProcess({ stubMs: 1500 }), startWorkerProcess({ stubMs: 1500 }));
    await Promise.all(workers.map((w) => w.ready));
    const killBatch = await submitAll(6, 6);
    let inFlight: string[] = [];
    for (let i = 0; i < 100 && inFlight.length < 2; i++) {
      await sleep(100);
      inFlight = [...(await statuses(killBatch)).entries()].filter(([, v]) => v === 'processing').map(([k]) => k);
  }
  const victim = workers[0] as WorkerProcess;
  victim.child.kill('SIGKILL');
  t = performance.now();
  const killMs = await waitDone(killBatch, 120_000);
  await waitReceipts(killBatch, 60_000);
  const rows = await app.records.store.list(undefined, 10_000);
  const perId = inFlight.map((id) => rows.filter((r) => r.id === id).length);
  line(`\n2. kill -9 of a worker while ${inFlight.length} jobs were processing (${inFlight.map((i) => i.slice(0, 8)).join(', ')}): batch of ${killBatch.length} finished ${(killMs / 1000).toFixed(1)} s after the kill`);
  line(`   ${summary(killBatch, await statuses(killBatch))}; records per in-flight id: ${perId.join(', ')}; webhooks per in-flight id: ${inFlight.map((id) => receipts.get(id) ?? 0).join(', ')}`);
  await Promise.all(workers.splice(0).map(stopWorker));

  }

  // 3. Receiver down.
  if (ONLY.has(3)) {
    workers.push(startWorkerProcess({ stubMs: STUB_MS }), startWorkerProcess({ stubMs: STUB_MS }));
    await Promise.all(workers.map((w) => w.ready));
    const downBatch = await submitAll(20);
    await stopReceiver();
    await waitDone(downBatch, 120_000);
    await sleep(DOWN_S * 1000);
    const before = downBatch.filter((id) => (receipts.get(id) ?? 0) > 0).length;
    await startReceiver();
    const afterMs = await waitReceipts(downBatch, 3_600_000);
    const logs = await Promise.all(downBatch.map((id) => app.records.store.webhookLog(id)));
    const attempts = logs.map((l) => l?.attempts.length ?? 0);
    line(`\n3. webhook receiver down ${DOWN_S} s: delivered while down ${before}/${downBatch.length}; all delivered ${(afterMs / 1000).toFixed(1)} s after it returned`);
    line(`   ${summary(downBatch, await statuses(downBatch))}; attempts logged per webhook: min ${Math.min(...attempts)}, max ${Math.max(...attempts)}`);

  }

  // 4. DELETE leaves no trace (PostgreSQL dump, Redis).
  if (ONLY.has(4)) {
    const uniqueSelfie = await stubPhoto(96, 7.3);
    const uniqueId = await stubPhoto(96, 9.1);
    const gone = await submit(uniqueSelfie, uniqueId);
    await waitDone([gone], 60_000);
    await waitReceipts([gone], 60_000);
    const kept = await app.records.store.get(gone);
    const needles = [gone, ...Object.values(kept?.imageSha256 ?? {})];
    const del = await fetch(`${base}/verifications/${gone}`, { method: 'DELETE', headers });
    const dump = spawnSync('pg_dump', ['-h', '127.0.0.1', '-U', 'postgres', '-n', schema, 'test'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const redis = new Redis(REDIS_URL);
    const redisDump = await redisText(redis, prefix);
    const inDump = needles.filter((n) => dump.stdout.includes(n)).length;
    const inRedis = needles.filter((n) => redisDump.includes(n)).length;
    line(`\n4. DELETE /verifications/:id -> ${del.status}; id + ${needles.length - 1} image sha256 found afterwards: pg_dump ${inDump} of ${needles.length} (dump ${dump.stdout.length} bytes, exit ${dump.status}), Redis ${inRedis} of ${needles.length} (${redisDump.length} bytes under the prefix)`);
    line(`   GET after delete -> ${(await fetch(`${base}/verifications/${gone}`, { headers })).status}`);
    await redis.quit();
    await sqliteNoTrace();

  }

  // 5. Recording cost on the synchronous path (workers stopped, so the store is idle).
  await Promise.all(workers.splice(0).map(stopWorker));
  if (ONLY.has(5)) await recordingCost();

  // 6. Scaling with one core per worker.
  if (ONLY.has(6)) {
    const rate: number[] = [];
    const cpuPerJob: number[] = [];
    for (const count of [1, 2]) {
      // Two jobs at once per worker, so that one job's store and queue round trips overlap the other's CPU work.
      // The jobs are queued first, so the time measured is the workers' alone (from the first one ready).
      const jobs = await submitAll(SCALE_JOBS * count);
      const set = Array.from({ length: count }, (_, i) => startWorkerProcess({ stubMs: STUB_MS * 4, cpu: i, extraEnv: { WORKER_CONCURRENCY: '2' } }));
      workers.push(...set);
      await Promise.race(set.map((w) => w.ready));
      t = performance.now();
      await waitDone(jobs, 600_000);
      const ms = performance.now() - t;
      rate.push((SCALE_JOBS * count) / (ms / 1000));
      const cpuMs = set.reduce((sum, w) => sum + cpuMsOf(w.child.pid), 0);
      cpuPerJob.push(cpuMs / (SCALE_JOBS * count));
      await Promise.all(workers.splice(0).map(stopWorker));
    }
    line(`\n6. throughput, each worker pinned to one core (taskset -c 0 / -c 1, WORKER_CONCURRENCY=2), ${STUB_MS * 4} ms CPU stand-ins, jobs queued before the workers start: 1 worker ${rate[0]?.toFixed(2)} jobs/s (${SCALE_JOBS} jobs), 2 workers ${rate[1]?.toFixed(2)} jobs/s (${SCALE_JOBS * 2} jobs): ${((rate[1] ?? 0) / (rate[0] ?? 1)).toFixed(2)}x`);
    line(`   what a pinned process gets here: a 3 s CPU spin on each core at once used ${(await pinnedShare()).map((x) => x.toFixed(2)).join(' and ')} s of CPU (3.00 each on an idle machine)`);
    line(`   load average after: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores (a pinned worker shares its core with whatever else runs there)`);
    line(`   worker CPU per job (main process, from /proc, start-up included): 1 worker ${cpuPerJob[0]?.toFixed(0)} ms, 2 workers ${cpuPerJob[1]?.toFixed(0)} ms`);
  }

  // 7. The real path once.
  if (ONLY.has(7) && !values['no-real']) {
    const fx = await loadFixtures();
    const real = startWorkerProcess({});
    workers.push(real);
    await real.ready;
    const id = await submit(fx.selfieA, fx.idA, fx.holderA.typed);
    const ms = await waitDone([id], 600_000);
    await waitReceipts([id], 60_000);
    const record = await app.records.store.get(id);
    line(`\n7. real models (worker with the shipped engines): status ${record?.status}, verdict ${record?.verdict}, similarity ${record?.similarity?.toFixed(3)}, ` +
      `${(ms / 1000).toFixed(1)} s from submission, webhook delivered ${receipts.get(id) ?? 0}x, models ${(record?.models as unknown[] | null)?.length ?? 0}`);
  }
} finally {
  await Promise.all(workers.map(stopWorker));
  await app.close();
  await stopReceiver();
  const redis = new Redis(REDIS_URL);
  await dropPrefix(redis, prefix);
  await redis.quit();
  await dropSchema(schema);
}

/** CPU seconds a 3 s spin gets on core 0 and on core 1 at the same time: the ceiling of pinned throughput here. */
async function pinnedShare(): Promise<number[]> {
  const spin = 'const s=Date.now();let x=0;while(Date.now()-s<3000)x+=Math.sqrt(x+1);const u=process.cpuUsage();process.stdout.write(String((u.user+u.system)/1e6))';
  return Promise.all([0, 1].map((cpu) => new Promise<number>((resolve) => {
    const child = spawn('taskset', ['-c', String(cpu), process.execPath, '-e', spin], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', () => resolve(Number(out)));
  })));
}

/** CPU time (user + system) a process has used so far, ms, from /proc/<pid>/stat. */
function cpuMsOf(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  // utime and stime are fields 14 and 15 of the whole line, in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The embedded store: one job through the in-process worker, deleted, then every byte of DATA_DIR searched. */
async function sqliteNoTrace(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ic-bench-sqlite-'));
  const embedded = await buildApp({
    config: loadConfig({ LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '0', DATA_DIR: dir, WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_ALLOW_HTTP: 'true' }),
    engines: stubEngines(),
  });
  const url = await embedded.listen({ host: '127.0.0.1', port: 0 });
  secret = embedded.records.secrets.webhookSecret(null);
  const selfie = await stubPhoto(96, 5.7);
  const form = new FormData();
  form.append('image1', new Blob([selfie]), 'a.jpg');
  form.append('image2', new Blob([await stubPhoto(96, 3.3)]), 'b.jpg');
  form.append('name', 'Jane Doe');
  form.append('callback_url', callback());
  const id = ((await (await fetch(`${url}/verifications`, { method: 'POST', body: form })).json()) as { id: string }).id;
  while ((await embedded.records.store.get(id))?.status !== 'done') await sleep(50);
  await waitReceipts([id], 30_000);
  const record = await embedded.records.store.get(id);
  const needles = [id, ...Object.values(record?.imageSha256 ?? {})];
  const status = (await fetch(`${url}/verifications/${id}`, { method: 'DELETE' })).status;
  const files = readdirSync(dir);
  const found = needles.filter((n) => files.some((f) => readFileSync(join(dir, f)).includes(n))).length;
  line(`   embedded SQLite: DELETE -> ${status}; id + image sha256 found in ${files.join(', ')}: ${found} of ${needles.length}`);
  await embedded.close();
  rmSync(dir, { recursive: true, force: true });
  secret = ((await (await fetch(`${base}/webhook-secret`, { headers })).json()) as { secret: string }).secret;
}

/** What keeping the record adds to a synchronous /verify, on SQLite and on PostgreSQL, at p50. */
async function recordingCost(): Promise<void> {
  const runs = Number(values['record-runs']);
  const fx = await loadFixtures();
  const config = loadConfig({ LOG_LEVEL: 'silent' });
  const engines = stubEngines();
  const outcome = await verify({ live, id: idPhoto, name: 'Jane Doe' }, { faces: engines.faces, documents: engines.documents, policy: buildPolicy(config), now: () => new Date() });
  const dir = mkdtempSync(join(tmpdir(), 'ic-bench-rec-'));
  const own = [
    await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: dir }), engines: stubEngines() }),
    await buildApp({ config: loadConfig({ ...env, LOG_LEVEL: 'silent', RECORD_COMMIT: 'fast' }), engines: stubEngines() }),
  ];
  const stores: [string, FastifyInstance][] = [
    ['SQLite (embedded default)', own[0] as FastifyInstance],
    ['PostgreSQL, RECORD_COMMIT=durable (default)', app],
    ['PostgreSQL, RECORD_COMMIT=fast', own[1] as FastifyInstance],
  ];
  line(`\n5. recording cost of a synchronous /verify (hash the ${fx.selfieA.length + fx.idA.length}-byte uploads, replay lookup, present, insert), ${runs} runs, p50:`);
  for (const [name, target] of stores) {
    const wall: number[] = [];
    const cpu: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < runs; i++) {
      let c = process.cpuUsage();
      let s = performance.now();
      presentOutcome(outcome, 'r');
      baseline.push(performance.now() - s);
      c = process.cpuUsage();
      s = performance.now();
      await target.records.recorder.recordSync({ live: fx.selfieA, id: fx.idA, name: 'Jane Doe' }, { id: `bench-${name}-${i}-${Date.now()}`, apiKeyId: null, createdAt: Date.now() }, 'r', async () => outcome);
      wall.push(performance.now() - s);
      const used = process.cpuUsage(c);
      cpu.push((used.user + used.system) / 1000);
    }
    const p = (xs: number[]): string => percentile(xs, 0.5).toFixed(2);
    line(`   ${name}: ${p(wall)} ms wall (p95 ${percentile(wall, 0.95).toFixed(2)}), ${p(cpu)} ms CPU; presenting alone ${p(baseline)} ms`);
  }
  for (const instance of own) await instance.close();
  rmSync(dir, { recursive: true, force: true });
}
