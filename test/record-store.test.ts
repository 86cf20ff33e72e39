/**
 * The record store on both engines it runs on: the embedded SQLite file and the real PostgreSQL server
 * (a schema of its own per run, dropped after). Migrations, the exactly-once completion, concurrent job
 * claims, idempotency, deletion and the shared secrets.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPostgres } from '../src/adapters/store/pg-driver.js';
import { openSqlite } from '../src/adapters/store/sqlite-driver.js';
import { RecordStore, type Completion, type NewVerification } from '../src/adapters/store/record-store.js';
import type { SqlDriver } from '../src/adapters/store/sql-driver.js';
import { POSTGRES_URL, dropSchema, listening, uniqueName } from './support/services.js';

const completion = (status: 'done' | 'failed' = 'done'): Completion => ({
  status, completedAt: Date.now(), httpStatus: 200, verdict: 'verified', reasons: ['FACE_MATCH', 'NAME_MATCH'], similarity: 0.8, threshold: 0.4,
  far: 0.001, nameRule: 'exact', mrzValid: true, mrzChecks: [{ field: 'documentNumber', valid: true }], models: [{ id: 'm', sha256: 'aa' }],
  policyVersion: 'p1', timings: { total: 5 }, result: { status: 'Success', message: 'Verified', details: {} },
});

let n = 0;
const verification = (over: Partial<NewVerification> = {}): NewVerification => ({
  id: `v-${Date.now()}-${n++}`, apiKeyId: 'key-1', mode: 'async', createdAt: Date.now(), imageSha256: { image1: 'a'.repeat(64), image2: 'b'.repeat(64) },
  selfieSha256: 'a'.repeat(64), nameHmac: 'n1', typedName: null, callbackUrl: 'https://hooks.example/x', idempotencyKey: null, ...over,
});

const engines: { name: string; open: () => Promise<{ driver: SqlDriver; cleanup: () => Promise<void>; file?: string }> | undefined }[] = [
  {
    name: 'sqlite',
    open: () => {
      const dir = mkdtempSync(join(tmpdir(), 'ic-store-'));
      return Promise.resolve({ driver: openSqlite(dir), cleanup: async () => rmSync(dir, { recursive: true, force: true }), file: join(dir, 'identity-check.sqlite') });
    },
  },
  {
    name: 'postgres',
    open: () => {
      const schema = uniqueName('ic_test');
      return openPostgres(POSTGRES_URL, schema).then((driver) => ({ driver, cleanup: () => dropSchema(schema) }));
    },
  },
];

for (const engine of engines) {
  describe(`record store on ${engine.name}`, async () => {
    const up = engine.name === 'postgres' ? await listening(5432) : true;
    if (!up) {
      test('PostgreSQL is not running on 127.0.0.1:5432 (bash .ci/run starts it)', { skip: true }, () => undefined);
      return;
    }
    const opened = await engine.open();
    assert.ok(opened);
    const store = await RecordStore.open(opened.driver);
    after(async () => {
      await store.close();
      await opened.cleanup();
    });

    test('migrations apply once; a second open applies none', async () => {
      const { migrate } = await import('../src/adapters/store/migrations.js');
      assert.equal(await migrate(opened.driver), 0);
    });

    test('a synchronous record is stored decided; its fields come back', async () => {
      const v = verification({ mode: 'sync', callbackUrl: null });
      await store.insertDecided(v, completion());
      const got = await store.get(v.id);
      assert.equal(got?.status, 'done');
      assert.equal(got?.verdict, 'verified');
      assert.equal(got?.mrzValid, true);
      assert.equal(got?.similarity, 0.8);
      assert.equal(typeof got?.createdAt, 'number');
      assert.deepEqual(got?.reasons, ['FACE_MATCH', 'NAME_MATCH']);
      const fast = verification({ mode: 'sync', callbackUrl: null });
      await store.insertDecided(fast, completion('failed'), 'fast');
      assert.equal((await store.get(fast.id))?.status, 'failed', 'RECORD_COMMIT=fast stores the same record');
    });

    test('two workers claiming at once get different jobs; completion happens once and queues one webhook', async () => {
      const a = verification();
      const b = verification();
      await store.insertQueued(a, { ref: `r-${a.id}`, payload: Buffer.from('sealed-a') }, 0);
      await store.insertQueued(b, { ref: `r-${b.id}`, payload: Buffer.from('sealed-b') }, 0);
      const [x, y] = await Promise.all([store.claimJob(Date.now(), 60_000), store.claimJob(Date.now(), 60_000)]);
      assert.ok(x && y);
      assert.notEqual(x.id, y.id);
      assert.equal((await store.get(a.id))?.status, 'processing');
      assert.equal(await store.complete(a.id, completion()), true);
      assert.equal(await store.complete(a.id, completion('failed')), false, 'a second completion changes nothing');
      assert.equal((await store.get(a.id))?.status, 'done');
      const hook = await store.claimWebhook(Date.now(), 30_000);
      assert.equal(hook?.id, a.id);
      assert.equal(await store.claimWebhook(Date.now(), 30_000), undefined, 'leased: nobody else sends it');
      await store.webhookAttempted(a.id, { at: Date.now(), httpStatus: 503, error: 'HTTP 503', durationMs: 3 }, { state: 'pending', nextAt: Date.now() - 1 });
      assert.equal((await store.claimWebhook(Date.now(), 30_000))?.attempts, 1);
      assert.equal((await store.webhookLog(a.id))?.attempts.length, 1);
    });

    test('a job whose worker lease ran out is taken again (a worker killed mid-job)', async () => {
      const v = verification();
      await store.insertQueued(v, { ref: `r-${v.id}`, payload: Buffer.from('sealed') }, 0);
      let claimed = await store.claimJob(Date.now(), 60_000);
      while (claimed !== undefined && claimed.id !== v.id) claimed = await store.claimJob(Date.now(), 60_000);
      assert.equal(claimed?.id, v.id);
      assert.equal(await store.claimJob(Date.now(), 60_000), undefined, 'held while the lease runs');
      let again = await store.claimJob(Date.now() + 61_000, 60_000);
      while (again !== undefined && again.id !== v.id) again = await store.claimJob(Date.now() + 61_000, 60_000);
      assert.equal(again?.id, v.id);
      assert.equal(again?.attempts, 2);
    });

    test('the same idempotency key within the window returns the first job; after it, a new one', async () => {
      const first = verification({ idempotencyKey: `k-${engine.name}` });
      assert.deepEqual(await store.insertQueued(first, { ref: `r-${first.id}`, payload: Buffer.from('p') }, 0), { id: first.id, created: true, queueRef: `r-${first.id}` });
      const second = verification({ idempotencyKey: `k-${engine.name}` });
      assert.deepEqual(await store.insertQueued(second, { ref: `r-${second.id}`, payload: Buffer.from('p') }, 0), { id: first.id, created: false, queueRef: `r-${first.id}` });
      const later = verification({ idempotencyKey: `k-${engine.name}` });
      assert.deepEqual(await store.insertQueued(later, { ref: `r-${later.id}`, payload: Buffer.from('p') }, Date.now() + 1), { id: later.id, created: true, queueRef: `r-${later.id}` });
    });

    test('SELFIE_REUSED lookup: same selfie under another name hash, within the window', async () => {
      const sha = 'c'.repeat(64);
      const v = verification({ selfieSha256: sha, nameHmac: 'jane', mode: 'sync', callbackUrl: null });
      await store.insertDecided(v, completion());
      assert.equal(await store.selfieSeenUnderOtherName(sha, 'jane', 0, 'other'), false);
      assert.equal(await store.selfieSeenUnderOtherName(sha, 'john', 0, 'other'), true);
      assert.equal(await store.selfieSeenUnderOtherName(sha, 'john', Date.now() + 1000, 'other'), false, 'outside the window');
    });

    test('delete removes the record, the held job, the webhook and its log', async () => {
      const marker = 'f00dfacef00dfacef00dfacef00dfacef00dfacef00dfacef00dfacef00dface';
      const v = verification({ imageSha256: { image1: marker }, selfieSha256: marker });
      await store.insertQueued(v, { ref: `r-${v.id}`, payload: Buffer.from('HELD-UPLOAD-BYTES') }, 0);
      const removed = await store.delete(v.id);
      assert.equal(removed?.queueRef, `r-${v.id}`);
      assert.equal(await store.get(v.id), undefined);
      assert.equal(await store.delete(v.id), undefined);
      const done = verification({ imageSha256: { image1: marker }, selfieSha256: marker });
      await store.insertQueued(done, { ref: `r-${done.id}`, payload: Buffer.from('HELD-UPLOAD-BYTES') }, 0);
      await store.complete(done.id, completion());
      await store.webhookAttempted(done.id, { at: Date.now(), httpStatus: 200, error: null, durationMs: 1 }, { state: 'delivered' });
      await store.delete(done.id);
      assert.equal(await store.webhookLog(done.id), undefined);
      if (opened.file !== undefined) {
        const dir = join(opened.file, '..');
        for (const name of readdirSync(dir)) {
          const bytes = readFileSync(join(dir, name));
          for (const needle of [marker, v.id, done.id, 'HELD-UPLOAD-BYTES']) assert.ok(!bytes.includes(needle), `${needle} left in ${name}`);
        }
      }
    });

    test('a generated secret is kept: every process sharing the store gets the same', async () => {
      const first = await store.secret('s', () => 'one');
      assert.equal(await store.secret('s', () => 'two'), first);
    });
  });
}
