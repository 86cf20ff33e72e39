/**
 * Memory soak: sustained load at the server's own admission concurrency for `--minutes`, sampling the
 * server's resident memory every 5 s. Reports RSS growth after warm-up (target: < 5 %), the slope of a
 * least-squares line through the post-warm-up samples, status codes, 5xx and latency.
 *
 *   npm run bench:soak -- --minutes 10 [--warmup-minutes 2] [--concurrency N]
 */
import { parseArgs } from 'node:util';
import { cpus } from 'node:os';
import autocannon from 'autocannon';
import { loadFixtures } from '../test/support/fixtures.js';
import { verifyForm } from '../test/support/multipart.js';
import { sampler, startServer } from './lib/server-process.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    'warmup-minutes': { type: 'string' },
    concurrency: { type: 'string' },
  },
});
const minutes = Number(values.minutes);
const warmup = Number(values['warmup-minutes'] ?? Math.min(2, minutes / 5));

const fx = await loadFixtures();
const form = verifyForm(fx.selfieA, fx.idA, fx.holderA.typed);
const server = await startServer({ RATE_LIMIT_MAX: '0' });
const concurrency = Number(values.concurrency ?? (await server.metric('identity_check_admission_limit')));
const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(0);
console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
console.log(`soak: ${minutes} min at concurrency ${concurrency}, warm-up ${warmup} min; RSS at ready ${mb(await server.rss())} MB`);

const rss = sampler(() => server.rss(), 5000);
const result = await autocannon({
  url: `${server.url}/verify`,
  method: 'POST',
  headers: form.headers,
  body: form.payload,
  connections: concurrency,
  duration: minutes * 60,
  timeout: 120,
});
const samples = await rss.stop();

const after = samples.filter((s) => s.t >= warmup * 60);
const first = after[0]?.value ?? NaN;
const last = after.at(-1)?.value ?? NaN;
const peak = Math.max(...after.map((s) => s.value));
// Least-squares slope, MB per minute, over the post-warm-up samples.
const n = after.length;
const mx = after.reduce((a, s) => a + s.t, 0) / n;
const my = after.reduce((a, s) => a + s.value, 0) / n;
const slope = after.reduce((a, s) => a + (s.t - mx) * (s.value - my), 0) / after.reduce((a, s) => a + (s.t - mx) ** 2, 0);
const statuses = Object.fromEntries(
  Object.entries((result as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {}).map(([k, v]) => [k, v.count]),
);
const fivexx = Object.entries(statuses).filter(([k]) => k.startsWith('5')).reduce((a, [, v]) => a + v, 0);

console.log(`statuses ${JSON.stringify(statuses)}; errors ${result.errors}, timeouts ${result.timeouts}; 5xx ${fivexx}`);
console.log(`latency ms: p50 ${result.latency.p50}  p99 ${result.latency.p99}  max ${result.latency.max}; ${(result.requests.total / result.duration).toFixed(2)} req/s`);
console.log(`RSS MB every minute: ${samples.filter((_, i) => i % 12 === 0).map((s) => mb(s.value)).join(' ')}`);
console.log(
  `RSS after warm-up: ${mb(first)} MB -> ${mb(last)} MB (peak ${mb(peak)} MB): growth ${(((last - first) / first) * 100).toFixed(1)} %, ` +
    `trend ${(slope * 60 / 1024 / 1024).toFixed(2)} MB/min`,
);
console.log(`server stopped with SIGTERM, exit code ${await server.stop()}`);
