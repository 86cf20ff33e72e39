/**
 * The job processor on the embedded store: a job whose engines were busy is given back and retried, not
 * failed; an image error ends it as failed with the 400 body; a second run of a completed job changes nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../src/config/config.js';
import { buildPolicy } from '../src/config/policy.js';
import { QueueFullError } from '../src/adapters/workers/engine-pool.js';
import { InputError } from '../src/domain/errors.js';
import { startRecords } from '../src/services/records/records.js';
import { JobDeferredError, JobProcessor } from '../src/services/records/job-processor.js';
import { verify, type VerificationOutcome, type VerifyInput } from '../src/services/verification.service.js';
import { stubEngines, stubIdPhoto, stubPhoto } from './doubles/stub-engines.js';

test('busy engines defer a job; an image error fails it with the 400 body; completion happens once', async () => {
  const config = loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'silent', QUEUE_WORKERS: '0' });
  const policy = buildPolicy(config);
  const records = await startRecords({ config: config.records, policy, workers: 0 });
  const engines = stubEngines();
  const input: VerifyInput = { live: await stubPhoto(), id: await stubIdPhoto(), name: 'Jane Doe' };
  const outcome = await verify(input, { faces: engines.faces, documents: engines.documents, policy, now: () => new Date() });
  const script: (() => Promise<VerificationOutcome>)[] = [
    () => Promise.reject(new QueueFullError('busy')),
    () => Promise.resolve(outcome),
    () => Promise.reject(InputError.of('image1', 'ERR_NO_FACE', 'no face was found in the live image')),
  ];
  const processor = new JobProcessor({
    store: records.store, secrets: records.secrets, recorder: records.recorder, leaseMs: 60_000,
    verify: async (received) => {
      assert.deepEqual(received.live, input.live, 'the sealed uploads come back intact');
      return (script.shift() as () => Promise<VerificationOutcome>)();
    },
  });
  const first = await records.verifications.submit(input, { apiKeyId: null }, {});
  await assert.rejects(processor.take(), JobDeferredError);
  assert.equal((await records.store.get(first.id))?.status, 'processing');
  assert.equal(await processor.take(), false, 'not retaken before its retry time');
  const retried = await records.store.claimJob(Date.now() + 10_000, 60_000);
  assert.equal(retried?.id, first.id);
  await records.store.releaseJob(first.id, Date.now() - 1);
  assert.equal(await processor.take(), true);
  const done = await records.store.get(first.id);
  assert.equal(done?.status, 'done');
  assert.equal(done?.verdict, 'verified');
  assert.equal(await records.store.pendingJobs(), 0);

  const second = await records.verifications.submit(input, { apiKeyId: null }, {});
  assert.equal(await processor.take(), true);
  const failed = await records.store.get(second.id);
  assert.equal(failed?.status, 'failed');
  assert.equal(failed?.httpStatus, 400);
  assert.equal((failed?.result as { details: { code: string } }).details.code, 'ERR_NO_FACE');
  assert.equal(await records.store.complete(second.id, { ...(await records.store.get(second.id)), status: 'done' } as never), false);
  await records.close();
});
