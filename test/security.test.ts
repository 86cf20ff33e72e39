/**
 * API-key authentication, rate limiting and CORS through app.inject(), with stand-in engines.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { stubEngines, stubIdPhoto, stubPhoto } from './doubles/stub-engines.js';
import { verifyForm } from './support/multipart.js';

const KEY_A = 'test-key-a-5f1c0e2b9d7a';
const KEY_B = 'test-key-b-8e3d6a1f4c2b';
const jpeg = await stubPhoto();
const idJpeg = await stubIdPhoto();
const form = verifyForm(jpeg, idJpeg, 'Jane Doe');

describe('API keys', () => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildApp({ config: loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'silent', API_KEYS: `${KEY_A},${KEY_B}`, RATE_LIMIT_MAX: '0' }), engines: stubEngines() });
  });
  after(async () => {
    await app?.close();
  });
  const verify = (headers: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/verify', payload: form.payload, headers: { ...form.headers, ...headers } });

  test('x-api-key and Authorization: Bearer are both accepted', async () => {
    assert.equal((await verify({ 'x-api-key': KEY_A })).statusCode, 200);
    assert.equal((await verify({ authorization: `Bearer ${KEY_B}` })).statusCode, 200);
    assert.equal((await verify({ authorization: `bearer ${KEY_A}` })).statusCode, 200);
  });

  test('missing, wrong, truncated, padded or mis-schemed keys all get the same 401', async () => {
    const refusals: Record<string, string>[] = [
      {},
      { 'x-api-key': 'not-a-key-at-all-xxxx' },
      { 'x-api-key': KEY_A.slice(0, -1) },
      { 'x-api-key': `${KEY_A}x` },
      { authorization: `Basic ${Buffer.from(`user:${KEY_A}`).toString('base64')}` },
      { authorization: KEY_A },
      { authorization: 'Bearer ' },
    ];
    const bodies = new Set<string>();
    for (const headers of refusals) {
      const response = await verify({ ...headers, 'x-request-id': 'same-id' });
      assert.equal(response.statusCode, 401, JSON.stringify(headers));
      const body = response.json() as { status: string; message: string; details: { code: string; request_id: string } };
      assert.deepEqual([body.status, body.message, body.details.code, body.details.request_id], ['Error', 'Unauthorized', 'ERR_UNAUTHORIZED', 'same-id']);
      bodies.add(response.body);
    }
    assert.equal(bodies.size, 1, 'the refusal must not say which part failed');
  });

  test('a refused request never reaches the engines', async () => {
    const engines = stubEngines();
    const guarded = await buildApp({ config: loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'silent', API_KEYS: KEY_A }), engines });
    const response = await guarded.inject({ method: 'POST', url: '/verify', payload: form.payload, headers: form.headers });
    assert.equal(response.statusCode, 401);
    assert.equal(engines.calls(), 0);
    await guarded.close();
  });

  test('/health, /ready, /openapi.json and /docs stay open; /metrics and unknown routes need the key', async () => {
    for (const url of ['/health', '/ready', '/openapi.json', '/docs']) {
      assert.equal((await app.inject({ url })).statusCode, 200, url);
    }
    assert.equal((await app.inject({ url: '/metrics' })).statusCode, 401);
    assert.equal((await app.inject({ url: '/metrics', headers: { 'x-api-key': KEY_A } })).statusCode, 200);
    assert.equal((await app.inject({ url: '/nope' })).statusCode, 401);
  });

  test('the OpenAPI document declares the key on /verify and not on /health', async () => {
    const spec = (await app.inject({ url: '/openapi.json' })).json() as { paths: Record<string, Record<string, { security?: unknown[] }>> };
    assert.ok((spec.paths['/verify']?.post?.security ?? []).length > 0);
    assert.equal(spec.paths['/health']?.get?.security, undefined);
  });
});

describe('rate limiting', () => {
  test('per key: the fourth request in the window is 429 with Retry-After; another key is unaffected', async () => {
    const app = await buildApp({
      config: loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'silent', API_KEYS: `${KEY_A},${KEY_B}`, RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_MS: '60000' }),
      engines: stubEngines(),
    });
    const send = (key: string) => app.inject({ method: 'POST', url: '/verify', payload: form.payload, headers: { ...form.headers, 'x-api-key': key } });
    for (let i = 0; i < 3; i++) assert.equal((await send(KEY_A)).statusCode, 200);
    const limited = await send(KEY_A);
    assert.equal(limited.statusCode, 429);
    assert.ok(Number(limited.headers['retry-after']) > 0);
    const body = limited.json() as { status: string; details: { code: string; request_id: string } };
    assert.deepEqual([body.status, body.details.code], ['Error', 'ERR_RATE_LIMITED']);
    assert.equal(body.details.request_id, limited.headers['x-request-id']);
    assert.equal((await send(KEY_B)).statusCode, 200);
    assert.equal((await app.inject({ url: '/health' })).statusCode, 200, 'health is never limited');
    await app.close();
  });

  test('per client IP when auth is off', async () => {
    const app = await buildApp({ config: loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '2' }), engines: stubEngines() });
    const from = (remoteAddress: string) => app.inject({ method: 'POST', url: '/verify', payload: form.payload, headers: form.headers, remoteAddress });
    assert.equal((await from('10.0.0.1')).statusCode, 200);
    assert.equal((await from('10.0.0.1')).statusCode, 200);
    assert.equal((await from('10.0.0.1')).statusCode, 429);
    assert.equal((await from('10.0.0.2')).statusCode, 200);
    await app.close();
  });
});

/** Collects the app's log lines as text. */
function captureLog(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('API keys in the query string', () => {
  const QUERY_NAMES = ['api_key', 'apikey', 'API_KEY', 'Api-Key', 'key', 'KEY', 'token', 'access_token', 'Access_Token', 'x-api-key', 'X-API-KEY'];

  test('are refused with 400 ERR_API_KEY_IN_QUERY, valid key or not, and never written to the log', async () => {
    const log = captureLog();
    const engines = stubEngines();
    const app = await buildApp({ config: loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'trace', API_KEYS: KEY_A, RATE_LIMIT_MAX: '0' }), engines, logStream: log.stream });
    for (const name of QUERY_NAMES) {
      for (const value of [KEY_A, 'guessed-key-0123456789']) {
        const response = await app.inject({ method: 'POST', url: `/verify?lang=en&${name}=${value}`, payload: form.payload, headers: form.headers });
        assert.equal(response.statusCode, 400, name);
        const body = response.json() as { status: string; message: string; details: { code: string; error: string } };
        assert.deepEqual([body.status, body.message, body.details.code], ['Error', 'Invalid Request', 'ERR_API_KEY_IN_QUERY']);
        assert.match(body.details.error, /x-api-key header/);
      }
    }
    // Also with the key in the header too, and on an open route.
    const both = await app.inject({ method: 'POST', url: `/verify?token=${KEY_A}`, payload: form.payload, headers: { ...form.headers, 'x-api-key': KEY_A } });
    assert.equal(both.statusCode, 400);
    assert.equal((await app.inject({ url: `/health?api_key=${KEY_A}` })).statusCode, 400);
    assert.equal(engines.calls(), 0);
    await app.close();
    const text = log.text();
    assert.ok(text.includes('"url":"/verify?[redacted]"'), 'the request line keeps the path and marks the query');
    assert.ok(!text.includes(KEY_A) && !text.includes('guessed-key'), 'a key sent in the URL reached the log');
  });

  test('are refused with auth off as well; other query parameters are not refused', async () => {
    const app = await buildApp({ config: loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '0' }), engines: stubEngines() });
    assert.equal((await app.inject({ method: 'POST', url: '/verify?access_token=abc', payload: form.payload, headers: form.headers })).statusCode, 400);
    assert.equal((await app.inject({ method: 'POST', url: '/verify?monkey=1&keys=2&tokenizer=3', payload: form.payload, headers: form.headers })).statusCode, 200);
    await app.close();
  });

  test('any query string is redacted from the logged URL', async () => {
    const log = captureLog();
    const app = await buildApp({ config: loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'info', RATE_LIMIT_MAX: '0' }), engines: stubEngines(), logStream: log.stream });
    await app.inject({ url: '/health?session=s3cr3tvalue' });
    await app.close();
    assert.ok(log.text().includes('"url":"/health?[redacted]"'));
    assert.ok(!log.text().includes('s3cr3tvalue'));
  });
});

describe('failed authentication is limited per client address', () => {
  test('after AUTH_FAILURE_MAX failures the address gets 429, even with a valid key; another address still gets 401 and 200', async () => {
    const app = await buildApp({
      config: loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'silent', API_KEYS: KEY_A, RATE_LIMIT_MAX: '0', AUTH_FAILURE_MAX: '3', AUTH_FAILURE_WINDOW_MS: '60000' }),
      engines: stubEngines(),
    });
    const from = (remoteAddress: string, key?: string) =>
      app.inject({ method: 'POST', url: '/verify', payload: form.payload, headers: { ...form.headers, ...(key ? { 'x-api-key': key } : {}) }, remoteAddress });
    assert.equal((await from('10.0.0.1', KEY_A)).statusCode, 200, 'success does not count');
    for (let i = 0; i < 3; i++) assert.equal((await from('10.0.0.1', `wrong-key-${i}-0123456789`)).statusCode, 401);
    const limited = await from('10.0.0.1', 'wrong-key-x-0123456789');
    assert.equal(limited.statusCode, 429);
    const body = limited.json() as { details: { code: string; reason: string } };
    assert.equal(body.details.code, 'ERR_RATE_LIMITED');
    assert.match(body.details.reason, /failed authentications/);
    assert.equal(limited.headers['retry-after'], '60');
    assert.equal((await from('10.0.0.1', KEY_A)).statusCode, 429, 'a valid key is not tested while the address is blocked');
    assert.equal((await from('10.0.0.2')).statusCode, 401);
    assert.equal((await from('10.0.0.2', KEY_A)).statusCode, 200);
    assert.equal((await app.inject({ url: '/health', remoteAddress: '10.0.0.1' })).statusCode, 200, 'open routes stay open');
    await app.close();
  });

  test('unknown routes without a key count as failures too', async () => {
    const app = await buildApp({ config: loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'silent', API_KEYS: KEY_A, RATE_LIMIT_MAX: '0', AUTH_FAILURE_MAX: '2' }), engines: stubEngines() });
    assert.equal((await app.inject({ url: '/admin', remoteAddress: '10.0.0.3' })).statusCode, 401);
    assert.equal((await app.inject({ url: '/.env', remoteAddress: '10.0.0.3' })).statusCode, 401);
    assert.equal((await app.inject({ url: '/verify', method: 'POST', remoteAddress: '10.0.0.3', headers: { 'x-api-key': KEY_A } })).statusCode, 429);
    await app.close();
  });

  test('AUTH_FAILURE_MAX=0 turns the limit off', async () => {
    const app = await buildApp({ config: loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'silent', API_KEYS: KEY_A, RATE_LIMIT_MAX: '0', AUTH_FAILURE_MAX: '0' }), engines: stubEngines() });
    for (let i = 0; i < 15; i++) assert.equal((await app.inject({ url: '/metrics', remoteAddress: '10.0.0.4' })).statusCode, 401);
    await app.close();
  });
});

describe('404s count against the per-client rate limit', () => {
  test('unknown routes use up the same allowance as /verify', async () => {
    const app = await buildApp({ config: loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '3' }), engines: stubEngines() });
    const unknown = (url: string) => app.inject({ url, remoteAddress: '10.0.1.1' });
    assert.equal((await unknown('/wp-login.php')).statusCode, 404);
    assert.equal((await unknown('/.git/config')).statusCode, 404);
    assert.equal((await app.inject({ method: 'POST', url: '/verify', payload: form.payload, headers: form.headers, remoteAddress: '10.0.1.1' })).statusCode, 200);
    const limited = await unknown('/phpmyadmin');
    assert.equal(limited.statusCode, 429);
    assert.equal((limited.json() as { details: { code: string } }).details.code, 'ERR_RATE_LIMITED');
    assert.equal((await app.inject({ method: 'POST', url: '/verify', payload: form.payload, headers: form.headers, remoteAddress: '10.0.1.1' })).statusCode, 429);
    assert.equal((await app.inject({ url: '/nothing-here', remoteAddress: '10.0.1.2' })).statusCode, 404, 'another address is unaffected');
    await app.close();
  });
});

describe('CORS', () => {
  test('off by default: no CORS headers', async () => {
    const app = await buildApp({ config: loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'silent' }), engines: stubEngines() });
    const response = await app.inject({ url: '/health', headers: { origin: 'https://kyc.example' } });
    assert.equal(response.headers['access-control-allow-origin'], undefined);
    await app.close();
  });

  test('listed origins get a preflight answer (even with auth on) and headers on refusals; others do not', async () => {
    const app = await buildApp({
      config: loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'silent', CORS_ORIGINS: 'https://kyc.example', API_KEYS: KEY_A }),
      engines: stubEngines(),
    });
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/verify',
      headers: { origin: 'https://kyc.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-api-key' },
    });
    assert.ok(preflight.statusCode < 300, String(preflight.statusCode));
    assert.equal(preflight.headers['access-control-allow-origin'], 'https://kyc.example');
    assert.match(String(preflight.headers['access-control-allow-headers']), /x-api-key/);
    const refused = await app.inject({ method: 'POST', url: '/verify', payload: form.payload, headers: { ...form.headers, origin: 'https://kyc.example' } });
    assert.equal(refused.statusCode, 401);
    assert.equal(refused.headers['access-control-allow-origin'], 'https://kyc.example');
    const stranger = await app.inject({ url: '/health', headers: { origin: 'https://evil.example' } });
    assert.equal(stranger.headers['access-control-allow-origin'], undefined);
    await app.close();
  });
});
