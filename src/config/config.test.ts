import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpus } from 'node:os';
import { ConfigError, loadConfig } from './config.js';

test('defaults: port 8080, 10 MB files, expired documents fail', () => {
  const config = loadConfig({});
  assert.equal(config.port, 8080);
  assert.equal(config.limits.maxFileBytes, 10 * 1024 * 1024);
  assert.equal(config.failExpiredDocuments, true);
  assert.ok(Object.isFrozen(config) && Object.isFrozen(config.limits));
});

const bad: [string, Record<string, string>, RegExp][] = [
  ['non-numeric port', { PORT: 'eighty' }, /PORT must be an integer/],
  ['port out of range', { PORT: '70000' }, /PORT/],
  ['fractional workers', { WORKERS: '1.5' }, /WORKERS/],
  ['unknown log level', { LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
  ['bad boolean', { FAIL_EXPIRED_DOCUMENTS: 'maybe' }, /FAIL_EXPIRED_DOCUMENTS must be true or false/],
  ['tiny pixel cap', { MAX_IMAGE_PIXELS: '5' }, /MAX_IMAGE_PIXELS/],
  ['no decode process', { DECODE_PROCESSES: '0' }, /DECODE_PROCESSES/],
  ['decode deadline not within half the request deadline', { REQUEST_TIMEOUT_MS: '10000', DECODE_TIMEOUT_MS: '5000' }, /DECODE_TIMEOUT_MS \(5000\) must be less than half/],
  ['zero uploads per client', { MAX_UPLOADS_PER_CLIENT: '0' }, /MAX_UPLOADS_PER_CLIENT/],
];
for (const [label, env, message] of bad) {
  test(`loadConfig rejects ${label}`, () => {
    assert.throws(() => loadConfig(env), (error: unknown) => error instanceof ConfigError && message.test(error.message));
  });
}

test('booleans accept the usual spellings', () => {
  assert.equal(loadConfig({ FAIL_EXPIRED_DOCUMENTS: 'false' }).failExpiredDocuments, false);
  assert.equal(loadConfig({ FAIL_EXPIRED_DOCUMENTS: 'YES' }).failExpiredDocuments, true);
});

const KEY_A = 'key-a-0123456789abcdef';
const KEY_B = 'key-b-0123456789abcdef';

test('security and limits defaults: auth off, rate limit on, CORS off, request cap above two files', () => {
  const config = loadConfig({});
  assert.deepEqual(config.apiKeys, []);
  assert.equal(config.rateLimit.max, 120);
  assert.deepEqual(config.corsOrigins, []);
  assert.deepEqual(config.authFailureLimit, { max: 10, windowMs: 60_000 });
  assert.equal(config.limits.maxRequestBytes, 2 * config.limits.maxFileBytes + 1024 * 1024);
  assert.equal(config.limits.uploadTimeoutMs, 30_000);
});

test('API keys come from API_KEYS and API_KEYS_FILE, comments and duplicates dropped', () => {
  const files: Record<string, string> = { '/keys': `# operators\n${KEY_B}\n\n${KEY_A} # again\n` };
  const config = loadConfig({ API_KEYS: ` ${KEY_A} ,`, API_KEYS_FILE: '/keys' }, (path) => files[path] ?? '');
  assert.deepEqual(config.apiKeys, [KEY_A, KEY_B]);
});

test('an unreadable or empty key file stops start-up; a bad key is named by position, never echoed', () => {
  const missing = (): string => {
    throw new Error('ENOENT');
  };
  assert.throws(() => loadConfig({ API_KEYS_FILE: '/nope' }, missing), /API_KEYS_FILE "\/nope" cannot be read/);
  assert.throws(() => loadConfig({ API_KEYS_FILE: '/empty' }, () => '# nothing\n'), /holds no keys/);
  assert.throws(
    () => loadConfig({ API_KEYS: `${KEY_A},short` }),
    (error: unknown) => error instanceof ConfigError && /API key #2/.test(error.message) && !error.message.includes('short'),
  );
});

test('FACE_WORKERS and DOCUMENT_WORKERS override WORKERS per engine', () => {
  const config = loadConfig({ WORKERS: '3', DOCUMENT_WORKERS: '1' });
  assert.deepEqual([config.faceWorkers, config.documentWorkers], [3, 1]);
});

const badSecurity: [string, Record<string, string>, RegExp][] = [
  ['a CORS origin with a path', { CORS_ORIGINS: 'https://a.example/capture' }, /CORS_ORIGINS/],
  ['a request cap below the file cap', { MAX_FILE_BYTES: '5000', MAX_REQUEST_BYTES: '4000' }, /MAX_REQUEST_BYTES/],
  ['a negative rate limit', { RATE_LIMIT_MAX: '-1' }, /RATE_LIMIT_MAX/],
  ['a negative failed-auth limit', { AUTH_FAILURE_MAX: '-1' }, /AUTH_FAILURE_MAX/],
  ['a sub-second failed-auth window', { AUTH_FAILURE_WINDOW_MS: '10' }, /AUTH_FAILURE_WINDOW_MS/],
  ['a zero upload timeout', { UPLOAD_TIMEOUT_MS: '0' }, /UPLOAD_TIMEOUT_MS/],
];
for (const [label, env, message] of badSecurity) {
  test(`loadConfig rejects ${label}`, () => {
    assert.throws(() => loadConfig(env), (error: unknown) => error instanceof ConfigError && message.test(error.message));
  });
}

test('CORS origins: a list or *', () => {
  assert.deepEqual(loadConfig({ CORS_ORIGINS: 'https://kyc.example, http://localhost:3000' }).corsOrigins, ['https://kyc.example', 'http://localhost:3000']);
  assert.deepEqual(loadConfig({ CORS_ORIGINS: '*' }).corsOrigins, ['*']);
});

test('default sizing: a single-threaded document worker per core, half as many face threads, one verification in flight per document thread plus one', () => {
  const cores = cpus().length;
  const config = loadConfig({});
  assert.equal(config.documentWorkers, Math.min(cores, 16));
  assert.equal(config.documentThreads, 1);
  assert.equal(config.faceWorkers, Math.min(Math.ceil(cores / 2), 16));
  assert.equal(config.maxInFlight, config.documentWorkers * config.documentThreads + 1);
});

const threadCases: [string, Record<string, string>, number, number][] = [
  ['DOCUMENT_THREADS given', { DOCUMENT_WORKERS: '1', DOCUMENT_THREADS: '3' }, 3, 4],
  ['one document worker takes every core', { DOCUMENT_WORKERS: '1' }, Math.min(cpus().length, 16), Math.min(cpus().length, 16) + 1],
  ['DOCUMENT_THREADS with several workers', { DOCUMENT_WORKERS: '2', DOCUMENT_THREADS: '2' }, 2, 5],
  ['MAX_IN_FLIGHT given', { DOCUMENT_WORKERS: '1', DOCUMENT_THREADS: '2', MAX_IN_FLIGHT: '7' }, 2, 7],
];
for (const [label, env, threads, inFlight] of threadCases) {
  test(`document threads and in-flight limit: ${label}`, () => {
    const config = loadConfig(env);
    assert.deepEqual([config.documentThreads, config.maxInFlight], [threads, inFlight]);
  });
}

test('DOCUMENT_THREADS must be an integer in 1..16', () => {
  for (const value of ['0', '17', '1.5', 'two']) assert.throws(() => loadConfig({ DOCUMENT_THREADS: value }), /DOCUMENT_THREADS/);
});

test('QUEUE_TIMEOUT_MS: 10 s by default, 0 (never wait) up to 10 minutes, nothing else', () => {
  assert.equal(loadConfig({}).queueTimeoutMs, 10_000);
  assert.equal(loadConfig({ QUEUE_TIMEOUT_MS: '0' }).queueTimeoutMs, 0);
  assert.throws(() => loadConfig({ QUEUE_TIMEOUT_MS: '-1' }), /QUEUE_TIMEOUT_MS must be an integer between 0 and 600000/);
  assert.throws(() => loadConfig({ QUEUE_TIMEOUT_MS: '2s' }), /QUEUE_TIMEOUT_MS/);
});

test('FACE_TARGET_FAR: 1e-3 by default, any number in 1e-5..0.1, nothing else', () => {
  assert.equal(loadConfig({}).faceTargetFar, 1e-3);
  assert.equal(loadConfig({ FACE_TARGET_FAR: '1e-4' }).faceTargetFar, 1e-4);
  assert.throws(() => loadConfig({ FACE_TARGET_FAR: '0.5' }), /FACE_TARGET_FAR must be a number between/);
  assert.throws(() => loadConfig({ FACE_TARGET_FAR: 'low' }), /FACE_TARGET_FAR/);
});

test('decoding and upload defaults: 1 decode process, 10 s decode deadline (a third of a short request deadline), 4 uploads per client', () => {
  const config = loadConfig({});
  assert.deepEqual([config.decodeProcesses, config.decodeTimeoutMs, config.maxUploadsPerClient], [1, 10_000, 4]);
  assert.equal(loadConfig({ REQUEST_TIMEOUT_MS: '6000' }).decodeTimeoutMs, 2_000);
  assert.equal(loadConfig({ DECODE_PROCESSES: '3', DECODE_TIMEOUT_MS: '700', MAX_UPLOADS_PER_CLIENT: '9' }).decodeProcesses, 3);
});
