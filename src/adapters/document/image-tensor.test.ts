import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { REC_NORMALISATION, sampleRect } from './image-tensor.js';

/** A 4x2 image: left half pure red, right half pure blue. */
function redBlue(): { width: number; height: number; data: Uint8Array } {
  const data = new Uint8Array(4 * 2 * 3);
  for (let y = 0; y < 2; y++) {
    for (let x = 0; x < 4; x++) data[(y * 4 + x) * 3 + (x < 2 ? 0 : 2)] = 255;
  }
  return { width: 4, height: 2, data };
}

function sample(gray: boolean): Float32Array {
  const tensor = new Float32Array(3 * 2 * 4);
  const rect = { cx: 2, cy: 1, width: 4, height: 2, angle: 0 };
  sampleRect(redBlue(), rect, { tensor, index: 0, height: 2, batchWidth: 4, width: 4, gray }, REC_NORMALISATION);
  return tensor;
}

/** The tensor value of one channel (0 = blue, 2 = red) at column x of row 0, back in 0..255. */
const value = (tensor: Float32Array, channel: number, x: number): number => Math.round(((tensor[channel * 8 + x]! + 1) / 2) * 255);

describe('sampleRect', () => {
  it('writes colour in BGR order', () => {
    const tensor = sample(false);
    assert.deepEqual([value(tensor, 0, 0), value(tensor, 2, 0)], [0, 255]);
    assert.deepEqual([value(tensor, 0, 3), value(tensor, 2, 3)], [255, 0]);
  });

  it('writes the Rec. 601 luminance into every channel when asked for grey', () => {
    const tensor = sample(true);
    for (const channel of [0, 1, 2]) {
      assert.equal(value(tensor, channel, 0), Math.round(0.299 * 255), `red, channel ${channel}`);
      assert.equal(value(tensor, channel, 3), Math.round(0.114 * 255), `blue, channel ${channel}`);
    }
  });
});
