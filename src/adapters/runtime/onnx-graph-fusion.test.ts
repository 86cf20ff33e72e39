import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { OnnxGraphBuilder } from '../face/onnx-model-builder.js';
import { DET_MODEL, modelPath, REC_MODEL } from '../document/paddle-models.js';
import { OnnxGraph } from './onnx-graph.js';
import { fuseConvolutionTails, type FusionCounts } from './onnx-graph-fusion.js';
import { OnnxSession } from './onnx-runtime.js';
import { bytesField, decodeFields, encodeFields, textField, varintField } from './protobuf-fields.js';

/** Deterministic values in [-1, 1). */
const wave = (n: number, seed: number): Float32Array => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.73 + seed));

interface TailOptions {
  /** A second reader of the first convolution's output (blocks the affine fold). */
  readonly convOutputShared?: boolean;
  /** Clip bounds of the hard-swish (0, 6 is the only one fused). */
  readonly clip?: readonly [number, number];
  /** What reads the block's output: a padded depthwise convolution, an unpadded one without bias, or a Relu. */
  readonly next?: 'Conv' | 'Conv1x1' | 'Relu';
  /** The affine Mul's output is also a graph output. */
  readonly exposeMul?: boolean;
}

/** A PP-LCNetV3-style block: Conv, affine, hard-swish, affine, then a padded 3x3 convolution. */
function tailModel(options: TailOptions = {}): Uint8Array {
  const g = new OnnxGraphBuilder('tail');
  const x = g.input('x', [1, 2, 6, 7]);
  const scalar = (stem: string, v: number) => g.floats(stem, [1], Float32Array.of(v));
  const conv = g.node('Conv', [x, g.floats('w', [3, 2, 1, 1], wave(6, 1)), g.floats('b', [3], wave(3, 2))], { kernel_shape: { ints: [1, 1] } });
  const mul = g.node('Mul', [scalar('a', 1.7), conv]);
  const y = g.node('Add', [mul, scalar('b', 0.4)]);
  const [lo, hi] = options.clip ?? [0, 6];
  const gate = g.node('Clip', [g.node('Add', [y, scalar('three', 3)]), scalar('lo', lo), scalar('hi', hi)]);
  const swish = g.node('Div', [g.node('Mul', [y, gate]), scalar('six', 6)]);
  const z = g.node('Add', [g.node('Mul', [scalar('c', 0.3), swish]), scalar('d', -0.25)]);
  const out = options.next === 'Relu'
    ? g.node('Relu', [z])
    : options.next === 'Conv1x1'
      ? g.node('Conv', [z, g.floats('w3', [2, 3, 1, 1], wave(6, 6))], { kernel_shape: { ints: [1, 1] } })
      : g.node('Conv', [z, g.floats('w2', [3, 1, 3, 3], wave(27, 3)), g.floats('b2', [3], wave(3, 4))], { kernel_shape: { ints: [3, 3] }, pads: { ints: [1, 1, 1, 1] }, group: { i: 3 } });
  g.output(out);
  if (options.convOutputShared) g.output(g.node('Relu', [conv]));
  if (options.exposeMul) g.output(mul);
  return g.encode();
}

async function outputs(bytes: Uint8Array, input: Float32Array, dims: readonly number[]): Promise<Float32Array[]> {
  const session = await OnnxSession.fromBytes(bytes);
  try {
    const out = await session.run({ [session.inputNames[0]!]: { data: input, dims } });
    return session.outputNames.map((name) => out[name]!.data);
  } finally {
    await session.release();
  }
}

function maxDifference(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

const ops = (bytes: Uint8Array): string[] => new OnnxGraph(bytes).nodes.map((n) => n.opType).filter((op) => op !== 'Constant');

describe('fuseConvolutionTails', () => {
  const cases: ReadonlyArray<{ name: string; options: TailOptions; counts: FusionCounts }> = [
    { name: 'a whole block', options: {}, counts: { affine: 1, hardSwish: 1, scale: 1, shift: 0 } },
    { name: 'a block before an unpadded convolution', options: { next: 'Conv1x1' }, counts: { affine: 1, hardSwish: 1, scale: 1, shift: 1 } },
    { name: 'a convolution output read twice', options: { convOutputShared: true }, counts: { affine: 0, hardSwish: 0, scale: 0, shift: 0 } },
    { name: 'a clip to other bounds', options: { clip: [0, 5] }, counts: { affine: 1, hardSwish: 0, scale: 0, shift: 0 } },
    { name: 'a block read by a Relu', options: { next: 'Relu' }, counts: { affine: 1, hardSwish: 1, scale: 0, shift: 0 } },
    { name: 'an intermediate graph output', options: { exposeMul: true }, counts: { affine: 0, hardSwish: 0, scale: 0, shift: 0 } },
  ];
  for (const { name, options, counts } of cases) {
    it(`computes the same function on ${name}, folding ${JSON.stringify(counts)}`, async () => {
      const model = tailModel(options);
      const fused = fuseConvolutionTails(model);
      assert.deepEqual(fused.counts, counts);
      const input = wave(2 * 6 * 7, 5).map((v) => v * 4);
      const [before, after] = await Promise.all([outputs(model, input, [1, 2, 6, 7]), outputs(fused.bytes, input, [1, 2, 6, 7])]);
      assert.equal(before.length, after.length);
      before.forEach((b, i) => assert.ok(maxDifference(b, after[i]!) < 1e-5, `output ${i} moved`));
    });
  }

  it('leaves three kernels of the eight after a convolution', () => {
    assert.deepEqual(ops(tailModel()), ['Conv', 'Mul', 'Add', 'Add', 'Clip', 'Mul', 'Div', 'Mul', 'Add', 'Conv']);
    assert.deepEqual(ops(fuseConvolutionTails(tailModel()).bytes), ['Conv', 'HardSigmoid', 'Mul', 'Add', 'Conv']);
    assert.deepEqual(ops(fuseConvolutionTails(tailModel({ next: 'Conv1x1' })).bytes), ['Conv', 'HardSigmoid', 'Mul', 'Conv']);
  });

  it('leaves a model with a subgraph (If, Loop) as it is, since the body may read what the rewrite removes', () => {
    const fields = decodeFields(tailModel());
    const graph = fields.find((f) => f.field === 7)!;
    const ifNode = encodeFields([
      textField(1, 'x'),
      textField(2, 'branch_out'),
      textField(4, 'If'),
      bytesField(5, encodeFields([textField(1, 'then_branch'), bytesField(6, new Uint8Array(0)), varintField(20, 5)])),
    ]);
    const withIf = encodeFields(fields.map((f) => (f.field === 7 ? bytesField(7, encodeFields([...decodeFields(graph.value as Uint8Array), bytesField(1, ifNode)])) : f)));
    const fused = fuseConvolutionTails(withIf);
    assert.equal(fused.bytes, withIf);
    assert.deepEqual(fused.counts, { affine: 0, hardSwish: 0, scale: 0, shift: 0 });
  });

  it('returns the very bytes it was given when nothing matches', () => {
    const model = tailModel({ convOutputShared: true });
    assert.equal(fuseConvolutionTails(model).bytes, model);
  });

  // The PaddleOCR graphs keep their weights in Constant nodes and (recogniser, opset 9) Clip bounds in attributes.
  const models: ReadonlyArray<[typeof REC_MODEL, readonly number[], FusionCounts]> = [
    [REC_MODEL, [1, 3, 48, 400], { affine: 28, hardSwish: 28, scale: 25, shift: 12 }],
    [DET_MODEL, [1, 3, 96, 160], { affine: 28, hardSwish: 24, scale: 23, shift: 10 }],
  ];
  for (const [model, dims, counts] of models) {
    it(`rewrites ${model.id} and moves its output by less than 1e-4`, async () => {
      const bytes = await readFile(modelPath(model));
      const fused = fuseConvolutionTails(bytes);
      assert.deepEqual(fused.counts, counts);
      const input = wave(dims.reduce((a, b) => a * b, 1), 7);
      const [[before], [after]] = await Promise.all([outputs(bytes, input, dims), outputs(fused.bytes, input, dims)]);
      assert.ok(maxDifference(before!, after!) < 1e-4);
    });
  }
});
