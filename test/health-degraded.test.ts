/**
 * /health and /ready report the service degraded (503 with reasons) while work runs past its deadline,
 * and healthy again once it has ended. Stand-in engines report the stuck count the real pools compute
 * (EnginePool.stuck, covered in engine-pool.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { stubEngines } from './doubles/stub-engines.js';

test('an inference job stuck past its deadline makes /health and /ready 503 with a reason, until it ends', async () => {
  let stuck = 0;
  const app = await buildApp({ config: loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'silent' }), engines: { ...stubEngines(), stuck: () => stuck } });
  try {
    assert.deepEqual((await app.inject({ url: '/health' })).json(), { status: 'ok' });
    assert.equal((await app.inject({ url: '/ready' })).json().ready, true);

    stuck = 2;
    const health = await app.inject({ url: '/health' });
    assert.equal(health.statusCode, 503);
    assert.deepEqual(health.json(), { status: 'degraded', reasons: ['2 inference job(s) still running past their deadline'] });
    const ready = await app.inject({ url: '/ready' });
    assert.equal(ready.statusCode, 503);
    assert.deepEqual(ready.json(), { ready: false, models: [], reasons: ['2 inference job(s) still running past their deadline'] });

    stuck = 0;
    assert.equal((await app.inject({ url: '/health' })).statusCode, 200);
    assert.equal((await app.inject({ url: '/ready' })).statusCode, 200);
  } finally {
    await app.close();
  }
});
