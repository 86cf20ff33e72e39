import { OnnxSession } from '../runtime/onnx-runtime.js';
import { readVerifiedJson, readVerifiedModelFile } from './model-files.js';
import { OnnxGraphBuilder } from './onnx-model-builder.js';
import { hwioToOihw } from './tfjs-graph-to-onnx.js';
import { decodeTfjsWeights, type DecodedWeight, type WeightsManifestGroup } from './tfjs-weights.js';

/** Side of the aligned chip the recogniser expects (dlib's face chip). */
export const CHIP_SIZE = 150;
const MEAN_RGB = [122.782, 117.001, 104.298] as const;
const DESCRIPTOR = 128;

/**
 * dlib's ResNet-34 face recogniser (128-d) with face-api's uint8-quantised weights, as an ONNX graph built in
 * memory at load time (same graph as face-api's FaceRecognitionNet) and run on onnxruntime. Holds no state
 * between calls apart from the session.
 */
export class FaceRecognizer {
  private session: OnnxSession | undefined;

  async load(): Promise<void> {
    const manifest = await readVerifiedJson<readonly WeightsManifestGroup[]>('faceapi-resnet34-manifest');
    const data = await readVerifiedModelFile('faceapi-resnet34-weights');
    const weights = decodeTfjsWeights(manifest.flatMap((g) => g.weights), data);
    this.session = await OnnxSession.fromBytes(buildResNet34(weights), { threads: 1 });
  }

  /**
   * Descriptors for a batch of 150x150 RGB chips (packed HWC floats 0..255), one Float32Array of 128 per chip.
   */
  async embed(chips: readonly Float32Array[]): Promise<Float32Array[]> {
    const session = this.session;
    if (!session) throw new Error('FaceRecognizer used before load()');
    const plane = CHIP_SIZE * CHIP_SIZE;
    const input = new Float32Array(chips.length * 3 * plane);
    chips.forEach((chip, n) => {
      if (chip.length !== 3 * plane) throw new RangeError(`chip has ${chip.length} values, expected ${3 * plane}`);
      for (let c = 0; c < 3; c++) {
        const mean = MEAN_RGB[c] as number;
        const base = (n * 3 + c) * plane;
        for (let i = 0; i < plane; i++) input[base + i] = ((chip[3 * i + c] as number) - mean) / 255;
      }
    });
    const out = await session.run({ chips: { data: input, dims: [chips.length, 3, CHIP_SIZE, CHIP_SIZE] } });
    const flat = out.descriptors?.data;
    if (!flat || flat.length !== chips.length * DESCRIPTOR) throw new Error('face recogniser returned an unexpected output');
    return chips.map((_, i) => flat.slice(i * DESCRIPTOR, (i + 1) * DESCRIPTOR));
  }

  async dispose(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    await session?.release();
  }
}

/**
 * The ResNet-34 as ONNX: each conv + bias + per-channel affine "scale" layer of face-api's graph is folded into
 * one Conv (w' = w * s, b' = b * s + t); residual-down blocks add a 2x2 average-pooled shortcut, zero-padded
 * (spatially bottom/right, then in channels) where face-api concatenates zeros. Spatial sizes are static
 * (150 px chip), so the padding is decided here, exactly as face-api decides it from tensor shapes.
 */
export function buildResNet34(weights: ReadonlyMap<string, DecodedWeight>): Uint8Array {
  const g = new OnnxGraphBuilder('dlib-resnet34');
  const get = (name: string): Float32Array => {
    const w = weights.get(name);
    if (!w || w.dtype !== 'float32') throw new Error(`face recogniser weight ${name} missing`);
    return w.values;
  };
  const shapeOf = (name: string): readonly number[] => weights.get(name)?.shape ?? [];

  interface Act { readonly name: string; readonly size: number; readonly channels: number }
  const conv = (x: Act, prefix: string, stride: number, relu: boolean, same: boolean): Act => {
    const [kh, kw, cin, cout] = shapeOf(`${prefix}/conv/filters`) as [number, number, number, number];
    if (cin !== x.channels) throw new Error(`${prefix}: expects ${cin} channels, got ${x.channels}`);
    const w = hwioToOihw(get(`${prefix}/conv/filters`), kh, kw, cin, cout);
    const bias = get(`${prefix}/conv/bias`), scale = get(`${prefix}/scale/weights`), shift = get(`${prefix}/scale/biases`);
    const per = cin * kh * kw;
    const b = new Float32Array(cout);
    for (let o = 0; o < cout; o++) {
      const s = scale[o] as number;
      for (let k = 0; k < per; k++) w[o * per + k] = (w[o * per + k] as number) * s;
      b[o] = (bias[o] as number) * s + (shift[o] as number);
    }
    const pad = same ? (kh - 1) / 2 : 0;
    let out = g.node('Conv', [x.name, g.floats('w', [cout, cin, kh, kw], w), g.floats('b', [cout], b)], {
      kernel_shape: { ints: [kh, kw] }, strides: { ints: [stride, stride] }, pads: { ints: [pad, pad, pad, pad] },
    });
    if (relu) out = g.node('Relu', [out]);
    const size = same ? Math.ceil(x.size / stride) : Math.floor((x.size - kh) / stride) + 1;
    return { name: out, size, channels: cout };
  };
  const residual = (x: Act, prefix: string): Act => {
    const a = conv(x, `${prefix}/conv1`, 1, true, true);
    const b = conv(a, `${prefix}/conv2`, 1, false, true);
    return { ...b, name: g.node('Relu', [g.node('Add', [b.name, x.name])]) };
  };
  const zeroPad = (x: string, pads: readonly number[]): string =>
    g.node('Pad', [x, g.int64s('pads', pads)], { mode: { s: 'constant' } });
  const residualDown = (x: Act, prefix: string): Act => {
    const a = conv(x, `${prefix}/conv1`, 2, true, false);
    let b = conv(a, `${prefix}/conv2`, 1, false, true);
    let pooled: Act = {
      name: g.node('AveragePool', [x.name], { kernel_shape: { ints: [2, 2] }, strides: { ints: [2, 2] } }),
      size: Math.floor(x.size / 2), channels: x.channels,
    };
    if (pooled.size !== b.size) {
      const d = pooled.size - b.size;
      b = { ...b, size: pooled.size, name: zeroPad(b.name, [0, 0, 0, 0, 0, 0, d, d]) };
    }
    if (pooled.channels !== b.channels) {
      const d = b.channels - pooled.channels;
      pooled = { ...pooled, channels: b.channels, name: zeroPad(pooled.name, [0, 0, 0, 0, 0, d, 0, 0]) };
    }
    return { ...b, name: g.node('Relu', [g.node('Add', [pooled.name, b.name])]) };
  };

  let x: Act = { name: g.input('chips', ['N', 3, CHIP_SIZE, CHIP_SIZE]), size: CHIP_SIZE, channels: 3 };
  x = conv(x, 'conv32_down', 2, true, false);
  const pool = g.node('MaxPool', [x.name], { kernel_shape: { ints: [3, 3] }, strides: { ints: [2, 2] } });
  x = { ...x, size: Math.floor((x.size - 3) / 2) + 1, name: pool };
  for (const p of ['conv32_1', 'conv32_2', 'conv32_3']) x = residual(x, p);
  x = residualDown(x, 'conv64_down');
  for (const p of ['conv64_1', 'conv64_2', 'conv64_3']) x = residual(x, p);
  x = residualDown(x, 'conv128_down');
  for (const p of ['conv128_1', 'conv128_2']) x = residual(x, p);
  x = residualDown(x, 'conv256_down');
  for (const p of ['conv256_1', 'conv256_2']) x = residual(x, p);
  x = residualDown(x, 'conv256_down_out');
  const pooled = g.node('Flatten', [g.node('GlobalAveragePool', [x.name])], { axis: { i: 1 } });
  const [fcIn, fcOut] = shapeOf('fc') as [number, number];
  g.node('MatMul', [pooled, g.floats('fc', [fcIn, fcOut], get('fc'))], {}, 'descriptors');
  g.output('descriptors', ['N', DESCRIPTOR]);
  return g.encode();
}
