import { test } from 'node:test';
import assert from 'node:assert/strict';
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
