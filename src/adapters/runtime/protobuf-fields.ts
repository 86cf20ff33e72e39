/**
 * Protobuf wire format at the level of fields: a message is decoded into its fields in order, each kept as its
 * raw value, and encoded back unchanged unless a caller replaced one. This is all an ONNX graph rewrite needs
 * (onnx-graph-fusion.ts): the few messages it edits are decoded further, everything else passes through as
 * the bytes it came in, so fields this module knows nothing about survive the round trip.
 */

/** Wire types of the protobuf encoding (groups, 3 and 4, are not used by onnx.proto and are refused). */
export const enum WireType { Varint = 0, Fixed64 = 1, Bytes = 2, Fixed32 = 5 }

/** One field: its number, wire type and value (a varint as bigint, every other wire type as its bytes). */
export type ProtoField =
  | { readonly field: number; readonly wire: WireType.Varint; readonly value: bigint }
  | { readonly field: number; readonly wire: WireType.Fixed64 | WireType.Bytes | WireType.Fixed32; readonly value: Uint8Array };

/** Thrown for bytes that are not a well-formed protobuf message. */
export class ProtobufError extends Error {}

/** Splits a message into its fields; length-delimited and fixed values are views into `bytes`, not copies. */
export function decodeFields(bytes: Uint8Array): ProtoField[] {
  const fields: ProtoField[] = [];
  let at = 0;
  const varint = (): bigint => {
    const [value, next] = readVarint(bytes, at);
    at = next;
    return value;
  };
  const take = (length: number): Uint8Array => {
    if (length < 0 || at + length > bytes.length) throw new ProtobufError('field runs past the end of the message');
    const value = bytes.subarray(at, at + length);
    at += length;
    return value;
  };
  while (at < bytes.length) {
    const key = varint();
    const field = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (field === 0) throw new ProtobufError('field number 0');
    switch (wire) {
      case 0: fields.push({ field, wire: WireType.Varint, value: varint() }); break;
      case 1: fields.push({ field, wire: WireType.Fixed64, value: take(8) }); break;
      case 2: fields.push({ field, wire: WireType.Bytes, value: take(Number(varint())) }); break;
      case 5: fields.push({ field, wire: WireType.Fixed32, value: take(4) }); break;
      default: throw new ProtobufError(`unsupported wire type ${wire}`);
    }
  }
  return fields;
}

/** The varint at `at` and the offset after it. */
function readVarint(bytes: Uint8Array, at: number): [bigint, number] {
  let result = 0n;
  for (let shift = 0n; shift < 70n; shift += 7n) {
    if (at >= bytes.length) throw new ProtobufError('truncated varint');
    const byte = bytes[at++]!;
    result |= BigInt(byte & 0x7f) << shift;
    if (byte < 0x80) return [BigInt.asUintN(64, result), at];
  }
  throw new ProtobufError('varint longer than 10 bytes');
}

function encodeVarint(value: bigint, out: number[]): void {
  let v = BigInt.asUintN(64, value);
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
}

/** Joins fields back into a message, in the order given. */
export function encodeFields(fields: readonly ProtoField[]): Uint8Array {
  const parts: Uint8Array[] = [];
  let size = 0;
  for (const f of fields) {
    const head: number[] = [];
    encodeVarint(BigInt(f.field) * 8n + BigInt(f.wire), head);
    if (f.wire === WireType.Varint) encodeVarint(f.value, head);
    else if (f.wire === WireType.Bytes) encodeVarint(BigInt(f.value.length), head);
    parts.push(Uint8Array.from(head));
    size += head.length;
    if (f.wire !== WireType.Varint) {
      parts.push(f.value);
      size += f.value.length;
    }
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

/** A length-delimited field's bytes (an encoded message, text or raw data). */
export function fieldBytes(field: ProtoField): Uint8Array {
  if (field.wire !== WireType.Bytes) throw new ProtobufError(`field ${field.field} is not length-delimited`);
  return field.value;
}

/** A length-delimited field as text. */
export function fieldText(field: ProtoField): string {
  return utf8.decode(fieldBytes(field));
}

/** A length-delimited field holding `text`. */
export function textField(field: number, text: string): ProtoField {
  return { field, wire: WireType.Bytes, value: utf8Encoder.encode(text) };
}

/** A length-delimited field holding an encoded message or raw bytes. */
export function bytesField(field: number, value: Uint8Array): ProtoField {
  return { field, wire: WireType.Bytes, value };
}

/** A varint field. */
export function varintField(field: number, value: number | bigint): ProtoField {
  return { field, wire: WireType.Varint, value: BigInt.asUintN(64, BigInt(value)) };
}

/** A fixed32 field holding a float. */
export function floatField(field: number, value: number): ProtoField {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setFloat32(0, value, true);
  return { field, wire: WireType.Fixed32, value: bytes };
}

/** The float in a fixed32 field. */
export function fieldFloat(field: ProtoField): number {
  if (field.wire !== WireType.Fixed32) throw new ProtobufError(`field ${field.field} is not fixed32`);
  return new DataView(field.value.buffer, field.value.byteOffset, 4).getFloat32(0, true);
}

/** The values of a repeated varint field, packed (one length-delimited field) or not (one field per value). */
export function repeatedVarints(fields: readonly ProtoField[], number: number): bigint[] {
  const out: bigint[] = [];
  for (const f of fields) {
    if (f.field !== number) continue;
    if (f.wire === WireType.Varint) out.push(f.value);
    else if (f.wire === WireType.Bytes) {
      for (let at = 0; at < f.value.length; ) {
        const [value, next] = readVarint(f.value, at);
        out.push(value);
        at = next;
      }
    }
  }
  return out;
}
