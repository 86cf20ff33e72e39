import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { checkWebhookSignature, signWebhook } from './webhook-signature.js';

test('the signature is the documented HMAC of "t.body"', () => {
  const header = signWebhook('s3cret', '{"id":"x"}', 1700000000);
  const mac = createHmac('sha256', 's3cret').update('1700000000.{"id":"x"}').digest('hex');
  assert.equal(header, `t=1700000000,v1=${mac}`);
});

test('a signature checks only with its secret, body and a recent time', () => {
  const header = signWebhook('s3cret', 'body', 1000);
  const cases: [string, string, string, number, boolean][] = [
    ['s3cret', 'body', header, 1000, true],
    ['s3cret', 'body', header, 1299, true],
    ['s3cret', 'body', header, 1301, false],
    ['other', 'body', header, 1000, false],
    ['s3cret', 'body!', header, 1000, false],
    ['s3cret', 'body', header.replace('t=1000', 't=1001'), 1000, false],
    ['s3cret', 'body', 'garbage', 1000, false],
    ['s3cret', 'body', 't=1000,v1=00', 1000, false],
  ];
  for (const [secret, body, h, now, ok] of cases) assert.equal(checkWebhookSignature(secret, body, h, now), ok, `${secret} ${body} ${h} ${now}`);
});
