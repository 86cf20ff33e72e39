import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasKeyInQuery } from './auth.plugin.js';
import { redactQuery } from './logging.js';

describe('hasKeyInQuery', () => {
  const rows: readonly (readonly [string, boolean])[] = [
    ['/verify', false],
    ['/verify?', false],
    ['/verify?api_key=x', true],
    ['/verify?lang=en&APIKEY=x', true],
    ['/verify?Api-Key=x', true],
    ['/verify?x-api-key=x', true],
    ['/verify?X_API_KEY=x', true],
    ['/verify?key=x', true],
    ['/verify?token', true],
    ['/verify?access_token=x', true],
    ['/verify?auth_token=x', true],
    ['/verify?authorization=Bearer%20x', true],
    ['/verify?api%5Fkey=x', true],
    ['/verify?monkey=1&keys=2&tokenizer=3&keyboard=4', false],
    ['/verify?q=api_key', false],
  ];
  for (const [url, want] of rows) it(`${url} -> ${want}`, () => assert.equal(hasKeyInQuery(url), want));
});

describe('redactQuery', () => {
  const rows: readonly (readonly [string, string])[] = [
    ['/verify', '/verify'],
    ['/verify?api_key=secret', '/verify?[redacted]'],
    ['/docs/static/index.html?v=1&x=2', '/docs/static/index.html?[redacted]'],
    ['/?', '/?[redacted]'],
  ];
  for (const [url, want] of rows) it(url, () => assert.equal(redactQuery(url), want));
});
