import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toI420, writeY4m } from './y4m.js';

const solid = (r: number, g: number, b: number) => ({ width: 4, height: 2, data: Uint8Array.from({ length: 24 }, (_, i) => [r, g, b][i % 3] as number) });

test('toI420: BT.601 limited range for black, white and red', () => {
  assert.deepEqual([...toI420(solid(0, 0, 0))], [16, 16, 16, 16, 16, 16, 16, 16, 128, 128, 128, 128]);
  assert.deepEqual([...toI420(solid(255, 255, 255))].slice(0, 8), new Array(8).fill(235));
  const red = toI420(solid(255, 0, 0));
  assert.equal(red[0], 82);
  assert.equal(red[8], 90);
  assert.equal(red[10], 240);
});

test('writeY4m: header then FRAME + planes per frame; odd sizes refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'y4m-'));
  try {
    const path = join(dir, 'a.y4m');
    await writeY4m(path, [solid(0, 0, 0), solid(255, 255, 255)], 15);
    const bytes = readFileSync(path);
    const header = 'YUV4MPEG2 W4 H2 F15:1 Ip A1:1 C420jpeg\n';
    assert.equal(bytes.subarray(0, header.length).toString(), header);
    assert.equal(bytes.length, header.length + 2 * ('FRAME\n'.length + 12));
    await assert.rejects(writeY4m(path, [{ width: 3, height: 2, data: new Uint8Array(18) }], 15), RangeError);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
