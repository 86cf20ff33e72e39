/**
 * The capture page and its static files through app.inject(): served from a fixed list with a CSP, ETags and
 * gzip, public (no API key) and never a path from the request on the file system.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { stubEngines } from './doubles/stub-engines.js';

let app: FastifyInstance;
before(async () => {
  app = await buildApp({ config: loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'silent', API_KEYS: 'a-key-of-sixteen-chars', RATE_LIMIT_MAX: '0' }), engines: stubEngines() });
});
after(async () => app?.close());

describe('GET / and /capture/*', () => {
  test('the page: 200 HTML with a self-only CSP, no API key needed, revalidated on every load', async () => {
    const r = await app.inject({ method: 'GET', url: '/' });
    assert.equal(r.statusCode, 200);
    assert.match(String(r.headers['content-type']), /^text\/html/);
    assert.match(r.body, /<script type="module" src="\/capture\/app.js">/);
    const csp = String(r.headers['content-security-policy']);
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /connect-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline|https?:/);
    assert.equal(r.headers['cache-control'], 'no-cache');
  });

  for (const [url, type] of [
    ['/capture/app.js', /javascript/], ['/capture/capture.css', /text\/css/], ['/capture/vendor/human.esm.js', /javascript/],
    ['/capture/models/facemesh.json', /json/], ['/capture/models/blazeface.bin', /octet-stream/],
    ['/capture/vendor/client.js', /javascript/], ['/capture/vendor/openapi-fetch.js', /javascript/],
  ] as const) {
    test(`${url}: 200 ${type}, cached with an ETag`, async () => {
      const r = await app.inject({ method: 'GET', url });
      assert.equal(r.statusCode, 200);
      assert.match(String(r.headers['content-type']), type);
      assert.match(String(r.headers['cache-control']), /max-age=\d+/);
      const again = await app.inject({ method: 'GET', url, headers: { 'if-none-match': String(r.headers.etag) } });
      assert.equal(again.statusCode, 304);
    });
  }

  test('gzip when the browser accepts it, the same bytes after gunzip', async () => {
    const plain = await app.inject({ method: 'GET', url: '/capture/app.js' });
    const zipped = await app.inject({ method: 'GET', url: '/capture/app.js', headers: { 'accept-encoding': 'gzip, br' } });
    assert.equal(zipped.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(zipped.rawPayload).toString(), plain.body);
  });

  for (const url of ['/capture/models/faceres.bin', '/capture/index.html', '/capture/', '/capture/app.js/..%2f..%2fpackage.json']) {
    test(`${url}: 404, nothing outside the list is served`, async () => {
      const r = await app.inject({ method: 'GET', url });
      assert.equal(r.statusCode, 404);
      assert.equal((r.json() as { message: string }).message, 'Not Found');
    });
  }

  // Dot segments leave /capture/ before routing: an unknown route, which needs the API key (401) like every other.
  for (const url of ['/capture/../package.json', '/capture/%2e%2e/package.json']) {
    test(`${url}: refused, the file is never served`, async () => {
      const r = await app.inject({ method: 'GET', url });
      assert.ok(r.statusCode === 401 || r.statusCode === 404, String(r.statusCode));
      assert.doesNotMatch(r.body, /"dependencies"/);
    });
  }

  test('the typed client is served as written, its bare import pointed at the served openapi-fetch', async () => {
    const r = await app.inject({ method: 'GET', url: '/capture/vendor/client.js' });
    assert.match(r.body, /from '\/capture\/vendor\/openapi-fetch\.js'/);
    assert.match(r.body, /export function createIdentityCheckClient/);
  });

  test('the page\'s own scripts and styles stay under 300 kB gzipped (Human and its models excluded)', async () => {
    let total = 0;
    for (const url of ['/', '/capture/app.js', '/capture/api.js', '/capture/camera.js', '/capture/hints.js', '/capture/liveness.js',
      '/capture/result.js', '/capture/capture.css', '/capture/vendor/client.js', '/capture/vendor/openapi-fetch.js']) {
      const r = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } });
      assert.equal(r.statusCode, 200, url);
      total += r.rawPayload.length;
    }
    assert.ok(total < 300 * 1024, `${total} bytes`);
  });

  test('/verify still needs the API key', async () => {
    const r = await app.inject({ method: 'POST', url: '/verify' });
    assert.equal(r.statusCode, 401);
  });
});
