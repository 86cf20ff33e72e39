/**
 * An ONNX model opened for editing: the graph's nodes and float constants as plain objects, every other field
 * kept as the bytes it came in (protobuf-fields.ts). Field numbers are those of onnx/onnx.proto.
 */
import {
  bytesField,
  decodeFields,
  encodeFields,
  fieldBytes,
  fieldFloat,
  fieldText,
  floatField,
  ProtobufError,
  repeatedVarints,
  textField,
  varintField,
  WireType,
  type ProtoField,
} from './protobuf-fields.js';

const MODEL_GRAPH = 7;
const GRAPH_NODE = 1;
const GRAPH_INITIALIZER = 5;
const GRAPH_INPUT = 11;
const GRAPH_OUTPUT = 12;
const VALUE_INFO_NAME = 1;
const NODE_INPUT = 1;
const NODE_OUTPUT = 2;
const NODE_NAME = 3;
const NODE_OP_TYPE = 4;
const NODE_ATTRIBUTE = 5;
const NODE_DOMAIN = 7;
const ATTR_NAME = 1;
const ATTR_FLOAT = 2;
const ATTR_STRING = 4;
const ATTR_INTS = 8;
const ATTR_TENSOR = 5;
const ATTR_GRAPH = 6;
const ATTR_GRAPHS = 11;
const ATTR_TYPE = 20;
const ATTR_TYPE_FLOAT = 1;
const ATTR_TYPE_TENSOR = 4;
const TENSOR_DIMS = 1;
const TENSOR_DATA_TYPE = 2;
const TENSOR_FLOAT_DATA = 4;
const TENSOR_NAME = 8;
const TENSOR_RAW_DATA = 9;
const TENSOR_FLOAT = 1;

/** A float tensor's shape and values. */
export interface FloatConstant {
  readonly dims: readonly number[];
  readonly values: Float32Array;
}

/** One graph node; its attributes stay encoded in `rest`, read through `floatAttribute` and its kin. */
export interface GraphNode {
  opType: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  /** Every field but inputs, outputs and op type (name, attributes, domain, doc string), as decoded. */
  readonly rest: readonly ProtoField[];
}

/** A decoded model: edit `nodes` and the constants, then `encode()`. */
export class OnnxGraph {
  /** Graph nodes in their (topological) order. */
  nodes: GraphNode[];
  private readonly modelFields: ProtoField[];
  private readonly graphFields: ProtoField[];
  /** Float tensors by name: Constant nodes' values and initializers. */
  private readonly constants = new Map<string, FloatConstant>();
  private readonly changed = new Set<string>();
  private readonly outputNames: Set<string>;
  private readonly inputNames: Set<string>;

  constructor(bytes: Uint8Array) {
    this.modelFields = decodeFields(bytes);
    const graph = this.modelFields.find((f) => f.field === MODEL_GRAPH);
    if (!graph || graph.wire !== WireType.Bytes) throw new ProtobufError('model has no graph');
    this.graphFields = decodeFields(graph.value);
    this.nodes = this.graphFields.filter((f) => f.field === GRAPH_NODE).map((f) => decodeNode(fieldBytes(f)));
    this.outputNames = valueNames(this.graphFields, GRAPH_OUTPUT);
    this.inputNames = valueNames(this.graphFields, GRAPH_INPUT);
    for (const node of this.nodes) {
      if (node.opType !== 'Constant' || node.domain !== '' || node.outputs.length !== 1) continue;
      const tensor = attribute(node, 'value')?.find((f) => f.field === ATTR_TENSOR);
      const value = tensor ? decodeFloatTensor(decodeFields(fieldBytes(tensor))) : null;
      if (value) this.constants.set(node.outputs[0]!, value);
    }
    for (const f of this.graphFields) {
      if (f.field !== GRAPH_INITIALIZER) continue;
      const fields = decodeFields(fieldBytes(f));
      const value = decodeFloatTensor(fields);
      if (value) this.constants.set(tensorName(fields), value);
    }
  }

  /**
   * True when a node carries a subgraph (If, Loop, Scan): its body may read outer tensors by name, which this
   * view does not follow, so an edit could not tell what is still used.
   */
  get hasSubgraphs(): boolean {
    return this.nodes.some((n) => n.rest.some((f) => f.field === NODE_ATTRIBUTE && decodeFields(fieldBytes(f)).some((g) => g.field === ATTR_GRAPH || g.field === ATTR_GRAPHS)));
  }

  /** A float constant (Constant node or initializer) by tensor name, or null. */
  constant(name: string): FloatConstant | null {
    return this.constants.get(name) ?? null;
  }

  /** Replaces a constant's values (same shape). */
  setConstant(name: string, values: Float32Array): void {
    const old = this.constants.get(name);
    if (!old || old.values.length !== values.length) throw new Error(`no float constant ${name} of ${values.length} values`);
    this.constants.set(name, { dims: old.dims, values });
    this.changed.add(name);
  }

  /** Adds a Constant node producing `name` (placed first, so it precedes every use). */
  addConstant(name: string, dims: readonly number[], values: Float32Array): void {
    this.nodes.unshift({ opType: 'Constant', domain: '', inputs: [], outputs: [name], rest: [textField(NODE_NAME, name), valueAttributeField(name, dims, values)] });
    this.constants.set(name, { dims, values });
  }

  /** True when `name` is one of the graph's outputs (a rewrite must keep producing it). */
  isGraphOutput(name: string): boolean {
    return this.outputNames.has(name);
  }

  /**
   * The model with the current nodes and constants. Constants nothing reads any more are dropped (onnxruntime
   * would warn about each); an initializer that is also a graph input stays, as it is an input's default.
   */
  encode(): Uint8Array {
    const used = new Set(this.nodes.flatMap((n) => n.inputs));
    for (const name of [...this.outputNames, ...this.inputNames]) used.add(name);
    const live = this.nodes.filter((n) => n.opType !== 'Constant' || n.outputs.some((o) => used.has(o)));
    const graph: ProtoField[] = [];
    let nodesWritten = false;
    for (const f of this.graphFields) {
      if (f.field === GRAPH_NODE) {
        if (!nodesWritten) graph.push(...live.map((n) => bytesField(GRAPH_NODE, this.encodeNode(n))));
        nodesWritten = true;
      } else if (f.field === GRAPH_INITIALIZER) {
        const name = tensorName(decodeFields(fieldBytes(f)));
        if (used.has(name)) graph.push(this.encodeInitializer(name, f));
      } else graph.push(f);
    }
    if (!nodesWritten) graph.unshift(...live.map((n) => bytesField(GRAPH_NODE, this.encodeNode(n))));
    return encodeFields(this.modelFields.map((f) => (f.field === MODEL_GRAPH ? bytesField(MODEL_GRAPH, encodeFields(graph)) : f)));
  }

  private encodeNode(node: GraphNode): Uint8Array {
    let rest = node.rest;
    const output = node.outputs[0];
    if (node.opType === 'Constant' && output !== undefined && this.changed.has(output)) {
      const { dims, values } = this.constants.get(output)!;
      rest = rest.map((f) => {
        return f.field === NODE_ATTRIBUTE && attributeName(decodeFields(fieldBytes(f))) === 'value' ? valueAttributeField(output, dims, values) : f;
      });
    }
    return encodeFields([
      ...node.inputs.map((name) => textField(NODE_INPUT, name)),
      ...node.outputs.map((name) => textField(NODE_OUTPUT, name)),
      textField(NODE_OP_TYPE, node.opType),
      ...rest,
    ]);
  }

  private encodeInitializer(name: string, field: ProtoField): ProtoField {
    if (!this.changed.has(name)) return field;
    const { dims, values } = this.constants.get(name)!;
    return bytesField(GRAPH_INITIALIZER, encodeFloatTensor(name, dims, values));
  }
}

/** A float attribute of a node (`alpha`, `min`, ...), or null when absent or of another type. */
export function floatAttribute(node: GraphNode, name: string): number | null {
  const attr = attribute(node, name);
  const value = attr?.find((g) => g.field === ATTR_FLOAT);
  const type = attr?.find((g) => g.field === ATTR_TYPE);
  if (value && (!type || (type.wire === WireType.Varint && type.value === BigInt(ATTR_TYPE_FLOAT)))) return fieldFloat(value);
  return null;
}

/** A node's attribute message by name, decoded, or null. */
function attribute(node: GraphNode, name: string): ProtoField[] | null {
  for (const f of node.rest) {
    if (f.field !== NODE_ATTRIBUTE) continue;
    const attr = decodeFields(fieldBytes(f));
    if (attributeName(attr) === name) return attr;
  }
  return null;
}

/** An ints attribute (`pads`, `kernel_shape`, ...), or null when absent. */
export function intsAttribute(node: GraphNode, name: string): number[] | null {
  const attr = attribute(node, name);
  return attr ? repeatedVarints(attr, ATTR_INTS).map((v) => Number(BigInt.asIntN(64, v))) : null;
}

/** A string attribute (`auto_pad`, ...), or null when absent. */
export function stringAttribute(node: GraphNode, name: string): string | null {
  const value = attribute(node, name)?.find((f) => f.field === ATTR_STRING);
  return value ? fieldText(value) : null;
}

/** An encoded float attribute, for a node's `rest`. */
export function floatAttributeField(name: string, value: number): ProtoField {
  return bytesField(NODE_ATTRIBUTE, encodeFields([textField(ATTR_NAME, name), floatField(ATTR_FLOAT, value), varintField(ATTR_TYPE, ATTR_TYPE_FLOAT)]));
}

/** A Constant node's `value` attribute holding a float tensor, encoded for its `rest`. */
function valueAttributeField(name: string, dims: readonly number[], values: Float32Array): ProtoField {
  return bytesField(NODE_ATTRIBUTE, encodeFields([textField(ATTR_NAME, 'value'), bytesField(ATTR_TENSOR, encodeFloatTensor(name, dims, values)), varintField(ATTR_TYPE, ATTR_TYPE_TENSOR)]));
}

/** An encoded node name, for a node's `rest`. */
export function nodeNameField(name: string): ProtoField {
  return textField(NODE_NAME, name);
}

function tensorName(tensor: readonly ProtoField[]): string {
  const name = tensor.find((f) => f.field === TENSOR_NAME);
  return name ? fieldText(name) : '';
}

/** Names of the graph's inputs or outputs (ValueInfoProto messages). */
function valueNames(graph: readonly ProtoField[], field: number): Set<string> {
  const names = new Set<string>();
  for (const f of graph) {
    if (f.field !== field) continue;
    const name = decodeFields(fieldBytes(f)).find((g) => g.field === VALUE_INFO_NAME);
    if (name) names.add(fieldText(name));
  }
  return names;
}

function attributeName(attr: readonly ProtoField[]): string {
  const name = attr.find((f) => f.field === ATTR_NAME);
  return name ? fieldText(name) : '';
}

function decodeNode(bytes: Uint8Array): GraphNode {
  const node: GraphNode = { opType: '', domain: '', inputs: [], outputs: [], rest: [] };
  const rest: ProtoField[] = [];
  for (const f of decodeFields(bytes)) {
    if (f.field === NODE_INPUT) node.inputs.push(fieldText(f));
    else if (f.field === NODE_OUTPUT) node.outputs.push(fieldText(f));
    else if (f.field === NODE_OP_TYPE) node.opType = fieldText(f);
    else {
      if (f.field === NODE_DOMAIN) node.domain = fieldText(f);
      rest.push(f);
    }
  }
  return { ...node, rest };
}

/** A float32 tensor's values (raw_data or float_data), or null for any other element type or external data. */
function decodeFloatTensor(fields: readonly ProtoField[]): FloatConstant | null {
  const type = fields.find((f) => f.field === TENSOR_DATA_TYPE);
  if (!type || type.wire !== WireType.Varint || type.value !== BigInt(TENSOR_FLOAT)) return null;
  const dims = repeatedVarints(fields, TENSOR_DIMS).map(Number);
  const count = dims.reduce((a, b) => a * b, 1);
  const raw = fields.find((f) => f.field === TENSOR_RAW_DATA);
  let values: Float32Array;
  if (raw) {
    const bytes = fieldBytes(raw);
    if (bytes.length !== count * 4) return null;
    values = new Float32Array(count);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    for (let i = 0; i < count; i++) values[i] = view.getFloat32(i * 4, true);
  } else {
    const floats: number[] = [];
    for (const f of fields) {
      if (f.field !== TENSOR_FLOAT_DATA) continue;
      if (f.wire === WireType.Fixed32) floats.push(fieldFloat(f));
      else if (f.wire === WireType.Bytes) {
        const view = new DataView(f.value.buffer, f.value.byteOffset, f.value.length);
        for (let at = 0; at + 4 <= f.value.length; at += 4) floats.push(view.getFloat32(at, true));
      }
    }
    if (floats.length !== count) return null;
    values = Float32Array.from(floats);
  }
  return { dims, values };
}

function encodeFloatTensor(name: string, dims: readonly number[], values: Float32Array): Uint8Array {
  const raw = new Uint8Array(values.length * 4);
  const view = new DataView(raw.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return encodeFields([
    ...dims.map((d) => varintField(TENSOR_DIMS, d)),
    varintField(TENSOR_DATA_TYPE, TENSOR_FLOAT),
    textField(TENSOR_NAME, name),
    bytesField(TENSOR_RAW_DATA, raw),
  ]);
}
