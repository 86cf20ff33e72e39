import { test } from 'node:test';
import assert from 'node:assert/strict';
import { downscaleBox, mirrorPatch, warpAffine } from './image-sampling.js';

const image = { width: 4, height: 2, data: Uint8Array.from({ length: 24 }, (_, i) => i * 10) };

test('warpAffine with the identity map reproduces the image', () => {
  assert.deepEqual(Array.from(warpAffine(image, [1, 0, 0, 0, 1, 0], 4, 2)), Array.from(image.data));
});

test('warpAffine pads with zeros outside the image', () => {
  const out = warpAffine(image, [1, 0, 10, 0, 1, 10], 2, 2);
  assert.ok(out.every((v) => v === 0));
});

test('warpAffine shrinking by 2 averages neighbouring columns', () => {
  const stripes = { width: 4, height: 4, data: Uint8Array.from({ length: 48 }, (_, i) => (Math.floor(i / 3) % 2 ? 200 : 0)) };
  const out = warpAffine(stripes, [2, 0, 0, 0, 1, 0], 2, 4, 2);
  const row1 = Array.from(out.slice(6, 12)).map(Math.round);
  assert.deepEqual(row1, [100, 100, 100, 100, 100, 100]);
});

test('mirrorPatch flips columns and is its own inverse', () => {
  const patch = Float32Array.from(image.data);
  const flipped = mirrorPatch(patch, 4, 2);
  assert.deepEqual(Array.from(flipped.slice(0, 3)), Array.from(patch.slice(9, 12)));
  assert.deepEqual(Array.from(mirrorPatch(flipped, 4, 2)), Array.from(patch));
});

test('downscaleBox averages k x k blocks', () => {
  const small = downscaleBox(image, 2);
  assert.equal(small.width, 2);
  assert.equal(small.height, 1);
  assert.deepEqual(Array.from(small.data.slice(0, 3)), [75, 85, 95]);
  assert.equal(downscaleBox(image, 1), image);
});

/** The sampler as first written (one loop over the four taps), kept as the reference the fast path must equal. */
function referenceWarp(image: { width: number; height: number; data: Uint8Array }, m: readonly number[], outWidth: number, outHeight: number, scale: number): Float32Array {
  const out = new Float32Array(outWidth * outHeight * 3);
  const ss = Math.max(1, Math.min(4, Math.ceil(scale - 0.01)));
  const [a, b, c, d, e, f] = m as [number, number, number, number, number, number];
  const inv = 1 / (ss * ss);
  for (let oy = 0; oy < outHeight; oy++) {
    for (let ox = 0; ox < outWidth; ox++) {
      let r = 0, g = 0, bl = 0;
      for (let sy = 0; sy < ss; sy++) {
        const py = oy + (sy + 0.5) / ss;
        for (let sx = 0; sx < ss; sx++) {
          const px = ox + (sx + 0.5) / ss;
          const u = a * px + b * py + c - 0.5, v = d * px + e * py + f - 0.5;
          const x0 = Math.floor(u), y0 = Math.floor(v);
          const fx = u - x0, fy = v - y0;
          for (let k = 0; k < 4; k++) {
            const xi = x0 + (k & 1), yi = y0 + (k >> 1);
            if (xi < 0 || yi < 0 || xi >= image.width || yi >= image.height) continue;
            const w = ((k & 1) ? fx : 1 - fx) * ((k >> 1) ? fy : 1 - fy);
            const idx = (yi * image.width + xi) * 3;
            r += w * image.data[idx]!; g += w * image.data[idx + 1]!; bl += w * image.data[idx + 2]!;
          }
        }
      }
      const o = (oy * outWidth + ox) * 3;
      out[o] = r * inv; out[o + 1] = g * inv; out[o + 2] = bl * inv;
    }
  }
  return out;
}

test('warpAffine equals the plain four-tap loop to the bit, inside, across and outside the image edges', () => {
  let seed = 7;
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const photo = { width: 97, height: 61, data: Uint8Array.from({ length: 97 * 61 * 3 }, () => Math.floor(rand() * 256)) };
  for (let n = 0; n < 40; n++) {
    const angle = rand() * Math.PI * 2, zoom = 0.3 + rand() * 4;
    const m = [zoom * Math.cos(angle), -zoom * Math.sin(angle), rand() * 140 - 40, zoom * Math.sin(angle), zoom * Math.cos(angle), rand() * 100 - 30];
    const scale = n % 5 === 0 ? 1 : zoom;
    const fast = warpAffine(photo, m as [number, number, number, number, number, number], 23, 19, scale);
    assert.deepEqual(fast, referenceWarp(photo, m, 23, 19, scale), `map ${n}`);
  }
});

test('warpAffine without rotation (the detector\'s maps) equals the plain loop to the bit, edges and sub-samples included', () => {
  let seed = 11;
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const photo = { width: 83, height: 57, data: Uint8Array.from({ length: 83 * 57 * 3 }, () => Math.floor(rand() * 256)) };
  for (let n = 0; n < 40; n++) {
    const zx = 0.2 + rand() * 4.5, zy = n % 3 === 0 ? zx : 0.2 + rand() * 4.5;
    const m = [zx, 0, rand() * 120 - 40, 0, zy, rand() * 80 - 30];
    const scale = n % 4 === 0 ? 1 : Math.max(zx, zy);
    const fast = warpAffine(photo, m as [number, number, number, number, number, number], 29, 17, scale);
    assert.deepEqual(fast, referenceWarp(photo, m, 29, 17, scale), `map ${n}`);
  }
});
