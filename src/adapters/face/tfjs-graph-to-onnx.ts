/**
 * Translates a tfjs-converter graph model (model.json `modelTopology.node`) into an ONNX graph, in memory.
 * Covers the ops Human's BlazeFace and FaceMesh graphs contain: _FusedConv2D (BiasAdd, Relu or Prelu),
 * Conv2D, DepthwiseConv2dNative, AddV2/Add, Relu, Prelu, Sigmoid, MaxPool, Pad, Reshape, Identity. Any other
 * op fails loudly at load, so a changed upstream graph cannot be half-translated.
 *
 * tfjs graphs are NHWC; the ONNX graph is NCHW (onnxruntime's CPU kernels are NCHW). Weights are permuted at
 * build time, the input is fed NCHW, and activations are transposed back to NHWC only before a Reshape, whose
 * semantics depend on the memory order. Padding 'SAME' maps to auto_pad SAME_UPPER, which matches TF's rule
 * of putting the odd extra pixel at the bottom/right.
 */
import { OnnxGraphBuilder, type OnnxAttribute, type OnnxDim } from './onnx-model-builder.js';
import type { DecodedWeight } from './tfjs-weights.js';

/** A node of a tfjs graph model's topology (a TensorFlow GraphDef node as JSON). */
export interface TfjsNode {
  readonly name: string;
  readonly op: string;
  readonly input?: readonly string[];
  readonly attr?: Readonly<Record<string, TfjsAttr>>;
}

interface TfjsAttr {
  readonly s?: string;
  readonly i?: string;
  readonly f?: number;
  readonly list?: { readonly i?: readonly string[]; readonly s?: readonly string[] };
  readonly shape?: { readonly dim?: readonly { readonly size: string }[] };
}

export interface TfjsToOnnxOptions {
  /** Name of the ONNX graph input (fed NCHW float32). */
  readonly inputName: string;
  /** ONNX output name -> tfjs node name whose value it carries. */
  readonly outputs: Readonly<Record<string, string>>;
  /**
   * Makes the batch dimension free: the input gets batch 'N' and Reshape targets whose leading size is 1 get
   * -1, so several crops or tiles run in one session call.
   */
  readonly dynamicBatch: boolean;
}

/** Where a translated tensor lives in ONNX and whether it is a 4D activation held NCHW. */
interface Value { readonly name: string; readonly nchw: boolean }

const decode = (s: string | undefined): string => (s === undefined ? '' : Buffer.from(s, 'base64').toString('latin1'));

/** Builds the ONNX model bytes for the requested outputs of a tfjs graph. */
export function tfjsGraphToOnnx(
  graphName: string,
  nodes: readonly TfjsNode[],
  weights: ReadonlyMap<string, DecodedWeight>,
  options: TfjsToOnnxOptions,
): Uint8Array {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const needed = reachable(byName, Object.values(options.outputs));
  const g = new OnnxGraphBuilder(graphName);
  const values = new Map<string, Value>();

  const value = (ref: string): Value => {
    const v = values.get(baseName(ref));
    if (!v) throw new Error(`${graphName}: tensor ${ref} used before it is defined (graph not in topological order?)`);
    return v;
  };
  const floatWeight = (ref: string): DecodedWeight & { dtype: 'float32' } => {
    const w = weights.get(baseName(ref));
    if (!w || w.dtype !== 'float32') throw new Error(`${graphName}: float weight ${ref} missing`);
    return w;
  };
  const intWeight = (ref: string): readonly number[] => {
    const w = weights.get(baseName(ref));
    if (!w || w.dtype !== 'int32') throw new Error(`${graphName}: int32 constant ${ref} missing`);
    return Array.from(w.values);
  };
  const toNhwc = (v: Value): string => (v.nchw ? g.node('Transpose', [v.name], { perm: { ints: [0, 2, 3, 1] } }) : v.name);

  for (const node of nodes) {
    if (!needed.has(node.name)) continue;
    const inputs = (node.input ?? []).filter((i) => !i.startsWith('^'));
    const attr = node.attr ?? {};
    const set = (name: string, nchw: boolean): void => {
      values.set(node.name, { name, nchw });
    };
    switch (node.op) {
      case 'Const':
        break;
      case 'Placeholder': {
        const dims = (attr.shape?.shape?.dim ?? []).map((d) => Number(d.size));
        if (dims.length !== 4) throw new Error(`${graphName}: input ${node.name} is not 4D`);
        const [, h, w, c] = dims as [number, number, number, number];
        const batch: OnnxDim = options.dynamicBatch ? 'N' : Math.max(1, dims[0] as number);
        set(g.input(options.inputName, [batch, c, h, w]), true);
        break;
      }
      case 'Conv2D':
      case '_FusedConv2D':
      case 'DepthwiseConv2dNative': {
        const x = value(inputs[0] as string);
        if (!x.nchw) throw new Error(`${graphName}: ${node.op} ${node.name} on a non-4D value`);
        const filter = floatWeight(inputs[1] as string);
        const [kh, kw, cin, cout] = filter.shape as [number, number, number, number];
        const depthwise = node.op === 'DepthwiseConv2dNative';
        const convAttrs: Record<string, OnnxAttribute> = { ...convGeometry(node, graphName), kernel_shape: { ints: [kh, kw] } };
        const convInputs = [
          depthwise
            ? g.floats('dw', [cin * cout, 1, kh, kw], depthwiseToOnnx(filter.values, kh, kw, cin, cout))
            : g.floats('w', [cout, cin, kh, kw], hwioToOihw(filter.values, kh, kw, cin, cout)),
        ];
        if (depthwise) convAttrs.group = { i: cin };
        const fused = node.op === '_FusedConv2D' ? (attr.fused_ops?.list?.s ?? []).map(decode) : [];
        if (fused.length > 0 && fused[0] !== 'BiasAdd') {
          throw new Error(`${graphName}: fused ops ${fused.join('+')} not supported`);
        }
        if (fused[0] === 'BiasAdd') convInputs.push(g.floats('b', [cout], floatWeight(inputs[2] as string).values));
        let out = g.node('Conv', [x.name, ...convInputs], convAttrs);
        const activation = fused[1];
        if (activation === 'Relu') out = g.node('Relu', [out]);
        else if (activation === 'Prelu') out = prelu(g, out, floatWeight(inputs[3] as string).values);
        else if (activation !== undefined || fused.length > 2) {
          throw new Error(`${graphName}: fused activation ${activation} not supported`);
        }
        set(out, true);
        break;
      }
      case 'Add':
      case 'AddV2': {
        const a = value(inputs[0] as string), b = value(inputs[1] as string);
        if (a.nchw !== b.nchw) throw new Error(`${graphName}: ${node.name} mixes layouts`);
        set(g.node('Add', [a.name, b.name]), a.nchw);
        break;
      }
      case 'Relu':
      case 'Sigmoid':
      case 'Identity': {
        const x = value(inputs[0] as string);
        set(g.node(node.op, [x.name]), x.nchw);
        break;
      }
      case 'Prelu': {
        const x = value(inputs[0] as string);
        if (!x.nchw) throw new Error(`${graphName}: Prelu ${node.name} on a non-4D value`);
        set(prelu(g, x.name, floatWeight(inputs[1] as string).values), true);
        break;
      }
      case 'MaxPool': {
        const x = value(inputs[0] as string);
        const k = (attr.ksize?.list?.i ?? []).map(Number);
        if (k.length !== 4 || k[0] !== 1 || k[3] !== 1) {
          throw new Error(`${graphName}: MaxPool ${node.name} ksize ${k.join(',')}`);
        }
        const kernel = { ints: [k[1] as number, k[2] as number] };
        set(g.node('MaxPool', [x.name], { ...convGeometry(node, graphName), kernel_shape: kernel }), true);
        break;
      }
      case 'Pad': {
        const x = value(inputs[0] as string);
        const p = intWeight(inputs[1] as string); // [[n0,n1],[h0,h1],[w0,w1],[c0,c1]] NHWC
        if (p.length !== 8 || !x.nchw) throw new Error(`${graphName}: Pad ${node.name} is not a 4D pad`);
        const at = (dim: number, end: number): number => p[2 * dim + end] as number;
        const pads = [at(0, 0), at(3, 0), at(1, 0), at(2, 0), at(0, 1), at(3, 1), at(1, 1), at(2, 1)];
        set(g.node('Pad', [x.name, g.int64s('pads', pads)], { mode: { s: 'constant' } }), true);
        break;
      }
      case 'Reshape': {
        const x = value(inputs[0] as string);
        const shape = intWeight(inputs[1] as string).map((d, i) => (options.dynamicBatch && i === 0 && d === 1 ? -1 : d));
        set(g.node('Reshape', [toNhwc(x), g.int64s('shape', shape)]), false);
        break;
      }
      default:
        throw new Error(`${graphName}: tfjs op ${node.op} (${node.name}) has no ONNX translation`);
    }
  }

  for (const [onnxName, tfName] of Object.entries(options.outputs)) {
    const v = value(tfName);
    g.node('Identity', [toNhwc(v)], {}, onnxName);
    g.output(onnxName);
  }
  return g.encode();
}

function baseName(ref: string): string {
  const at = ref.lastIndexOf(':');
  return at > 0 && /^\d+$/.test(ref.slice(at + 1)) ? ref.slice(0, at) : ref;
}

/** Nodes the requested outputs depend on; unused heads (e.g. FaceMesh's contours) are not built at all. */
function reachable(byName: ReadonlyMap<string, TfjsNode>, outputs: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const stack = outputs.map(baseName);
  while (stack.length > 0) {
    const name = stack.pop() as string;
    if (seen.has(name)) continue;
    const node = byName.get(name);
    if (!node) throw new Error(`graph node ${name} not found`);
    seen.add(name);
    for (const i of node.input ?? []) if (!i.startsWith('^')) stack.push(baseName(i));
  }
  return seen;
}

/** Strides and padding of a TF conv/pool node as ONNX attributes (NHWC attribute lists). */
function convGeometry(node: TfjsNode, graphName: string): Record<string, OnnxAttribute> {
  const attr = node.attr ?? {};
  const strides = (attr.strides?.list?.i ?? ['1', '1', '1', '1']).map(Number);
  const dilations = (attr.dilations?.list?.i ?? ['1', '1', '1', '1']).map(Number);
  const format = decode(attr.data_format?.s) || 'NHWC';
  if (format !== 'NHWC' || dilations.some((d) => d !== 1)) {
    throw new Error(`${graphName}: ${node.name} has data_format ${format} / dilations ${dilations.join(',')}`);
  }
  const padding = decode(attr.padding?.s);
  const out: Record<string, OnnxAttribute> = { strides: { ints: [strides[1] as number, strides[2] as number] } };
  if (padding === 'SAME') out.auto_pad = { s: 'SAME_UPPER' };
  else if (padding !== 'VALID') throw new Error(`${graphName}: ${node.name} padding ${padding} not supported`);
  return out;
}

function prelu(g: OnnxGraphBuilder, x: string, alpha: Float32Array): string {
  return g.node('PRelu', [x, g.floats('alpha', [alpha.length, 1, 1], alpha)]);
}

/** TF conv filter [kh, kw, in, out] -> ONNX [out, in, kh, kw]. */
export function hwioToOihw(w: Float32Array, kh: number, kw: number, cin: number, cout: number): Float32Array {
  const out = new Float32Array(w.length);
  for (let y = 0; y < kh; y++) {
    for (let x = 0; x < kw; x++) {
      for (let i = 0; i < cin; i++) {
        for (let o = 0; o < cout; o++) {
          out[((o * cin + i) * kh + y) * kw + x] = w[((y * kw + x) * cin + i) * cout + o] as number;
        }
      }
    }
  }
  return out;
}

/** TF depthwise filter [kh, kw, in, multiplier] -> ONNX grouped conv [in * multiplier, 1, kh, kw]. */
function depthwiseToOnnx(w: Float32Array, kh: number, kw: number, cin: number, mult: number): Float32Array {
  const out = new Float32Array(w.length);
  for (let y = 0; y < kh; y++) {
    for (let x = 0; x < kw; x++) {
      for (let c = 0; c < cin; c++) {
        for (let m = 0; m < mult; m++) {
          out[((c * mult + m) * kh + y) * kw + x] = w[((y * kw + x) * cin + c) * mult + m] as number;
        }
      }
    }
  }
  return out;
}
