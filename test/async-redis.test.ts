/**
 * The scale-out arrangement for real: the HTTP service only accepts jobs (QUEUE_WORKERS=0), a separate
 * worker takes them from BullMQ on the real Redis, and both share the real PostgreSQL. Stand-in engines;
 * a key prefix and a schema of the test's own, removed after.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { startWorker, type RunningWorker } from '../src/worker.js';
import { stubEngines, stubIdPhoto, stubPhoto } from './doubles/stub-engines.js';
import { multipart } from './support/multipart.js';
import { POSTGRES_URL, REDIS_URL, dropSchema, listening, uniqueName } from './support/services.js';
import { dropPrefix, redisText } from './support/redis-contents.js';

const KEY = 'key-redis-0123456789ab';

describe('asynchronous verifications on BullMQ + PostgreSQL with a separate worker', async () => {
  const up = (await listening(6379)) && (await listening(5432));
  if (!up) {
    test('Redis (127.0.0.1:6379) or PostgreSQL (127.0.0.1:5432) is not running (bash .ci/run starts them)', { skip: true }, () => undefined);
    return;
  }
  const schema = uniqueName('ic_async');
  const prefix = uniqueName('ic-test');
  const env = {
    LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '0', API_KEYS: KEY, DATABASE_URL: POSTGRES_URL, DATABASE_SCHEMA: schema, REDIS_URL, QUEUE_PREFIX: prefix,
  };
  let app: FastifyInstance;
  let worker: RunningWorker;
  let inspect: Redis;
  before(async () => {
    app = await buildApp({ config: loadConfig(env), engines: stubEngines() });
    await app.ready();
    worker = await startWorker({ config: loadConfig({ ...env, WORKER_CONCURRENCY: '2' }), engines: stubEngines() });
    inspect = new Redis(REDIS_URL);
  });
  after(async () => {
    await worker.close();
    await app.close();
    await dropPrefix(inspect, prefix);
    await inspect.quit();
    await dropSchema(schema);
  });

  test('the API alone runs no job; the worker completes each exactly once; Redis never holds the id or an image hash; delete clears it', async () => {
    assert.equal(app.records.processor, undefined, 'QUEUE_WORKERS defaults to 0 with REDIS_URL');
    const live = await stubPhoto();
    const id = await stubIdPhoto();
    const form = multipart([
      { name: 'image1', filename: 'a.jpg', data: live },
      { name: 'image2', filename: 'b.jpg', data: id },
      { name: 'name', data: 'Jane Doe' },
    ]);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await app.inject({ method: 'POST', url: '/verifications', payload: form.payload, headers: { ...form.headers, 'x-api-key': KEY } });
      assert.equal(res.statusCode, 202);
      ids.push((res.json() as { id: string }).id);
    }
    for (const vid of ids) {
      for (;;) {
        const view = (await app.inject({ url: `/verifications/${vid}`, headers: { 'x-api-key': KEY } })).json() as { status: string; result: { status: string } };
        if (view.status === 'done') {
          assert.equal(view.result.status, 'Success');
          break;
        }
        assert.notEqual(view.status, 'failed');
        await new Promise((r) => setTimeout(r, 25));
      }
    }
    const record = await app.records.store.get(ids[0] as string);
    const text = await redisText(inspect, prefix);
    for (const needle of [...ids, record?.imageSha256.image1 as string, record?.imageSha256.image2 as string]) {
      assert.ok(!text.includes(needle), `${needle} found in Redis`);
    }
    for (const vid of ids) assert.equal((await app.inject({ method: 'DELETE', url: `/verifications/${vid}`, headers: { 'x-api-key': KEY } })).statusCode, 204);
    assert.equal(await app.records.store.pendingJobs(), 0);
  });
});
