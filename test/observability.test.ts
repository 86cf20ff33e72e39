/**
 * Logs, metrics and the API description, with stand-in engines: request ids on request log lines,
 * stage timings logged, names and document text never written to the log, Prometheus counters that
 * follow what happened, an OpenAPI document generated from the route schemas, Swagger UI served offline.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { REDACT_PATHS } from '../src/plugins/logging.js';
import { stubEngines, stubIdPhoto, stubPhoto } from './doubles/stub-engines.js';
import { verifyForm } from './support/multipart.js';

// A name that occurs nowhere else, so any occurrence in the log is a leak.
const TYPED = 'Zyxwa Qorvathine';
const jpeg = await stubPhoto();
const idJpeg = await stubIdPhoto();

function capture(): { stream: Writable; lines: () => Record<string, unknown>[]; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const text = (): string => chunks.join('');
  return { stream, text, lines: () => text().split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('logs', () => {
  const log = capture();
  let app: FastifyInstance;
  before(async () => {
    // The stand-in OCR "reads" the typed name (a printed-name document: REQUIRE_MRZ=false), so a decision's evidence is full of it.
    app = await buildApp({ config: loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'trace', RATE_LIMIT_MAX: '0', REQUIRE_MRZ: 'false' }), engines: stubEngines({ documentText: TYPED.toUpperCase() }), logStream: log.stream });
  });
  after(async () => {
    await app?.close();
  });
  const post = async (name: string | Buffer, id: string) => {
    const form = verifyForm(jpeg, idJpeg, name as string);
    return app.inject({ method: 'POST', url: '/verify', payload: form.payload, headers: { ...form.headers, 'x-request-id': id } });
  };

  test('a typed name and the document text never appear in the log, whatever the outcome', async () => {
    assert.equal((await post(TYPED, 'req-verified')).statusCode, 200);
    assert.equal((await post(`${TYPED} Extra Surnamesson`, 'req-mismatch')).statusCode, 401);
    assert.equal((await post(`${TYPED} ${'x'.repeat(300)}`, 'req-too-long')).statusCode, 400);
    assert.equal((await post(`${TYPED}\u0000`, 'req-invalid')).statusCode, 400);
    const text = log.text();
    assert.ok(text.length > 0);
    for (const fragment of ['Zyxwa', 'ZYXWA', 'Qorvathine', 'QORVATHINE', 'Surnamesson']) assert.ok(!text.includes(fragment), `log contains "${fragment}"`);
  });

  test('every line of a request carries its id; the decision line carries per-stage durations', () => {
    const lines = log.lines().filter((l) => l.reqId === 'req-verified');
    assert.ok(lines.length >= 3, `only ${lines.length} lines for the request`);
    const requestLines = log.lines().filter((l) => l.req !== undefined || l.res !== undefined || l.msg === 'verification decided');
    assert.ok(requestLines.every((l) => typeof l.reqId === 'string'));
    const decided = lines.find((l) => l.msg === 'verification decided') as { timingsMs?: Record<string, number> } | undefined;
    assert.deepEqual(Object.keys(decided?.timingsMs ?? {}).sort(), ['decode', 'inference', 'total']);
  });

  test('redaction removes names, document text, image bytes and credentials wherever a logger puts them', () => {
    const out = capture();
    const logger = pino({ redact: { paths: [...REDACT_PATHS], censor: '[redacted]' } }, out.stream);
    logger.info({
      name: TYPED,
      input: { name: TYPED, live: Buffer.from('JPEGBYTES') },
      reading: { lines: [{ text: TYPED }], mrz: { surname: 'QORVATHINE' }, text: TYPED },
      match: { matched_text: TYPED, matchedText: TYPED },
      image: { data: [1, 2, 3] },
      req: { headers: { authorization: 'Bearer sekrit-key-123456789', 'x-api-key': 'sekrit-key-123456789' } },
      err: { name: 'TypeError', message: 'boom' },
    });
    const text = out.text();
    assert.doesNotMatch(text, /Zyxwa|QORVATHINE|JPEGBYTES|sekrit/);
    assert.match(text, /"name":"TypeError"/, 'error class names stay readable');
  });
});

describe('metrics', () => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildApp({ config: loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '0' }), engines: stubEngines() });
  });
  after(async () => {
    await app?.close();
  });
  const scrape = async (): Promise<string> => {
    const response = await app.inject({ url: '/metrics' });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^text\/plain/);
    return response.body;
  };
  const value = (text: string, series: string): number => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? 0 : Number(line.slice(series.length + 1));
  };

  test('outcomes, stage latencies, status codes, queue depth, model load and readiness', async () => {
    const good = verifyForm(jpeg, idJpeg, 'Jane Doe');
    const wrongName = verifyForm(jpeg, idJpeg, 'Jane Doe-Smithers Ottoline');
    await app.inject({ method: 'POST', url: '/verify', payload: good.payload, headers: good.headers });
    await app.inject({ method: 'POST', url: '/verify', payload: good.payload, headers: good.headers });
    await app.inject({ method: 'POST', url: '/verify', payload: wrongName.payload, headers: wrongName.headers });
    await app.inject({ method: 'POST', url: '/verify', payload: 'x', headers: { 'content-type': 'text/plain' } });
    const text = await scrape();
    assert.equal(value(text, 'identity_check_verifications_total{outcome="verified",status="200"}'), 2);
    assert.equal(value(text, 'identity_check_verifications_total{outcome="name_mismatch",status="401"}'), 1);
    assert.equal(value(text, 'identity_check_verifications_total{outcome="ERR_MISSING_FILE",status="400"}'), 1);
    assert.equal(value(text, 'identity_check_stage_duration_seconds_count{stage="inference"}'), 3);
    assert.equal(value(text, 'identity_check_http_requests_total{route="/verify",method="POST",status="200"}'), 2);
    assert.equal(value(text, 'identity_check_queue_depth{engine="face"}'), 0);
    assert.match(text, /^identity_check_queue_depth\{engine="document"\} 0$/m);
    assert.equal(value(text, 'identity_check_model_load_seconds{engine="document"}'), 3.4);
    assert.equal(value(text, 'identity_check_ready'), 1);
    assert.match(text, /^process_resident_memory_bytes \d+/m);
  });

  test('worker-pool job events become job counters and wait/run histograms', async () => {
    app.metrics.observeJob({ kind: 'face', outcome: 'ok', waitMs: 5, runMs: 250 });
    app.metrics.observeJob({ kind: 'document', outcome: 'timeout', waitMs: 30_000, runMs: 0 });
    app.metrics.workerReplaced('document');
    const text = await scrape();
    assert.equal(value(text, 'identity_check_engine_jobs_total{engine="face",outcome="ok"}'), 1);
    assert.equal(value(text, 'identity_check_engine_jobs_total{engine="document",outcome="timeout"}'), 1);
    assert.equal(value(text, 'identity_check_engine_job_duration_seconds_count{engine="face",phase="run"}'), 1);
    assert.equal(value(text, 'identity_check_engine_job_duration_seconds_count{engine="document",phase="run"}'), 0);
    assert.equal(value(text, 'identity_check_worker_restarts_total{engine="document"}'), 1);
  });

  test('apps do not share counters', async () => {
    const other = await buildApp({ config: loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'silent' }), engines: stubEngines() });
    const text = (await other.inject({ url: '/metrics' })).body;
    assert.equal(value(text, 'identity_check_verifications_total{outcome="verified",status="200"}'), 0);
    await other.close();
  });
});

describe('OpenAPI and Swagger UI', () => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildApp({ config: loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'silent' }), engines: stubEngines() });
  });
  after(async () => {
    await app?.close();
  });

  test('/openapi.json is OpenAPI 3.1 generated from the route schemas, with the multipart body described', async () => {
    const response = await app.inject({ url: '/openapi.json' });
    assert.equal(response.statusCode, 200);
    const spec = response.json() as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { required: string[] } }> }; responses: Record<string, unknown> }>>;
    };
    assert.equal(spec.openapi, '3.1.0');
    const verify = spec.paths['/verify']?.post;
    assert.deepEqual(verify?.requestBody?.content['multipart/form-data']?.schema.required, ['image1', 'image2', 'name']);
    assert.deepEqual(Object.keys(verify?.responses ?? {}).sort(), ['200', '400', '401', '413', '429', '500', '503']);
    assert.ok(spec.paths['/health'] && spec.paths['/ready']);
    assert.equal(spec.paths['/metrics'], undefined, 'infrastructure routes stay out of the API description');
  });

  test('/docs serves Swagger UI and its assets from the package (no CDN)', async () => {
    const page = await app.inject({ url: '/docs/' });
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /https?:\/\/(unpkg|cdn|cdnjs)/);
    const bundle = await app.inject({ url: '/docs/static/swagger-ui-bundle.js' });
    assert.equal(bundle.statusCode, 200);
    assert.ok(bundle.body.length > 100_000);
  });
});
