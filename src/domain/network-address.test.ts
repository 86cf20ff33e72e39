import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isInternalAddress } from './network-address.js';

test('internal addresses are recognised, public ones are not', () => {
  const cases: [string, boolean][] = [
    ['127.0.0.1', true], ['127.8.9.10', true], ['10.1.2.3', true], ['172.16.0.1', true], ['172.31.255.255', true], ['172.32.0.1', false],
    ['192.168.1.1', true], ['169.254.169.254', true], ['100.64.0.1', true], ['0.0.0.0', true], ['224.0.0.1', true],
    ['::1', true], ['::', true], ['fd00::1', true], ['fe80::1', true], ['::ffff:127.0.0.1', true], ['::ffff:10.0.0.1', true],
    ['8.8.8.8', false], ['93.184.216.34', false], ['2606:4700::1111', false], ['::ffff:8.8.8.8', false], ['not-an-ip', true],
    ['::ffff:a9fe:a9fe', true], ['::ffff:7f00:1', true], ['0:0:0:0:0:ffff:7f00:1', true], ['::ffff:808:808', false],
  ];
  for (const [address, internal] of cases) assert.equal(isInternalAddress(address), internal, address);
});
