import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeBytes, sniffImageFormat } from './sniff.js';

const bytes = (...values: (number | string)[]): Buffer =>
  Buffer.concat(values.map((v) => (typeof v === 'string' ? Buffer.from(v, 'latin1') : Buffer.from([v]))));

const cases: [string, Buffer, ReturnType<typeof sniffImageFormat>, string][] = [
  ['jpeg', bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10), 'jpeg', 'unrecognised bytes'],
  ['png', bytes(0x89, 'PNG\r\n', 0x1a, '\n', 0, 0, 0, 0x0d), 'png', 'unrecognised bytes'],
  ['truncated png signature', bytes(0x89, 'PNG'), null, 'unrecognised bytes'],
  ['gif', bytes('GIF89a'), null, 'GIF'],
  ['webp', bytes('RIFF', 0, 0, 0, 0, 'WEBPVP8 '), null, 'WebP'],
  ['pdf', bytes('%PDF-1.7'), null, 'PDF'],
  ['svg', bytes('<svg xmlns="http://www.w3.org/2000/svg">'), null, 'markup (HTML/SVG/XML)'],
  ['text', bytes('hello world'), null, 'unrecognised bytes'],
  ['empty', Buffer.alloc(0), null, 'unrecognised bytes'],
  ['jpeg marker after junk', bytes('x', 0xff, 0xd8, 0xff), null, 'unrecognised bytes'],
];

for (const [label, input, format, description] of cases) {
  test(`sniffImageFormat: ${label}`, () => {
    assert.equal(sniffImageFormat(input), format);
    if (format === null) assert.equal(describeBytes(input), description);
  });
}
