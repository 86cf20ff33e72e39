/**
 * The SSRF gate at delivery time, against real sockets on 127.0.0.1: the resolved address is checked (an
 * allowed host name that resolves to loopback is refused unless the address is listed too), internal
 * addresses never get a connection, and redirects are not followed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { postWebhook } from '../src/adapters/webhook/webhook-client.js';

test('the address a host resolves to is checked; internal ones only when listed; redirects are not followed', async () => {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/moved') res.writeHead(302, { location: `http://127.0.0.1:${port}/target` }).end();
    else res.writeHead(200).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const post = (url: string, allowedHosts: string[]) => postWebhook(url, '{}', {}, { allowedHosts, allowHttp: true }, 2_000);

  const byName = await post(`http://localhost:${port}/hook`, ['localhost']);
  assert.equal(byName.httpStatus, null);
  assert.match(String(byName.error), /internal addresses/);
  assert.equal(hits.length, 0, 'no connection was made');

  assert.equal((await post(`http://localhost:${port}/hook`, ['localhost', '127.0.0.1'])).httpStatus, 200);
  assert.equal((await post(`http://127.0.0.1:${port}/hook`, ['127.0.0.1'])).httpStatus, 200);

  const metadata = await post('http://169.254.169.254/latest/meta-data/', ['169.254.169.254.nip.io', 'example.com']);
  assert.match(String(metadata.error), /not on WEBHOOK_ALLOWED_HOSTS/);

  const moved = await post(`http://127.0.0.1:${port}/moved`, ['127.0.0.1']);
  assert.equal(moved.httpStatus, 302);
  assert.equal(moved.error, 'redirect not followed');
  assert.ok(!hits.includes('/target'), 'the redirect target was never requested');

  const https = await postWebhook(`http://127.0.0.1:${port}/hook`, '{}', {}, { allowedHosts: ['127.0.0.1'], allowHttp: false }, 2_000);
  assert.equal(https.error, 'scheme not allowed');
  server.close();
});
