import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TILE, accumulatePower, peakExcess, type Band } from './periodic-spectrum.js';

const ALL: Band = { minRadius: 3, maxRadius: 31, minAxisAngle: 0, maxAxisAngle: 45 };
const AXIS: Band = { ...ALL, maxAxisAngle: 12 };
const DIAGONAL: Band = { ...ALL, minAxisAngle: 15 };

/** A smooth ramp (no periodic content) plus an optional cosine of `period` pixels along `angle` degrees. */
function tile(period?: number, angle = 0): Float64Array {
  const out = new Float64Array(TILE * TILE);
  const a = (angle * Math.PI) / 180;
  let seed = 12345;
  const noise = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32 - 0.5) * 8;
  for (let y = 0; y < TILE; y++) {
    for (let x = 0; x < TILE; x++) {
      const wave = period ? 20 * Math.cos((2 * Math.PI * (x * Math.cos(a) + y * Math.sin(a))) / period) : 0;
      // White noise so the ring medians are not zero, as on real skin and sensors.
      const texture = noise();
      out[y * TILE + x] = 100 + x + 0.5 * y + texture + wave;
    }
  }
  return out;
}

const power = (t: Float64Array): Float64Array => {
  const p = new Float64Array(TILE * TILE);
  accumulatePower(t, p);
  return p;
};

test('peakExcess: a regular pattern stands far above its ring, texture does not', () => {
  const plain = peakExcess(power(tile()), ALL);
  const striped = peakExcess(power(tile(5)), ALL);
  assert.ok(striped > plain + 3, `striped ${striped} vs plain ${plain}`);
});

test('peakExcess: the angle band tells axis-aligned stripes from 45-degree dots', () => {
  const axis = power(tile(5, 0)), diagonal = power(tile(5 * Math.SQRT2, 45));
  assert.ok(peakExcess(axis, AXIS) > peakExcess(axis, DIAGONAL) + 2);
  assert.ok(peakExcess(diagonal, DIAGONAL) > peakExcess(diagonal, AXIS) + 2);
});

test('peakExcess: the radius band selects the period', () => {
  const fine = power(tile(3));
  assert.ok(peakExcess(fine, { ...ALL, minRadius: 16 }) > peakExcess(fine, { ...ALL, maxRadius: 10 }) + 2);
});

test('peakExcess: ignores the 8-pixel JPEG block lattice', () => {
  const blocks = power(tile(8));
  const other = power(tile(6.4));
  assert.ok(peakExcess(other, ALL) > peakExcess(blocks, ALL) + 2);
});
