/**
 * The hostile-upload corpus, generated in code at run time (nothing is read from disk): broken and
 * foreign files, decompression bombs, malformed forms and names. Each case names the answer the README's
 * API table documents for it.
 */
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { multipart, type MultipartPayload, type Part } from '../support/multipart.js';
import { stubIdPhoto, stubPhoto } from './stub-engines.js';

export interface HostileCase {
  readonly label: string;
  /** Raw request: a multipart payload or any body with its headers. */
  readonly request: MultipartPayload;
  readonly status: number;
  /** details.code expected; undefined for cases the service answers with a decision. */
  readonly code: string | undefined;
}

export interface CorpusLimits {
  readonly maxFileBytes: number;
  readonly maxRequestBytes: number;
  readonly maxNameLength: number;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
  return Buffer.concat([head, data, crc]);
}

/** A PNG whose header declares width x height, with one tiny IDAT: a decompression-bomb header. */
function pngHeaderBomb(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.alloc(1024))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Rewrites the frame size in a JPEG's SOF0/SOF2 marker. */
function jpegWithSize(jpeg: Buffer, width: number, height: number): Buffer {
  const out = Buffer.from(jpeg);
  for (let i = 2; i < out.length - 9; i++) {
    if (out[i] === 0xff && (out[i + 1] === 0xc0 || out[i + 1] === 0xc2)) {
      out.writeUInt16BE(height, i + 5);
      out.writeUInt16BE(width, i + 7);
      return out;
    }
  }
  throw new Error('no SOF marker');
}

/** A minimal stored (uncompressed) ZIP archive holding one file. */
function zipOf(name: string, content: string): Buffer {
  const data = Buffer.from(content);
  const file = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc32(data), 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(file.length, 26);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  return Buffer.concat([local, file, data, end]);
}

/**
 * Builds every case. `png` and `jpeg` are small valid images (the stand-in engines find a face in any; they
 * are textured so the face quality gates pass).
 */
export async function hostileCorpus(limits: CorpusLimits): Promise<HostileCase[]> {
  const jpeg = await stubPhoto();
  // image2 is another picture: the same one twice is refused as a presentation attack.
  const idJpeg = await stubIdPhoto();
  const png = await sharp(jpeg).png().toBuffer();
  const progressive = await sharp(jpeg).jpeg({ progressive: true }).toBuffer();
  const gif = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#c33' } }).gif().toBuffer();
  const webp = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#3c3' } }).webp().toBuffer();
  const tiff = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#33c' } }).tiff().toBuffer();
  const name = 'Jane Doe';

  const withImage1 = (data: Buffer | string, filename = 'selfie.jpg', contentType = 'image/jpeg'): MultipartPayload =>
    multipart([
      { name: 'image1', filename, contentType, data },
      { name: 'image2', filename: 'id.jpg', contentType: 'image/jpeg', data: idJpeg },
      { name: 'name', data: name },
    ]);
  const withName = (value: Buffer | string): MultipartPayload =>
    multipart([
      { name: 'image1', filename: 'selfie.jpg', data: jpeg },
      { name: 'image2', filename: 'id.jpg', data: idJpeg },
      { name: 'name', data: value },
    ]);
  const form = (parts: readonly Part[]): MultipartPayload => multipart(parts);
  const raw = (payload: Buffer | string, contentType: string | undefined): MultipartPayload => ({
    payload: Buffer.from(payload),
    headers: contentType === undefined ? {} : { 'content-type': contentType },
  });
  const image = (field: 'image1' | 'image2', data: Buffer = field === 'image1' ? jpeg : idJpeg): Part => ({ name: field, filename: `${field}.jpg`, contentType: 'image/jpeg', data });

  const badCrcPng = Buffer.from(png);
  badCrcPng.writeUInt32BE(0xdeadbeef, 29);
  const scrambledJpeg = Buffer.from(jpeg);
  for (let i = 20; i < scrambledJpeg.length - 2; i++) scrambledJpeg[i] = 0xff;
  const pngDataCut = png.subarray(0, png.length - 20);
  const boundary = '----identity-check-test-boundary';
  const valid = withImage1(jpeg).payload;

  const unsupported = (label: string, data: Buffer | string): HostileCase => ({ label, request: withImage1(data), status: 400, code: 'ERR_UNSUPPORTED_IMAGE' });
  const corrupt = (label: string, data: Buffer): HostileCase => ({ label, request: withImage1(data), status: 400, code: 'ERR_CORRUPT_IMAGE' });
  const bad = (label: string, request: MultipartPayload, code = 'ERR_BAD_REQUEST'): HostileCase => ({ label, request, status: 400, code });

  return [
    // Empty and missing files.
    { label: '0-byte image1', request: withImage1(Buffer.alloc(0)), status: 400, code: 'ERR_EMPTY_FILE' },
    { label: '0-byte image2', request: form([image('image1'), image('image2', Buffer.alloc(0)), { name: 'name', data: name }]), status: 400, code: 'ERR_EMPTY_FILE' },
    { label: 'empty filename ("no file selected")', request: withImage1(jpeg, ''), status: 400, code: 'ERR_EMPTY_FILE' },
    { label: 'image1 missing', request: form([image('image2'), { name: 'name', data: name }]), status: 400, code: 'ERR_MISSING_FILE' },
    { label: 'both images missing', request: form([{ name: 'name', data: name }]), status: 400, code: 'ERR_MISSING_FILE' },
    { label: 'image1 sent as a text field', request: form([{ name: 'image1', data: jpeg.toString('latin1') }, image('image2'), { name: 'name', data: name }]), status: 400, code: 'ERR_MISSING_FILE' },
    { label: 'empty multipart form', request: form([]), status: 400, code: 'ERR_MISSING_FILE' },
    // Broken JPEG and PNG.
    corrupt('JPEG truncated to half', jpeg.subarray(0, Math.floor(jpeg.length / 2))),
    corrupt('JPEG magic number only', jpeg.subarray(0, 3)),
    corrupt('JPEG with its entropy data overwritten', scrambledJpeg),
    corrupt('progressive JPEG truncated', progressive.subarray(0, Math.floor(progressive.length * 0.6))),
    corrupt('PNG truncated inside IDAT', png.subarray(0, Math.floor(png.length / 2))),
    corrupt('PNG without its last chunks', pngDataCut),
    corrupt('PNG signature only', png.subarray(0, 8)),
    corrupt('PNG with a bad IHDR CRC', badCrcPng),
    corrupt('JPEG magic + HTML (polyglot)', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('<html><script>alert(1)</script></html>')])),
    corrupt('PNG magic + ZIP (polyglot)', Buffer.concat([png.subarray(0, 8), zipOf('payload.sh', '#!/bin/sh\nrm -rf /\n')])),
    // Decompression bombs, refused from the header before any pixel is decoded.
    { label: '50000x50000 PNG header bomb', request: withImage1(pngHeaderBomb(50_000, 50_000), 'bomb.jpg'), status: 400, code: 'ERR_IMAGE_TOO_LARGE' },
    { label: '1x50000000 PNG strip bomb', request: withImage1(pngHeaderBomb(1, 50_000_000), 'bomb.png', 'image/png'), status: 400, code: 'ERR_IMAGE_TOO_LARGE' },
    { label: '65000x65000 JPEG header', request: withImage1(jpegWithSize(jpeg, 65_000, 65_000)), status: 400, code: 'ERR_IMAGE_TOO_LARGE' },
    // Other formats renamed .jpg, decided from the bytes.
    unsupported('GIF renamed .jpg', gif),
    unsupported('WebP renamed .jpg', webp),
    unsupported('TIFF renamed .jpg', tiff),
    unsupported('BMP renamed .jpg', Buffer.concat([Buffer.from('BM'), Buffer.alloc(60)])),
    unsupported('SVG renamed .jpg', '<svg xmlns="http://www.w3.org/2000/svg" width="50000" height="50000"><script>alert(1)</script></svg>'),
    unsupported('PDF renamed .jpg', '%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF'),
    unsupported('HTML renamed .jpg', '<!doctype html><html><body onload="alert(1)">hi</body></html>'),
    unsupported('HEIC header renamed .jpg', Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), Buffer.alloc(32)])),
    unsupported('ZIP renamed .jpg', zipOf('a.txt', 'hello')),
    unsupported('ZIP + JPEG appended (polyglot starting as ZIP)', Buffer.concat([zipOf('a.txt', 'x'), jpeg])),
    unsupported('ELF executable renamed .jpg', Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(64)])),
    unsupported('PNG bytes behind a UTF-8 BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), png])),
    { label: 'GIF bytes declared image/png', request: withImage1(gif, 'selfie.png', 'image/png'), status: 400, code: 'ERR_UNSUPPORTED_IMAGE' },
    // Sizes.
    { label: 'file one byte over MAX_FILE_BYTES', request: withImage1(Buffer.concat([jpeg, Buffer.alloc(limits.maxFileBytes + 1 - jpeg.length)])), status: 413, code: 'ERR_FILE_TOO_LARGE' },
    {
      label: 'body over MAX_REQUEST_BYTES (refused from Content-Length)',
      request: form([image('image1'), image('image2'), { name: 'extra', filename: 'x.bin', data: Buffer.alloc(limits.maxRequestBytes) }]),
      status: 413,
      code: 'ERR_REQUEST_TOO_LARGE',
    },
    // Names.
    { label: 'name missing', request: form([image('image1'), image('image2')]), status: 400, code: 'ERR_MISSING_NAME' },
    { label: 'name of spaces', request: withName('   \t  '), status: 400, code: 'ERR_MISSING_NAME' },
    { label: '10 kB name', request: withName('A'.repeat(10_240)), status: 400, code: 'ERR_NAME_TOO_LONG' },
    { label: 'name one character over MAX_NAME_LENGTH', request: withName('a'.repeat(limits.maxNameLength + 1)), status: 400, code: 'ERR_NAME_TOO_LONG' },
    { label: 'name in invalid UTF-8', request: withName(Buffer.from([0x4a, 0xe9, 0x72, 0xf4, 0x6d, 0x65, 0xff, 0xfe])), status: 400, code: 'ERR_INVALID_NAME' },
    { label: 'name with control characters', request: withName('Jane\u0000Doe\u001b[31m'), status: 400, code: 'ERR_INVALID_NAME' },
    { label: 'name without letters', request: withName('12345 !!!'), status: 400, code: 'ERR_INVALID_NAME' },
    { label: 'name sent as a file', request: form([image('image1'), image('image2'), { name: 'name', filename: 'name.txt', data: name }]), status: 400, code: 'ERR_INVALID_NAME' },
    // Malformed forms.
    bad('image1 sent twice', form([image('image1'), image('image1'), image('image2'), { name: 'name', data: name }])),
    bad('name sent twice', form([image('image1'), image('image2'), { name: 'name', data: name }, { name: 'name', data: 'John Roe' }])),
    bad('60 extra text fields', form([image('image1'), image('image2'), { name: 'name', data: name }, ...Array.from({ length: 60 }, (_, i) => ({ name: `f${i}`, data: 'x' }))])),
    bad('12 extra files', form([image('image1'), image('image2'), { name: 'name', data: name }, ...Array.from({ length: 12 }, (_, i) => ({ name: `x${i}`, filename: `x${i}.jpg`, data: jpeg }))])),
    bad('a field named __proto__', form([{ name: '__proto__', data: '{"isAdmin":true}' }, image('image1'), image('image2'), { name: 'name', data: name }])),
    bad('multipart body without a closing boundary', raw(valid.subarray(0, valid.length - 40), `multipart/form-data; boundary=${boundary}`)),
    bad('multipart body that is garbage', raw('this is not a multipart body at all', `multipart/form-data; boundary=${boundary}`)),
    bad('multipart content type without a boundary', raw(valid, 'multipart/form-data')),
    // Not multipart at all.
    { label: 'JSON body', request: raw(JSON.stringify({ image1: 'aGVsbG8=', image2: 'aGVsbG8=', name }), 'application/json'), status: 400, code: 'ERR_MISSING_FILE' },
    { label: 'raw JPEG body (image/jpeg)', request: raw(jpeg, 'image/jpeg'), status: 400, code: 'ERR_MISSING_FILE' },
    { label: 'text/plain body', request: raw('image1=selfie.jpg&name=Jane', 'text/plain'), status: 400, code: 'ERR_MISSING_FILE' },
    { label: 'urlencoded form', request: raw('image1=a&image2=b&name=Jane', 'application/x-www-form-urlencoded'), status: 400, code: 'ERR_MISSING_FILE' },
    { label: 'no content type', request: raw(valid, undefined), status: 400, code: 'ERR_MISSING_FILE' },
    bad('malformed JSON body', raw('{"image1": ', 'application/json')),
    // Tolerated noise: the service judges bytes, not names or declared types, and ignores unknown files.
    { label: 'an unknown extra file part', request: form([image('image1'), image('image2'), { name: 'name', data: name }, { name: 'avatar', filename: 'a.jpg', data: jpeg }]), status: 200, code: undefined },
    { label: '10 kB filename', request: withImage1(jpeg, `${'a'.repeat(10_240)}.jpg`), status: 200, code: undefined },
    { label: 'non-UTF-8 filename', request: withImage1(jpeg, Buffer.from([0x66, 0xff, 0xfe, 0x2e, 0x6a, 0x70, 0x67]).toString('latin1')), status: 200, code: undefined },
    { label: 'PNG declared image/gif, named .exe', request: withImage1(png, 'selfie.exe', 'image/gif'), status: 200, code: undefined },
  ];
}
