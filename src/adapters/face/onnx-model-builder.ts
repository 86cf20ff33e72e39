/**
 * Builds an ONNX ModelProto in memory, so the face networks can be handed to onnxruntime straight from the
 * npm-shipped (checksummed) tfjs weights: no converted model file is generated, stored or downloaded.
 *
 * Only the subset of onnx.proto the face graphs need is encoded (graph, nodes, attributes, float/int64
 * initializers, typed inputs/outputs, one opset import). Field numbers are those of onnx/onnx.proto; the wire
 * format is ../runtime/protobuf-fields.ts.
 */

import { bytesField, encodeFields, floatField, textField, varintField, type ProtoField } from '../runtime/protobuf-fields.js';

/** ONNX opset the builders target; every op used exists unchanged from opset 13 on. */
export const ONNX_OPSET = 13;
const IR_VERSION = 8;

const enum ElemType { Float = 1, Int64 = 7 }
const enum AttrType { Float = 1, Int = 2, String = 3, Floats = 6, Ints = 7 }

/** A node attribute, tagged with its ONNX type because JS numbers cannot tell int from float. */
export type OnnxAttribute =
  | { readonly i: number }
  | { readonly f: number }
  | { readonly s: string }
  | { readonly ints: readonly number[] }
  | { readonly floats: readonly number[] };

/** A tensor dimension: a fixed size or a symbolic name (e.g. 'N' for a free batch size). */
export type OnnxDim = number | string;

/**
 * Append-only protobuf message on protobuf-fields.ts (the wire format the model rewrite uses too); nested
 * messages are encoded first and added as length-delimited bytes.
 */
class ProtoWriter {
  private readonly fields: ProtoField[] = [];

  /** A varint field; negative int64 values take their 64-bit two's complement (10 bytes), as protobuf requires. */
  int(field: number, value: number | bigint): this {
    this.fields.push(varintField(field, value));
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.fields.push(bytesField(field, value));
    return this;
  }

  string(field: number, value: string): this {
    this.fields.push(textField(field, value));
    return this;
  }

  message(field: number, value: ProtoWriter): this {
    return this.bytes(field, value.finish());
  }

  float(field: number, value: number): this {
    this.fields.push(floatField(field, value));
    return this;
  }

  finish(): Uint8Array {
    return encodeFields(this.fields);
  }
}

interface NodeSpec {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: Readonly<Record<string, OnnxAttribute>>;
}

interface TensorSpec {
  readonly name: string;
  readonly dims: readonly number[];
  readonly type: ElemType;
  readonly raw: Uint8Array;
}

interface ValueSpec { readonly name: string; readonly dims: readonly OnnxDim[] | undefined }

/**
 * Collects nodes, initializers, inputs and outputs of one float32 graph and encodes them as an ONNX
 * ModelProto. Node names are generated; tensor names are the caller's.
 */
export class OnnxGraphBuilder {
  private readonly nodes: NodeSpec[] = [];
  private readonly initializers: TensorSpec[] = [];
  private readonly inputs: ValueSpec[] = [];
  private readonly outputs: ValueSpec[] = [];
  private readonly names = new Set<string>();
  private counter = 0;

  constructor(private readonly graphName: string) {}

  /** A fresh tensor name with the given stem. */
  fresh(stem: string): string {
    let name: string;
    do name = `${stem}_${this.counter++}`; while (this.names.has(name));
    this.names.add(name);
    return name;
  }

  input(name: string, dims: readonly OnnxDim[]): string {
    this.names.add(name);
    this.inputs.push({ name, dims });
    return name;
  }

  /** Declares a graph output; without `dims` its shape is left to onnxruntime's inference. */
  output(name: string, dims?: readonly OnnxDim[]): void {
    this.outputs.push({ name, dims });
  }

  /** Adds a float32 constant; returns its name. */
  floats(stem: string, dims: readonly number[], values: Float32Array): string {
    const count = dims.reduce((a, b) => a * b, 1);
    if (values.length !== count) throw new RangeError(`initializer ${stem}: ${values.length} values for dims ${dims.join('x')}`);
    const name = this.fresh(stem);
    const raw = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    this.initializers.push({ name, dims, type: ElemType.Float, raw: littleEndianCopy(raw, 4) });
    return name;
  }

  /** Adds an int64 constant (shapes, pads); returns its name. */
  int64s(stem: string, values: readonly number[]): string {
    const name = this.fresh(stem);
    const data = BigInt64Array.from(values.map((v) => BigInt(v)));
    this.initializers.push({ name, dims: [values.length], type: ElemType.Int64, raw: littleEndianCopy(new Uint8Array(data.buffer), 8) });
    return name;
  }

  /** Adds a node producing one fresh output (or the given name); returns the output name. */
  node(op: string, inputs: readonly string[], attributes: Readonly<Record<string, OnnxAttribute>> = {}, output?: string): string {
    const out = output ?? this.fresh(op.toLowerCase());
    this.names.add(out);
    this.nodes.push({ op, inputs, outputs: [out], attributes });
    return out;
  }

  /** Serialises the graph as an ONNX ModelProto. */
  encode(): Uint8Array {
    const graph = new ProtoWriter();
    this.nodes.forEach((n, i) => graph.message(1, encodeNode(n, `${n.op}_${i}`)));
    graph.string(2, this.graphName);
    for (const t of this.initializers) graph.message(5, encodeTensor(t));
    for (const v of this.inputs) graph.message(11, encodeValueInfo(v));
    for (const v of this.outputs) graph.message(12, encodeValueInfo(v));
    const opset = new ProtoWriter().string(1, '').int(2, ONNX_OPSET);
    return new ProtoWriter()
      .int(1, IR_VERSION)
      .string(2, 'identity-check')
      .message(7, graph)
      .message(8, opset)
      .finish();
  }
}

/** ONNX raw_data is little-endian; copy (and byte-swap on a big-endian host) so callers may reuse buffers. */
function littleEndianCopy(bytes: Uint8Array, width: number): Uint8Array {
  const copy = bytes.slice();
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] === 1) return copy;
  for (let i = 0; i < copy.length; i += width) copy.subarray(i, i + width).reverse();
  return copy;
}

function encodeNode(n: NodeSpec, name: string): ProtoWriter {
  const w = new ProtoWriter();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(3, name).string(4, n.op);
  for (const [key, value] of Object.entries(n.attributes)) w.message(5, encodeAttribute(key, value));
  return w;
}

function encodeAttribute(name: string, a: OnnxAttribute): ProtoWriter {
  const w = new ProtoWriter().string(1, name);
  if ('i' in a) return w.int(3, a.i).int(20, AttrType.Int);
  if ('f' in a) return w.float(2, a.f).int(20, AttrType.Float);
  if ('s' in a) return w.string(4, a.s).int(20, AttrType.String);
  if ('ints' in a) {
    for (const v of a.ints) w.int(8, v);
    return w.int(20, AttrType.Ints);
  }
  for (const v of a.floats) w.float(7, v);
  return w.int(20, AttrType.Floats);
}

function encodeTensor(t: TensorSpec): ProtoWriter {
  const w = new ProtoWriter();
  for (const d of t.dims) w.int(1, d);
  return w.int(2, t.type).string(8, t.name).bytes(9, t.raw);
}

function encodeValueInfo(v: ValueSpec): ProtoWriter {
  const tensorType = new ProtoWriter().int(1, ElemType.Float);
  if (v.dims) tensorType.message(2, encodeShape(v.dims));
  return new ProtoWriter().string(1, v.name).message(2, new ProtoWriter().message(1, tensorType));
}

function encodeShape(dims: readonly OnnxDim[]): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of dims) {
    const dim = new ProtoWriter();
    if (typeof d === 'number') dim.int(1, d);
    else dim.string(2, d);
    shape.message(1, dim);
  }
  return shape;
}
