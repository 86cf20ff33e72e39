import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from './config.js';

test('records configuration: embedded defaults, scale-out switches and secrets', () => {
  const defaults = loadConfig({}).records;
  assert.equal(defaults.storeDir, './data');
  assert.equal(defaults.databaseUrl, undefined);
  assert.equal(defaults.redisUrl, undefined);
  assert.equal(defaults.inProcessWorkers, 1, 'the embedded default runs its own jobs');
  assert.equal(defaults.storePersonalData, false);
  assert.equal(defaults.selfieReuseAction, 'report');
  assert.equal(defaults.recordCommit, 'durable');
  assert.deepEqual(defaults.webhookAllowedHosts, []);
  assert.equal(defaults.webhookRetryMs, 24 * 3_600_000);
  const scaled = loadConfig({ REDIS_URL: 'redis://q:6379', DATABASE_URL: 'postgres://db/x', WEBHOOK_ALLOWED_HOSTS: 'Hooks.Example.com, 10.0.0.5', UPLOAD_KEY: 'ab'.repeat(32) }).records;
  assert.equal(scaled.inProcessWorkers, 0, 'with Redis the API leaves jobs to workers');
  assert.deepEqual(scaled.webhookAllowedHosts, ['hooks.example.com', '10.0.0.5']);
  assert.equal(scaled.uploadKey?.length, 32);
});

test('bad records settings stop the start-up naming the variable', () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ UPLOAD_KEY: 'abc' }, /UPLOAD_KEY/],
    [{ RECORD_SECRET: 'short' }, /RECORD_SECRET/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ REDIS_URL: 'http://x' }, /REDIS_URL/],
    [{ DATABASE_SCHEMA: 'x; drop table y' }, /DATABASE_SCHEMA/],
    [{ SELFIE_REUSED_ACTION: 'maybe' }, /SELFIE_REUSED_ACTION/],
    [{ RECORD_COMMIT: 'sometimes' }, /RECORD_COMMIT/],
    [{ RETENTION_DAYS: '-1' }, /RETENTION_DAYS/],
    [{ QUEUE_PREFIX: 'a b' }, /QUEUE_PREFIX/],
  ];
  for (const [env, message] of cases) assert.throws(() => loadConfig(env), (e: unknown) => e instanceof ConfigError && message.test(e.message), JSON.stringify(env));
});
