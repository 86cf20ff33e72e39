/**
 * Decision records and asynchronous verifications through app.inject(), on the embedded SQLite store (in
 * memory) and the embedded queue, with stand-in engines and a real webhook receiver on 127.0.0.1.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { checkWebhookSignature } from '../src/services/records/webhook-signature.js';
import { stubEngines, stubIdPhoto, stubPhoto } from './doubles/stub-engines.js';
import { multipart, verifyForm, type MultipartPayload } from './support/multipart.js';

const KEY_A = 'key-a-0123456789abcdef';
const KEY_B = 'key-b-0123456789abcdef';

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

function receiver(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200).end('ok');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received });
  }));
}

async function app(env: Record<string, string> = {}): Promise<FastifyInstance> {
  return buildApp({
    config: loadConfig({
      LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '0', DATA_DIR: ':memory:', API_KEYS: `${KEY_A},${KEY_B}`,
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_BACKOFF_MS: '50', ...env,
    }),
    engines: stubEngines(),
  });
}

function asyncForm(live: Buffer, id: Buffer, name: string, callback?: string): MultipartPayload {
  return multipart([
    { name: 'image1', filename: 'selfie.jpg', data: live },
    { name: 'image2', filename: 'id.jpg', data: id },
    { name: 'name', data: name },
    ...(callback === undefined ? [] : [{ name: 'callback_url', data: callback }]),
  ]);
}

async function until<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('decision records', () => {
  let live: Buffer;
  let id: Buffer;
  before(async () => {
    live = await stubPhoto();
    id = await stubIdPhoto();
  });

  test('a synchronous /verify keeps a record whose result is the /verify body; personal fields hashed by default', async () => {
    const a = await app();
    const form = verifyForm(live, id, 'Jane Doe');
    const verified = await a.inject({ method: 'POST', url: '/verify', payload: form.payload, headers: { ...form.headers, 'x-api-key': KEY_A } });
    assert.equal(verified.statusCode, 200);
    const body = verified.json() as { details: Record<string, any> };
    const vid = body.details.verification_id as string;
    assert.match(vid, /^[0-9a-f-]{36}$/);
    const got = await a.inject({ url: `/verifications/${vid}`, headers: { 'x-api-key': KEY_A } });
    assert.equal(got.statusCode, 200);
    const view = got.json() as { status: string; result: { details: Record<string, any> }; created_at: string; completed_at: string };
    assert.equal(view.status, 'done');
    assert.ok(Date.parse(view.completed_at) >= Date.parse(view.created_at));
    assert.equal(view.result.details.verdict, 'verified');
    assert.equal(view.result.details.verification_id, vid);
    assert.match(view.result.details.document.mrz.surname, /^hmac:[0-9a-f]{64}$/, 'MRZ surname hashed');
    assert.match(view.result.details.name.matched_text, /^hmac:[0-9a-f]{64}$/);
    const record = await a.records.store.get(vid);
    assert.equal(record?.typedName, null);
    assert.equal(record?.apiKeyId?.startsWith('key-'), true);
    assert.ok(!JSON.stringify(record).includes(KEY_A), 'the API key itself is never stored');
    assert.ok(!JSON.stringify(record).includes('DOE'), 'no name in clear');
    assert.equal(Object.keys(record?.imageSha256 ?? {}).sort().join(), 'image1,image2');
    assert.equal(typeof record?.policyVersion, 'string');
    assert.equal((await a.inject({ url: `/verifications/${vid}`, headers: { 'x-api-key': KEY_B } })).statusCode, 404, 'another key does not see it');
    await a.close();
  });

  test('with STORE_PERSONAL_DATA=true the record result is the exact /verify body', async () => {
    const a = await app({ STORE_PERSONAL_DATA: 'true' });
    const form = verifyForm(live, id, 'Jane Doe');
    const verified = await a.inject({ method: 'POST', url: '/verify', payload: form.payload, headers: { ...form.headers, 'x-api-key': KEY_A } });
    const body = verified.json() as { details: { verification_id: string } };
    const view = (await a.inject({ url: `/verifications/${body.details.verification_id}`, headers: { 'x-api-key': KEY_A } })).json() as { result: unknown };
    assert.deepEqual(view.result, body);
    assert.equal((await a.records.store.get(body.details.verification_id))?.typedName, 'Jane Doe');
    await a.close();
  });

  test('the same selfie under another name adds SELFIE_REUSED; it refuses only when the policy blocks', async () => {
    for (const action of ['report', 'block'] as const) {
      const a = await app({ SELFIE_REUSED_ACTION: action });
      const post = (name: string) => {
        const form = verifyForm(live, id, name);
        return a.inject({ method: 'POST', url: '/verify', payload: form.payload, headers: { ...form.headers, 'x-api-key': KEY_A } });
      };
      const first = await post('Jane Doe');
      assert.ok(!(first.json() as { details: { reasons: string[] } }).details.reasons.includes('SELFIE_REUSED'));
      assert.ok(!(await post('jane  DOE')).json().details.reasons.includes('SELFIE_REUSED'), 'the same name, typed differently, is no reuse');
      const other = await post('John Roe');
      const details = (other.json() as { details: { reasons: string[]; verdict: string } }).details;
      assert.ok(details.reasons.includes('SELFIE_REUSED'), action);
      if (action === 'block') {
        // The stand-in document still reads JANE DOE, so the name mismatch decides first.
        assert.equal(details.verdict, 'name_mismatch');
      }
      await a.close();
    }
  });

  test('async: 202 queued, then done with the /verify body, a signed webhook, an attempt log; idempotency; delete leaves no trace', async () => {
    const hook = await receiver();
    const a = await app({ STORE_PERSONAL_DATA: 'true' });
    const headers = (extra: Record<string, string> = {}) => ({ 'x-api-key': KEY_A, ...extra });
    const form = asyncForm(live, id, 'Jane Doe', hook.url);
    const posted = await a.inject({ method: 'POST', url: '/verifications', payload: form.payload, headers: headers({ ...form.headers, 'idempotency-key': 'order-1' }) });
    assert.equal(posted.statusCode, 202);
    const accepted = posted.json() as { id: string; status: string };
    assert.equal(accepted.status, 'queued');
    const again = await a.inject({ method: 'POST', url: '/verifications', payload: form.payload, headers: headers({ ...form.headers, 'idempotency-key': 'order-1' }) });
    assert.equal((again.json() as { id: string }).id, accepted.id, 'the same Idempotency-Key returns the same job');

    const done = await until(async () => {
      const view = (await a.inject({ url: `/verifications/${accepted.id}`, headers: headers() })).json() as { status: string; result: any };
      return view.status === 'done' ? view : undefined;
    });
    assert.equal(done.result.status, 'Success');
    assert.equal(done.result.details.verification_id, accepted.id);

    await until(async () => (hook.received.length > 0 ? true : undefined));
    const delivery = hook.received[0] as Received;
    assert.equal(delivery.headers['x-verification-id'], accepted.id);
    const secret = ((await a.inject({ url: '/webhook-secret', headers: headers() })).json() as { secret: string }).secret;
    assert.ok(checkWebhookSignature(secret, delivery.body, String(delivery.headers['x-signature']), Math.floor(Date.now() / 1000)));
    const otherSecret = ((await a.inject({ url: '/webhook-secret', headers: { 'x-api-key': KEY_B } })).json() as { secret: string }).secret;
    assert.notEqual(otherSecret, secret, 'a secret per key');
    assert.deepEqual(JSON.parse(delivery.body), done);
    const log = await until(async () => {
      const l = await a.records.store.webhookLog(accepted.id);
      return l?.state === 'delivered' ? l : undefined;
    });
    assert.equal(log.attempts[0]?.httpStatus, 200);
    assert.equal(await a.records.store.pendingJobs(), 0, 'held uploads are gone once processed');

    assert.equal((await a.inject({ method: 'DELETE', url: `/verifications/${accepted.id}`, headers: headers() })).statusCode, 204);
    assert.equal((await a.inject({ url: `/verifications/${accepted.id}`, headers: headers() })).statusCode, 404);
    assert.equal(await a.records.store.webhookLog(accepted.id), undefined, 'webhook log gone');
    assert.equal((await a.inject({ method: 'DELETE', url: `/verifications/${accepted.id}`, headers: headers() })).statusCode, 404);
    await a.close();
    hook.server.close();
  });

  test('deleting a queued job removes the held uploads before a worker takes them', async () => {
    const a = await app({ QUEUE_WORKERS: '0' });
    const form = asyncForm(live, id, 'Jane Doe');
    const accepted = (await a.inject({ method: 'POST', url: '/verifications', payload: form.payload, headers: { ...form.headers, 'x-api-key': KEY_A } })).json() as { id: string };
    assert.equal(await a.records.store.pendingJobs(), 1);
    assert.equal((await a.inject({ url: `/verifications/${accepted.id}`, headers: { 'x-api-key': KEY_A } })).json().status, 'queued');
    assert.equal((await a.inject({ method: 'DELETE', url: `/verifications/${accepted.id}`, headers: { 'x-api-key': KEY_A } })).statusCode, 204);
    assert.equal(await a.records.store.pendingJobs(), 0);
    await a.close();
  });

  test('callback_url is refused with a coded 400 naming the field unless https (or allowed http) on an allowed host', async () => {
    const a = await app({ WEBHOOK_ALLOW_HTTP: 'false' });
    const cases: [string, RegExp][] = [
      ['http://127.0.0.1:9/hook', /must be https/],
      ['https://evil.example/hook', /not on WEBHOOK_ALLOWED_HOSTS/],
      ['https://user:pw@127.0.0.1/hook', /credentials/],
      ['file:///etc/passwd', /must be https/],
      ['not a url', /not a URL/],
    ];
    for (const [url, reason] of cases) {
      const form = asyncForm(live, id, 'Jane Doe', url);
      const res = await a.inject({ method: 'POST', url: '/verifications', payload: form.payload, headers: { ...form.headers, 'x-api-key': KEY_A } });
      assert.equal(res.statusCode, 400, url);
      const details = (res.json() as { details: { code: string; field: string; reason: string } }).details;
      assert.equal(details.code, 'ERR_INVALID_CALLBACK_URL', url);
      assert.equal(details.field, 'callback_url');
      assert.match(details.reason, reason);
    }
    assert.equal(await a.records.store.pendingJobs(), 0, 'nothing queued');
    const noKey = asyncForm(live, id, 'Jane Doe');
    assert.equal((await a.inject({ method: 'POST', url: '/verifications', payload: noKey.payload, headers: noKey.headers })).statusCode, 401, 'behind the API keys');
    const badKey = await a.inject({ method: 'POST', url: '/verifications', payload: noKey.payload, headers: { ...noKey.headers, 'x-api-key': KEY_A, 'idempotency-key': 'a b' } });
    assert.equal(badKey.statusCode, 400);
    await a.close();
  });

  test('export pages through records in order, as JSON or JSONL, and search finds records by typed name', async () => {
    const a = await app();
    const ids: string[] = [];
    for (const name of ['Jane Doe', 'Jane Doe', 'Jane Doe']) {
      const form = verifyForm(live, id, name);
      ids.push(((await a.inject({ method: 'POST', url: '/verify', payload: form.payload, headers: { ...form.headers, 'x-api-key': KEY_A } })).json() as { details: { verification_id: string } }).details.verification_id);
    }
    const first = (await a.inject({ url: '/verifications?limit=2', headers: { 'x-api-key': KEY_A } })).json() as { items: { id: string; image_sha256: object }[]; next_after: string };
    assert.deepEqual(first.items.map((i) => i.id), ids.slice(0, 2));
    assert.ok(!JSON.stringify(first).includes('embedding'));
    const jsonl = await a.inject({ url: `/verifications?limit=2&after=${first.next_after}`, headers: { 'x-api-key': KEY_A, accept: 'application/x-ndjson' } });
    assert.match(String(jsonl.headers['content-type']), /application\/x-ndjson/);
    const lines = jsonl.body.trim().split('\n').map((l) => JSON.parse(l) as { id: string });
    assert.deepEqual(lines.map((l) => l.id), ids.slice(2));
    assert.equal((await a.inject({ url: '/verifications', headers: { 'x-api-key': KEY_B } })).json().items.length, 0, 'another key exports nothing');
    const found = await a.inject({ method: 'POST', url: '/verifications/search', payload: { name: 'DOE jane' }, headers: { 'x-api-key': KEY_A } });
    assert.equal(found.json().items.length, 3);
    const none = await a.inject({ method: 'POST', url: '/verifications/search', payload: { name: 'John Roe' }, headers: { 'x-api-key': KEY_A } });
    assert.equal(none.json().items.length, 0);
    assert.equal((await a.inject({ url: '/verifications?limit=0', headers: { 'x-api-key': KEY_A } })).statusCode, 400);
    const spec = (await a.inject({ url: '/openapi.json' })).json() as { paths: Record<string, Record<string, { requestBody?: unknown; security?: unknown[] }>> };
    for (const [path, method] of [['/verifications', 'post'], ['/verifications', 'get'], ['/verifications/{id}', 'get'], ['/verifications/{id}', 'delete'], ['/verifications/search', 'post'], ['/webhook-secret', 'get']] as const) {
      assert.ok((spec.paths[path]?.[method]?.security ?? []).length > 0, `${method} ${path} in the OpenAPI document, behind the key`);
    }
    assert.ok(spec.paths['/verifications']?.post?.requestBody, 'the multipart body is described');
    await a.close();
  });
});
