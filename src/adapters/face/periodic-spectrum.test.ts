import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TILE, accumulatePower, fft, peakExcess, type Band } from './periodic-spectrum.js';

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

/** The 1-D transform as first written (twiddles computed inline), kept as the reference the table must equal. */
function referenceFft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) { [re[i], re[j]] = [re[j]!, re[i]!]; [im[i], im[j]] = [im[j]!, im[i]!]; }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const step = (-2 * Math.PI) / len;
    for (let start = 0; start < n; start += len) {
      for (let k = 0; k < len / 2; k++) {
        const c = Math.cos(step * k), s = Math.sin(step * k);
        const a = start + k, b = a + len / 2;
        const tr = re[b]! * c - im[b]! * s, ti = re[b]! * s + im[b]! * c;
        re[b] = re[a]! - tr; im[b] = im[a]! - ti; re[a] = re[a]! + tr; im[a] = im[a]! + ti;
      }
    }
  }
}

// The 2-D pass around the 1-D transform is unchanged, so the 1-D transform equal to the bit makes the spectrum so.
test('the table-driven FFT equals the inline-twiddle transform to the bit', () => {
  let seed = 777;
  const next = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32 - 0.5) * 200;
  for (const n of [8, TILE]) {
    for (let round = 0; round < 4; round++) {
      const re = Float64Array.from({ length: n }, next), im = Float64Array.from({ length: n }, next);
      const [re2, im2] = [re.slice(), im.slice()];
      fft(re, im);
      referenceFft(re2, im2);
      assert.deepEqual([re, im], [re2, im2]);
    }
  }
});
