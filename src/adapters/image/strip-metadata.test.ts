import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { crc32 } from 'node:zlib';
import { stripJpeg, stripPng, type Stripped } from './strip-metadata.js';
import { jpegWithExif, jpegWithManyScans, jpegWithManySegments, pngWithExif, selfReferencingTiff } from '../../testing/metadata-bombs.js';

const seg = (marker: number, payload: Buffer | string): Buffer => {
  const data = typeof payload === 'string' ? Buffer.from(payload, 'latin1') : payload;
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(data.length + 2, 2);
  return Buffer.concat([head, data]);
};
const SOI = Buffer.from([0xff, 0xd8]);
const EOI = Buffer.from([0xff, 0xd9]);
const SOS = seg(0xda, Buffer.from([1, 1, 0, 0, 0x3f, 0]));
const ENTROPY = Buffer.from([0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56]); // a stuffed byte and a restart marker

/** Markers present in a stripped JPEG, in order. */
function markers(stripped: Stripped): number[] {
  assert.ok(stripped.ok, JSON.stringify(stripped));
  const out: number[] = [];
  const b = stripped.bytes;
  let i = 2;
  while (i < b.length) {
    const m = b[i + 1] as number;
    out.push(m);
    if (m === 0xd9) break;
    i += 2 + b.readUInt16BE(i + 2);
    if (m === 0xda) while (i < b.length && !(b[i] === 0xff && b[i + 1] !== 0 && !((b[i + 1] as number) >= 0xd0 && (b[i + 1] as number) <= 0xd7))) i++;
  }
  return out;
}

const tiffOf = (o: number): Buffer => {
  const b = Buffer.alloc(8 + 2 + 12 + 4);
  b.write('MM', 0, 'latin1');
  b.writeUInt16BE(42, 2);
  b.writeUInt32BE(8, 4);
  b.writeUInt16BE(1, 8);
  b.writeUInt16BE(0x0112, 10);
  b.writeUInt16BE(3, 12);
  b.writeUInt32BE(1, 14);
  b.writeUInt16BE(o, 18);
  return b;
};

const jpegCases: [string, Buffer, number[]][] = [
  ['keeps APP0, APP14, tables and the scan; drops APP1, APP2, APP13, APP15 and COM',
    Buffer.concat([SOI, seg(0xe0, 'JFIF\0'), seg(0xe1, 'http://ns.adobe.com/xap/1.0/\0<x/>'), seg(0xe2, 'ICC_PROFILE\0'), seg(0xed, 'Photoshop'),
      seg(0xee, 'Adobe\0'), seg(0xef, 'x'), seg(0xfe, 'comment'), seg(0xdb, Buffer.alloc(65)), seg(0xc0, Buffer.alloc(9)), SOS, ENTROPY, EOI]),
    [0xe0, 0xee, 0xdb, 0xc0, 0xda, 0xd9]],
  ['fill bytes before a marker', Buffer.concat([SOI, Buffer.from([0xff, 0xff]), seg(0xfe, 'c'), seg(0xdb, Buffer.alloc(3)), EOI]), [0xdb, 0xd9]],
  ['metadata after the scan (trailing COM) is dropped', Buffer.concat([SOI, SOS, ENTROPY, seg(0xfe, 'late'), EOI]), [0xda, 0xd9]],
];
for (const [label, input, expected] of jpegCases) {
  test(`stripJpeg: ${label}`, () => {
    assert.deepEqual(markers(stripJpeg(input)), expected);
  });
}

test('stripJpeg: entropy-coded data (stuffed bytes, restart markers) is copied byte for byte', () => {
  const out = stripJpeg(Buffer.concat([SOI, seg(0xfe, 'c'), SOS, ENTROPY, EOI]));
  assert.ok(out.ok);
  assert.deepEqual(out.bytes, Buffer.concat([SOI, SOS, ENTROPY, EOI]));
});

test('stripJpeg: the first Exif APP1 payload is handed back; XMP in APP1 is not taken for EXIF', () => {
  const out = stripJpeg(Buffer.concat([SOI, seg(0xe1, 'http://ns.adobe.com/xap/1.0/\0'), seg(0xe1, Buffer.concat([Buffer.from('Exif\0\0'), tiffOf(6)])),
    seg(0xe1, Buffer.concat([Buffer.from('Exif\0\0'), tiffOf(3)])), EOI]));
  assert.ok(out.ok);
  assert.deepEqual(Buffer.from(out.exif ?? []), tiffOf(6));
});

const refusals: [string, Buffer, string][] = [
  ['segment length below 2', Buffer.concat([SOI, Buffer.from([0xff, 0xdb, 0, 1]), EOI]), 'ERR_CORRUPT_IMAGE'],
  ['segment running past the end', Buffer.concat([SOI, Buffer.from([0xff, 0xdb, 0x10, 0])]), 'ERR_CORRUPT_IMAGE'],
  ['garbage where a marker belongs', Buffer.concat([SOI, Buffer.from('garbage')]), 'ERR_CORRUPT_IMAGE'],
  ['513 segments', Buffer.concat([SOI, ...Array.from({ length: 513 }, () => seg(0xfe, '')), EOI]), 'ERR_IMAGE_TOO_COMPLEX'],
  ['65 scans', Buffer.concat([SOI, ...Array.from({ length: 65 }, () => Buffer.concat([SOS, ENTROPY])), EOI]), 'ERR_IMAGE_TOO_COMPLEX'],
];
for (const [label, input, code] of refusals) {
  test(`stripJpeg refuses: ${label}`, () => {
    const out = stripJpeg(input);
    assert.equal(out.ok, false);
    assert.equal(!out.ok && out.code, code);
  });
}

test('stripJpeg: a stream cut before EOI is passed on for the decoder to judge', () => {
  const out = stripJpeg(Buffer.concat([SOI, seg(0xfe, 'c'), SOS, ENTROPY]));
  assert.ok(out.ok);
  assert.deepEqual(out.bytes, Buffer.concat([SOI, SOS, ENTROPY]));
});

const photo = await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 200, g: 40, b: 90 } } })
  .jpeg({ quality: 90 }).withMetadata({ orientation: 6 }).toBuffer();

test('stripJpeg: a real photo with an EXIF bomb decodes after stripping to the same pixels, without metadata', async () => {
  const out = stripJpeg(jpegWithExif(photo, selfReferencingTiff(150)));
  assert.ok(out.ok);
  const meta = await sharp(out.bytes).metadata();
  assert.equal(meta.exif, undefined);
  assert.equal(meta.orientation, undefined);
  assert.deepEqual(await sharp(out.bytes).raw().toBuffer(), await sharp(photo).raw().toBuffer());
});

test('stripJpeg: an ICC profile is dropped (the pixels are then read as sRGB)', async () => {
  const withIcc = await sharp(photo).withMetadata({ icc: 'p3' }).jpeg().toBuffer();
  assert.notEqual((await sharp(withIcc).metadata()).icc, undefined);
  const out = stripJpeg(withIcc);
  assert.ok(out.ok);
  assert.equal((await sharp(out.bytes).metadata()).icc, undefined);
});

test('stripJpeg: the bombs of the metadata-bombs module are refused or defused', async () => {
  const segments = stripJpeg(jpegWithManySegments(photo, 100_000));
  assert.equal(!segments.ok && segments.code, 'ERR_IMAGE_TOO_COMPLEX');
  const progressive = await sharp(photo).jpeg({ progressive: true }).toBuffer();
  assert.equal(stripJpeg(progressive).ok, true);
  const scans = stripJpeg(jpegWithManyScans(progressive, 500));
  assert.equal(!scans.ok && scans.code, 'ERR_IMAGE_TOO_COMPLEX');
});

const chunk = (type: string, data: Buffer | string = ''): Buffer => {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), Buffer.from(data)]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(body.length - 4, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
};
const PNG_SIG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

test('stripPng: keeps IHDR, PLTE, tRNS, IDAT, IEND; drops eXIf, iCCP, text, gamma and unknown chunks; hands back eXIf', () => {
  const tiff = tiffOf(8);
  const input = Buffer.concat([PNG_SIG, chunk('IHDR', Buffer.alloc(13)), chunk('eXIf', tiff), chunk('iCCP', 'p\0\0x'), chunk('gAMA', Buffer.alloc(4)),
    chunk('sRGB', Buffer.alloc(1)), chunk('PLTE', Buffer.alloc(3)), chunk('tRNS', Buffer.alloc(1)), chunk('tEXt', 'a\0b'), chunk('zTXt', 'a\0\0x'),
    chunk('iTXt', 'a\0\0\0\0\0b'), chunk('prVt', 'x'), chunk('IDAT', 'xx'), chunk('IDAT', 'yy'), chunk('IEND'), Buffer.from('trailing')]);
  const out = stripPng(input);
  assert.ok(out.ok);
  assert.deepEqual(out.bytes, Buffer.concat([PNG_SIG, chunk('IHDR', Buffer.alloc(13)), chunk('PLTE', Buffer.alloc(3)), chunk('tRNS', Buffer.alloc(1)),
    chunk('IDAT', 'xx'), chunk('IDAT', 'yy'), chunk('IEND')]));
  assert.deepEqual(Buffer.from(out.exif ?? []), tiff);
});

test('stripPng: a chunk running past the end is refused as corrupt', () => {
  const bad = Buffer.concat([PNG_SIG, chunk('IHDR', Buffer.alloc(13)), Buffer.from([0, 0, 0x10, 0]), Buffer.from('IDAT')]);
  const out = stripPng(bad);
  assert.equal(!out.ok && out.code, 'ERR_CORRUPT_IMAGE');
});

test('stripPng: a real PNG with an eXIf bomb decodes after stripping to the same pixels', async () => {
  const png = await sharp(photo).png().toBuffer();
  const out = stripPng(pngWithExif(png, selfReferencingTiff(120)));
  assert.ok(out.ok);
  assert.equal((await sharp(out.bytes).metadata()).exif, undefined);
  assert.deepEqual(await sharp(out.bytes).raw().toBuffer(), await sharp(png).raw().toBuffer());
});
