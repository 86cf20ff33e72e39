/**
 * The tfjs -> ONNX translation on a hand-made graph with a known answer: NHWC weights and layout, TF's
 * asymmetric SAME padding at stride 2, fused BiasAdd + Relu, and a Reshape that depends on NHWC memory order.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OnnxSession } from '../runtime/onnx-runtime.js';
import { tfjsGraphToOnnx, type TfjsNode } from './tfjs-graph-to-onnx.js';
import { decodeTfjsWeights, halfToFloat, type DecodedWeight } from './tfjs-weights.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const ints = (...v: number[]): { list: { i: string[] } } => ({ list: { i: v.map(String) } });

/** Reference NHWC conv, stride 2, TF SAME padding (extra row/column at the bottom/right), bias, relu. */
function referenceConv(x: Float32Array, h: number, w: number, cin: number, f: Float32Array, k: number, cout: number,
  bias: Float32Array): Float32Array {
  const oh = Math.ceil(h / 2), ow = Math.ceil(w / 2);
  const padTop = Math.floor(Math.max((oh - 1) * 2 + k - h, 0) / 2);
  const padLeft = Math.floor(Math.max((ow - 1) * 2 + k - w, 0) / 2);
  const out = new Float32Array(oh * ow * cout);
  for (let oy = 0; oy < oh; oy++) for (let ox = 0; ox < ow; ox++) for (let o = 0; o < cout; o++) {
    let sum = bias[o] as number;
    for (let ky = 0; ky < k; ky++) for (let kx = 0; kx < k; kx++) {
      const y = oy * 2 + ky - padTop, xx = ox * 2 + kx - padLeft;
      if (y < 0 || xx < 0 || y >= h || xx >= w) continue;
      for (let i = 0; i < cin; i++) sum += (x[(y * w + xx) * cin + i] as number) * (f[((ky * k + kx) * cin + i) * cout + o] as number);
    }
    out[(oy * ow + ox) * cout + o] = Math.max(0, sum);
  }
  return out;
}

test('a fused stride-2 SAME conv and an NHWC reshape translate exactly', async () => {
  const [h, w, cin, cout, k] = [5, 4, 2, 3, 3];
  const filter = Float32Array.from({ length: k * k * cin * cout }, (_, i) => Math.sin(i * 1.7));
  const bias = Float32Array.from([0.1, -0.2, 0.3]);
  const weights = new Map<string, DecodedWeight>([
    ['f', { dtype: 'float32', shape: [k, k, cin, cout], values: filter }],
    ['b', { dtype: 'float32', shape: [cout], values: bias }],
    ['shape', { dtype: 'int32', shape: [2], values: Int32Array.from([1, 18]) }],
  ]);
  const nodes: TfjsNode[] = [
    { name: 'x', op: 'Placeholder', attr: { shape: { shape: { dim: [1, h, w, cin].map((d) => ({ size: String(d) })) } } } },
    { name: 'f', op: 'Const' }, { name: 'b', op: 'Const' }, { name: 'shape', op: 'Const' },
    { name: 'conv', op: '_FusedConv2D', input: ['x', 'f', 'b'], attr: {
      strides: ints(1, 2, 2, 1), padding: { s: b64('SAME') }, data_format: { s: b64('NHWC') }, dilations: ints(1, 1, 1, 1),
      fused_ops: { list: { s: [b64('BiasAdd'), b64('Relu')] } },
    } },
    { name: 'flat', op: 'Reshape', input: ['conv', 'shape'] },
  ];
  const session = await OnnxSession.fromBytes(tfjsGraphToOnnx('t', nodes, weights, { inputName: 'x', outputs: { y: 'flat' }, dynamicBatch: true }));
  try {
    const nhwc = Float32Array.from({ length: h * w * cin }, (_, i) => Math.cos(i * 0.37));
    const nchw = new Float32Array(nhwc.length);
    for (let i = 0; i < h * w; i++) for (let c = 0; c < cin; c++) nchw[c * h * w + i] = nhwc[i * cin + c] as number;
    const out = await session.run({ x: { data: nchw, dims: [1, cin, h, w] } });
    const expected = referenceConv(nhwc, h, w, cin, filter, k, cout, bias);
    assert.deepEqual(out.y?.dims, [1, expected.length]);
    expected.forEach((v, i) => assert.ok(Math.abs((out.y?.data[i] as number) - v) < 1e-5, `value ${i}: ${out.y?.data[i]} vs ${v}`));
  } finally {
    await session.release();
  }
});

test('an op without a translation fails at load instead of being skipped', () => {
  const nodes: TfjsNode[] = [
    { name: 'x', op: 'Placeholder', attr: { shape: { shape: { dim: [1, 2, 2, 1].map((d) => ({ size: String(d) })) } } } },
    { name: 'y', op: 'Softplus', input: ['x'] },
  ];
  assert.throws(() => tfjsGraphToOnnx('t', nodes, new Map(), { inputName: 'x', outputs: { y: 'y' }, dynamicBatch: false }), /Softplus/);
});

test('weights decode from float32, uint8-quantised and float16 storage; a size mismatch is refused', () => {
  const bytes = new Uint8Array(4 + 2 + 4);
  const view = new DataView(bytes.buffer);
  view.setFloat32(0, 1.5, true);
  bytes[4] = 0; bytes[5] = 200;
  view.setUint16(6, 0x3c00, true); // 1.0
  view.setUint16(8, 0xc000, true); // -2.0
  const decoded = decodeTfjsWeights([
    { name: 'a', shape: [1], dtype: 'float32' },
    { name: 'q', shape: [2], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.5, min: -1 } },
    { name: 'h', shape: [2], dtype: 'float32', quantization: { dtype: 'float16' } },
  ], bytes.buffer);
  assert.deepEqual(Array.from(decoded.get('a')?.values ?? []), [1.5]);
  assert.deepEqual(Array.from(decoded.get('q')?.values ?? []), [-1, 99]);
  assert.deepEqual(Array.from(decoded.get('h')?.values ?? []), [1, -2]);
  assert.throws(() => decodeTfjsWeights([{ name: 'a', shape: [1], dtype: 'float32' }], bytes.buffer), /covers 4 bytes/);
  assert.equal(halfToFloat(0x0001), 2 ** -24);
  assert.equal(halfToFloat(0x7c00), Infinity);
});
