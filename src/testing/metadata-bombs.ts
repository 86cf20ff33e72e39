/**
 * Metadata bombs from issue 14, built in code so tests and `npm run bench:attacks` share them. Each wraps a
 * real, small photo, so everything but the attack is a valid upload. None is dangerous to the decoder of
 * src/adapters/image (it strips metadata before libvips and caps segments and scans); they were to the old one.
 */
import { crc32 } from 'node:zlib';

/**
 * A TIFF block whose IFD0 holds `entries` entries, alternating ExifIFD (0x8769) and GPS (0x8825) pointers
 * that all point back at IFD0 itself. libexif walks it in roughly entries^3 steps (150: ~56 s on main).
 */
export function selfReferencingTiff(entries: number): Buffer {
  const parts = [Buffer.from('II*\0', 'latin1'), le32(8), le16(entries)];
  for (let k = 0; k < entries; k++) parts.push(Buffer.concat([le16(k % 2 === 0 ? 0x8769 : 0x8825), le16(4), le32(1), le32(8)]));
  parts.push(Buffer.alloc(4));
  return Buffer.concat(parts);
}

/** A TIFF block of `depth` IFDs, each one ExifIFD pointer to the next: a deep chain rather than a loop. */
export function deepIfdChainTiff(depth: number): Buffer {
  const ifdBytes = 2 + 12 + 4;
  const parts = [Buffer.from('II*\0', 'latin1'), le32(8)];
  for (let d = 0; d < depth; d++) {
    const next = d + 1 < depth ? 8 + (d + 1) * ifdBytes : 8;
    parts.push(le16(1), le16(0x8769), le16(4), le32(1), le32(next), le32(0));
  }
  return Buffer.concat(parts);
}

/** The JPEG with `tiff` inserted as an APP1 "Exif" segment right after SOI (segment payload <= 65,533 bytes). */
export function jpegWithExif(jpeg: Buffer, tiff: Buffer): Buffer {
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  if (payload.length + 2 > 0xffff) throw new RangeError(`EXIF block of ${tiff.length} bytes does not fit one APP1 segment`);
  return Buffer.concat([jpeg.subarray(0, 2), Buffer.from([0xff, 0xe1]), be16(payload.length + 2), payload, jpeg.subarray(2)]);
}

/** The PNG with `tiff` inserted as an eXIf chunk right after IHDR. */
export function pngWithExif(png: Buffer, tiff: Buffer): Buffer {
  const ihdrEnd = 8 + 12 + png.readUInt32BE(8);
  return Buffer.concat([png.subarray(0, ihdrEnd), pngChunk('eXIf', tiff), png.subarray(ihdrEnd)]);
}

/** The JPEG with `count` empty COM segments after SOI: a huge count of marker segments. */
export function jpegWithManySegments(jpeg: Buffer, count: number): Buffer {
  const comment = Buffer.from([0xff, 0xfe, 0x00, 0x02]);
  return Buffer.concat([jpeg.subarray(0, 2), Buffer.alloc(count * comment.length).fill(comment), jpeg.subarray(2)]);
}

/**
 * A progressive JPEG whose smallest scan is repeated until there are `scans` scans: each scan makes
 * libjpeg pass over the whole coefficient buffer again, for a few bytes of upload. `progressive` must come
 * from an encoder in progressive mode.
 */
export function jpegWithManyScans(progressive: Buffer, scans: number): Buffer {
  const starts: number[] = [];
  for (let i = progressive.indexOf(0xff); i >= 0; i = progressive.indexOf(0xff, i + 1)) if (progressive[i + 1] === 0xda) starts.push(i);
  const eoi = progressive.length - 2;
  if (starts.length === 0) throw new RangeError('not a JPEG with scans');
  // A scan runs to the next scan; the last one to EOI (tables between scans ride along, which is harmless).
  const spans = starts.map((start, k) => [start, starts[k + 1] ?? eoi] as const);
  const [from, to] = spans.reduce((a, b) => (b[1] - b[0] < a[1] - a[0] ? b : a));
  const extra = Math.max(0, scans - starts.length);
  return Buffer.concat([progressive.subarray(0, eoi), ...Array.from({ length: extra }, () => progressive.subarray(from, to)), progressive.subarray(eoi)]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([be32(data.length), typed, crc]);
}

function le16(v: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(v);
  return b;
}
function le32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v);
  return b;
}
function be16(v: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(v);
  return b;
}
function be32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v);
  return b;
}
