/**
 * Folds the element-wise tails of PP-LCNetV3 convolutions into fewer kernels. paddle2onnx exports every
 * convolution of the PaddleOCR PP-OCRv4 detector and recogniser as eight passes over the activation:
 *
 *   Conv -> Mul(a) -> Add(b) -> hard-swish as Add(3), Clip(0, 6), Mul, Div(6) -> Mul(c) -> Add(d) -> next Conv
 *
 * (a batch-norm scale and shift, then PP-LCNetV3's learnable affine block). onnxruntime fuses none of them, and
 * the profile of the recogniser spent about half its time in those Mul/Add/Clip/Div kernels. This rewrite
 * computes the same function with three:
 *
 *   Conv' -> HardSigmoid(1/6, 1/2) and Mul (hard-swish) -> Add(d / c) -> next Conv''
 *
 * where Conv' carries a*W and a*bias + b, and Conv'' carries c*W. Each step is an identity of real arithmetic,
 * including at the borders of a padded convolution: zero padding of (z + d/c) scaled by c*W is zero padding of
 * c*z + d scaled by W. When every next convolution is unpadded (PP-LCNetV3's pointwise ones), the shift goes
 * into their biases as well (d times the sum of each output channel's weights) and the Add disappears.
 * Float rounding moves outputs by about 1e-6 (the test bounds it on the real models).
 * Anything that does not match the pattern exactly (another consumer, a non-constant weight, a graph output in
 * the middle, a Clip to other bounds) is left as it was, and so is a model with subgraphs (If, Loop), whose
 * bodies may read tensors this rewrite cannot see being read.
 */
import { floatAttribute, floatAttributeField, intsAttribute, nodeNameField, OnnxGraph, stringAttribute, type FloatConstant, type GraphNode } from './onnx-graph.js';

/** How many of each rewrite a model took. */
export interface FusionCounts {
  /** Mul(a) -> Add(b) folded into the convolution before it. */
  readonly affine: number;
  /** Add(3), Clip(0, 6), Mul, Div(6) replaced by HardSigmoid and Mul. */
  readonly hardSwish: number;
  /** Mul(c) after a hard-swish folded into the convolutions after it. */
  readonly scale: number;
  /** Of those, Add(d) folded too, into the biases of unpadded convolutions. */
  readonly shift: number;
}

/** The rewritten model bytes and what was rewritten (all zero: the input bytes, unchanged). */
export function fuseConvolutionTails(bytes: Uint8Array): { bytes: Uint8Array; counts: FusionCounts } {
  const graph = new OnnxGraph(bytes);
  if (graph.hasSubgraphs) return { bytes, counts: { affine: 0, hardSwish: 0, scale: 0, shift: 0 } };
  const rewrite = new TailRewrite(graph);
  const counts = rewrite.run();
  if (counts.affine + counts.hardSwish + counts.scale === 0) return { bytes, counts };
  return { bytes: graph.encode(), counts };
}

class TailRewrite {
  private readonly consumers = new Map<string, GraphNode[]>();
  private readonly removed = new Set<GraphNode>();
  /** New nodes to put in place of a removed one (keeps the node list in topological order). */
  private readonly replacements = new Map<GraphNode, GraphNode[]>();
  private affine = 0;
  private hardSwish = 0;
  private scale = 0;
  private shift = 0;

  constructor(private readonly graph: OnnxGraph) {
    for (const node of graph.nodes) {
      for (const input of node.inputs) {
        const list = this.consumers.get(input) ?? [];
        list.push(node);
        this.consumers.set(input, list);
      }
    }
  }

  run(): FusionCounts {
    for (const conv of this.graph.nodes.filter((n) => isOp(n, 'Conv'))) {
      const y = this.foldAffine(conv);
      if (!y) continue;
      const z = this.replaceHardSwish(y);
      if (z) this.foldScale(z);
    }
    this.graph.nodes = this.graph.nodes.flatMap((n) => this.replacements.get(n) ?? (this.removed.has(n) ? [] : [n]));
    return { affine: this.affine, hardSwish: this.hardSwish, scale: this.scale, shift: this.shift };
  }

  /** Conv -> Mul(a) -> Add(b) becomes one Conv; returns the tensor it now produces. */
  private foldAffine(conv: GraphNode): string | null {
    const out = conv.outputs[0];
    if (!out || conv.outputs.length !== 1 || this.graph.isGraphOutput(out)) return null;
    const mul = this.sole(out, 'Mul');
    const a = mul && this.scalarOperand(mul, out);
    if (!mul || a === null || this.graph.isGraphOutput(mul.outputs[0]!)) return null;
    const add = this.sole(mul.outputs[0]!, 'Add');
    const b = add && this.scalarOperand(add, mul.outputs[0]!);
    if (!add || b === null) return null;
    const weight = this.ownConstant(conv, 1);
    if (!weight) return null;
    const bias = conv.inputs[2] ? this.ownConstant(conv, 2) : null;
    if (conv.inputs[2] && !bias) return null;
    const outChannels = weight.dims[0] ?? 0;
    if (bias && bias.values.length !== outChannels) return null;

    this.graph.setConstant(conv.inputs[1]!, weight.values.map((w) => w * a));
    const shifted = new Float32Array(outChannels).map((_, i) => (bias ? bias.values[i]! * a : 0) + b);
    if (bias) this.graph.setConstant(conv.inputs[2]!, shifted);
    else this.attachBias(conv, `${add.outputs[0]}/folded_bias`, shifted);
    conv.outputs[0] = add.outputs[0]!;
    this.remove(mul, add);
    this.affine++;
    return conv.outputs[0];
  }

  /** y -> Add(3) -> Clip(0, 6) -> Mul(y, .) -> Div(6) becomes HardSigmoid and Mul; returns the Div's output. */
  private replaceHardSwish(y: string): string | null {
    const users = this.consumers.get(y) ?? [];
    if (users.length !== 2 || this.graph.isGraphOutput(y)) return null;
    const add = users.find((n) => isOp(n, 'Add'));
    const mul = users.find((n) => isOp(n, 'Mul'));
    if (!add || !mul || this.scalarOperand(add, y) !== 3) return null;
    const clip = this.sole(add.outputs[0]!, 'Clip');
    if (!clip || !this.clipsTo(clip, 0, 6) || this.sole(clip.outputs[0]!, 'Mul') !== mul) return null;
    if (!sameSet(mul.inputs, [y, clip.outputs[0]!])) return null;
    const div = this.sole(mul.outputs[0]!, 'Div');
    if (!div || div.inputs[0] !== mul.outputs[0] || this.scalar(div.inputs[1]) !== 6) return null;
    if ([add, clip, mul].some((n) => this.graph.isGraphOutput(n.outputs[0]!))) return null;

    const gate = `${div.outputs[0]}/hard_sigmoid`;
    const hardSigmoid: GraphNode = {
      opType: 'HardSigmoid', domain: '', inputs: [y], outputs: [gate],
      rest: [nodeNameField(gate), floatAttributeField('alpha', 1 / 6), floatAttributeField('beta', 0.5)],
    };
    const product: GraphNode = { opType: 'Mul', domain: '', inputs: [y, gate], outputs: [div.outputs[0]!], rest: [nodeNameField(`${div.outputs[0]}/mul`)] };
    this.remove(add, clip, mul);
    this.replacements.set(div, [hardSigmoid, product]);
    this.consumers.set(gate, [product]);
    this.consumers.set(y, [hardSigmoid, product]);
    this.hardSwish++;
    return div.outputs[0]!;
  }

  /** z -> Mul(c) -> Add(d) -> Convs becomes z -> Add(d / c) -> Convs scaled by c. */
  private foldScale(z: string): void {
    const mul = this.sole(z, 'Mul');
    const c = mul && this.scalarOperand(mul, z);
    if (!mul || c === null || c === 0 || this.graph.isGraphOutput(mul.outputs[0]!)) return;
    const add = this.sole(mul.outputs[0]!, 'Add');
    const d = add && this.scalarOperand(add, mul.outputs[0]!);
    if (!add || d === null) return;
    const convs = this.consumers.get(add.outputs[0]!) ?? [];
    if (convs.length === 0 || this.graph.isGraphOutput(add.outputs[0]!)) return;
    if (!convs.every((n) => isOp(n, 'Conv') && n.inputs[0] === add.outputs[0] && n.inputs.slice(1).every((i) => i !== add.outputs[0]) && this.ownConstant(n, 1))) return;

    const unpadded = convs.every((n) => isUnpadded(n) && (n.inputs[2] === undefined || this.ownConstant(n, 2)));
    for (const conv of convs) {
      const weight = this.graph.constant(conv.inputs[1]!)!;
      if (unpadded) this.shiftBias(conv, weight, d);
      this.graph.setConstant(conv.inputs[1]!, weight.values.map((w) => w * c));
    }
    this.remove(mul);
    this.scale++;
    if (unpadded) {
      for (const conv of convs) conv.inputs[0] = z;
      this.consumers.set(z, convs);
      this.remove(add);
      this.shift++;
      return;
    }
    const shift = `${add.outputs[0]}/shift`;
    this.graph.addConstant(shift, [1], Float32Array.of(d / c));
    add.inputs = [z, shift];
    this.consumers.set(z, [add]);
  }

  /** An unpadded convolution of (x + d) is the convolution of x plus d times each output channel's weight sum. */
  private shiftBias(conv: GraphNode, weight: FloatConstant, d: number): void {
    const outChannels = weight.dims[0] ?? 0;
    const perChannel = weight.values.length / outChannels;
    const bias = conv.inputs[2] ? this.graph.constant(conv.inputs[2])!.values : new Float32Array(outChannels);
    const shifted = bias.map((b, o) => {
      let sum = 0;
      for (let k = 0; k < perChannel; k++) sum += weight.values[o * perChannel + k]!;
      return b + d * sum;
    });
    if (conv.inputs[2]) this.graph.setConstant(conv.inputs[2], shifted);
    else this.attachBias(conv, `${conv.outputs[0]}/shifted_bias`, shifted);
  }

  /** Gives a bias-less convolution a new bias constant (which later folds may change in place). */
  private attachBias(conv: GraphNode, name: string, values: Float32Array): void {
    this.graph.addConstant(name, [values.length], values);
    conv.inputs[2] = name;
    this.consumers.set(name, [conv]);
  }

  /** The only node reading `tensor`, when it is an `op` node. */
  private sole(tensor: string, op: string): GraphNode | null {
    const users = this.consumers.get(tensor) ?? [];
    return users.length === 1 && isOp(users[0]!, op) && !this.removed.has(users[0]!) ? users[0]! : null;
  }

  /** For a binary node over `tensor` and a one-element constant: the constant. */
  private scalarOperand(node: GraphNode, tensor: string): number | null {
    if (node.inputs.length !== 2) return null;
    const [x, y] = node.inputs as [string, string];
    if (x === tensor) return this.scalar(y);
    if (y === tensor) return this.scalar(x);
    return null;
  }

  private scalar(name: string | undefined): number | null {
    const value = name === undefined ? null : this.graph.constant(name);
    return value && value.values.length === 1 ? value.values[0]! : null;
  }

  /** The constant at `node.inputs[index]` when that node is its only reader (so it can be changed in place). */
  private ownConstant(node: GraphNode, index: number): FloatConstant | null {
    const name = node.inputs[index];
    if (!name || (this.consumers.get(name) ?? []).length !== 1) return null;
    return this.graph.constant(name);
  }

  /** Clip's bounds: attributes before opset 11, constant inputs from 11 on. */
  private clipsTo(clip: GraphNode, min: number, max: number): boolean {
    if (clip.inputs.length === 1) return floatAttribute(clip, 'min') === min && floatAttribute(clip, 'max') === max;
    return clip.inputs.length === 3 && this.scalar(clip.inputs[1]) === min && this.scalar(clip.inputs[2]) === max;
  }

  private remove(...nodes: GraphNode[]): void {
    for (const node of nodes) this.removed.add(node);
  }
}

/** No padding, explicit or automatic, so every output sums the same input positions. */
function isUnpadded(conv: GraphNode): boolean {
  const autoPad = stringAttribute(conv, 'auto_pad');
  if (autoPad !== null && autoPad !== 'NOTSET' && autoPad !== 'VALID') return false;
  return (intsAttribute(conv, 'pads') ?? []).every((p) => p === 0);
}

function isOp(node: GraphNode, op: string): boolean {
  return node.opType === op && node.domain === '';
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x)) && b.every((x) => a.includes(x));
}
