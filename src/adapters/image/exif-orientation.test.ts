import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspectTiff, MAX_ENTRIES, readTiffOrientation } from './exif-orientation.js';
import { deepIfdChainTiff, selfReferencingTiff } from '../../testing/metadata-bombs.js';

/** A TIFF block with IFD0 holding `entries` [tag, type, count, value] in the given byte order. */
function tiff(little: boolean, entries: readonly [number, number, number, number][], declared = entries.length): Buffer {
  const b = Buffer.alloc(8 + 2 + entries.length * 12 + 4);
  const u16 = (v: number, at: number): number => (little ? b.writeUInt16LE(v, at) : b.writeUInt16BE(v, at));
  const u32 = (v: number, at: number): number => (little ? b.writeUInt32LE(v, at) : b.writeUInt32BE(v, at));
  b.write(little ? 'II' : 'MM', 0, 'latin1');
  u16(42, 2);
  u32(8, 4);
  u16(declared, 8);
  entries.forEach(([tag, type, count, value], i) => {
    const at = 10 + i * 12;
    u16(tag, at);
    u16(type, at + 2);
    u32(count, at + 4);
    // A SHORT value sits left-justified in the 4-byte value field, in either byte order.
    if (type === 3) u16(value, at + 8);
    else u32(value, at + 8);
  });
  return b;
}

for (const little of [true, false]) {
  const order = little ? 'little-endian' : 'big-endian';
  for (let o = 1; o <= 8; o++) {
    test(`readTiffOrientation: ${order} orientation ${o}, after other tags`, () => {
      assert.equal(readTiffOrientation(tiff(little, [[0x010f, 2, 4, 0], [0x0112, 3, 1, o], [0x8769, 4, 1, 8]])), o);
    });
  }
}

const cases: [string, Uint8Array, number][] = [
  ['empty', new Uint8Array(0), 1],
  ['no orientation tag', tiff(true, [[0x010f, 2, 4, 0]]), 1],
  ['orientation 0 (out of range)', tiff(true, [[0x0112, 3, 1, 0]]), 1],
  ['orientation 9 (out of range)', tiff(false, [[0x0112, 3, 1, 9]]), 1],
  ['orientation stored as LONG', tiff(true, [[0x0112, 4, 1, 6]]), 1],
  ['orientation with count 2', tiff(true, [[0x0112, 3, 2, 6]]), 1],
  ['bad byte-order mark', Buffer.concat([Buffer.from('XX'), tiff(true, [[0x0112, 3, 1, 6]]).subarray(2)]), 1],
  ['bad magic number', (() => { const b = tiff(true, [[0x0112, 3, 1, 6]]); b.writeUInt16LE(43, 2); return b; })(), 1],
  ['IFD0 offset past the end', (() => { const b = tiff(true, [[0x0112, 3, 1, 6]]); b.writeUInt32LE(10_000, 4); return b; })(), 1],
  ['IFD0 offset inside the header', (() => { const b = tiff(true, [[0x0112, 3, 1, 6]]); b.writeUInt32LE(2, 4); return b; })(), 1],
  ['truncated inside the orientation entry', tiff(true, [[0x0112, 3, 1, 6]]).subarray(0, 16), 1],
  ['absurd entry count (65535) with the tag first', tiff(true, [[0x0112, 3, 1, 3]], 0xffff), 3],
  ['self-referencing IFD0 of 3,000 pointer entries', selfReferencingTiff(3000), 1],
  ['deep IFD chain', deepIfdChainTiff(1000), 1],
];
for (const [label, input, expected] of cases) {
  test(`readTiffOrientation: ${label}`, () => {
    assert.equal(readTiffOrientation(input), expected);
  });
}

test('readTiffOrientation: an orientation beyond MAX_ENTRIES entries is not looked for', () => {
  const filler: [number, number, number, number][] = Array.from({ length: MAX_ENTRIES }, () => [0x010f, 2, 4, 0]);
  assert.equal(readTiffOrientation(tiff(true, [...filler, [0x0112, 3, 1, 6]])), 1);
  assert.equal(readTiffOrientation(tiff(true, [...filler.slice(1), [0x0112, 3, 1, 6]])), 6);
});

/** IFD0 (orientation 6, one Exif pointer) followed at offset 38 by a sub-IFD holding `sub` entries, little-endian. */
function withSubIfd(sub: readonly [number, number, number, number][]): Buffer {
  return Buffer.concat([tiff(true, [[0x0112, 3, 1, 6], [0x8769, 4, 1, 38]]), tiff(true, sub).subarray(8)]);
}

const hostility: [string, Uint8Array, RegExp | null][] = [
  ['a camera-like block (orientation, Exif IFD with ordinary tags and an Interop pointer)', withSubIfd([[0x829a, 5, 1, 0], [0xa005, 4, 1, 200]]), null],
  ['a block whose pointers run past its end (broken, not hostile)', tiff(true, [[0x8769, 4, 1, 99_999]]), null],
  ['the 150-entry self-referencing bomb', selfReferencingTiff(150), /back into IFD0/],
  ['the 3,000-entry self-referencing bomb', selfReferencingTiff(3000), /3000 entries/],
  ['a single pointer back at IFD0', tiff(true, [[0x8769, 4, 1, 8]]), /points back into IFD0/],
  ['a pointer tag repeated (to distinct places)', tiff(true, [[0x8825, 4, 1, 500], [0x8825, 4, 1, 600]]), /repeated in IFD0/],
  ['a pointer into the header', tiff(true, [[0x8825, 4, 1, 2]]), /points back/],
  ['a deep IFD chain', deepIfdChainTiff(1000), /chain/],
  ['an Exif sub-IFD with a GPS pointer', withSubIfd([[0x8825, 4, 1, 300]]), /chain/],
  ['an Interop pointer back at its own sub-IFD', withSubIfd([[0xa005, 4, 1, 38]]), /points back into a sub-IFD/],
  ['a sub-IFD declaring 65535 entries', (() => { const b = withSubIfd([[0x829a, 5, 1, 0]]); b.writeUInt16LE(0xffff, 38); return b; })(), /65535 entries/],
];
for (const [label, input, expected] of hostility) {
  test(`inspectTiff: ${label}`, () => {
    const { hostile } = inspectTiff(input);
    if (expected === null) assert.equal(hostile, null);
    else assert.match(hostile ?? '', expected);
  });
}

test('inspectTiff: the orientation of a camera-like block is read beside its sub-IFD', () => {
  assert.deepEqual(inspectTiff(withSubIfd([[0x829a, 5, 1, 0]])), { orientation: 6, hostile: null });
});
