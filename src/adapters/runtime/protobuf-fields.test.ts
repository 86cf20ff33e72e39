import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decodeFields,
  encodeFields,
  fieldFloat,
  fieldText,
  floatField,
  ProtobufError,
  repeatedVarints,
  textField,
  varintField,
  WireType,
} from './protobuf-fields.js';

describe('protobuf fields', () => {
  const varints: ReadonlyArray<[bigint, number[]]> = [
    [0n, [0x08, 0x00]],
    [1n, [0x08, 0x01]],
    [127n, [0x08, 0x7f]],
    [128n, [0x08, 0x80, 0x01]],
    [300n, [0x08, 0xac, 0x02]],
    [2n ** 64n - 1n, [0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]],
  ];
  for (const [value, bytes] of varints) {
    it(`encodes field 1 = ${value} as ${bytes.length} bytes and reads it back`, () => {
      const encoded = encodeFields([varintField(1, value)]);
      assert.deepEqual([...encoded], bytes);
      assert.deepEqual(decodeFields(encoded), [{ field: 1, wire: WireType.Varint, value }]);
    });
  }

  it('round-trips text, floats and nested messages in order, keeping unknown fields', () => {
    const inner = encodeFields([textField(1, 'Conv'), floatField(2, 0.5)]);
    const message = encodeFields([varintField(7, 3), { field: 9, wire: WireType.Bytes, value: inner }, { field: 4, wire: WireType.Fixed64, value: new Uint8Array(8).fill(1) }]);
    const fields = decodeFields(message);
    assert.deepEqual(fields.map((f) => [f.field, f.wire]), [[7, 0], [9, 2], [4, 1]]);
    const nested = decodeFields(fields[1]!.value as Uint8Array);
    assert.equal(fieldText(nested[0]!), 'Conv');
    assert.equal(fieldFloat(nested[1]!), 0.5);
    assert.deepEqual(encodeFields(fields), message);
  });

  it('reads repeated varints packed and unpacked', () => {
    const packed = encodeFields([{ field: 1, wire: WireType.Bytes, value: Uint8Array.of(3, 0xac, 0x02, 5) }]);
    const unpacked = encodeFields([varintField(1, 3), varintField(2, 9), varintField(1, 300)]);
    assert.deepEqual(repeatedVarints(decodeFields(packed), 1), [3n, 300n, 5n]);
    assert.deepEqual(repeatedVarints(decodeFields(unpacked), 1), [3n, 300n]);
  });

  const broken: ReadonlyArray<[string, number[]]> = [
    ['a truncated varint', [0x08, 0x80]],
    ['a length past the end', [0x0a, 0x05, 0x01]],
    ['field number 0', [0x00, 0x01]],
    ['a group (wire type 3)', [0x0b]],
    ['a varint of 11 bytes', [0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]],
    ['a truncated fixed32', [0x0d, 0x00, 0x00]],
  ];
  for (const [name, bytes] of broken) {
    it(`refuses ${name}`, () => {
      assert.throws(() => decodeFields(Uint8Array.from(bytes)), ProtobufError);
    });
  }

  it('refuses to read a varint field as text or float', () => {
    const [field] = decodeFields(encodeFields([varintField(1, 2)]));
    assert.throws(() => fieldText(field!), ProtobufError);
    assert.throws(() => fieldFloat(field!), ProtobufError);
  });
});
