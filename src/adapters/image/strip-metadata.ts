/**
 * Rewrites an upload so that libvips sees pixels and nothing else: EXIF, XMP, ICC profiles, comments and
 * PNG text chunks are dropped before any native parser touches them (issue 14: a self-referencing EXIF
 * block made libexif spend minutes per parse). The EXIF block itself is handed back so its orientation can
 * be read by our own bounded parser (exif-orientation.ts).
 *
 * JPEG: APP0 (JFIF) and APP14 (Adobe) stay, since the decoder needs them to pick the colour transform;
 * APP1..APP13, APP15 and COM go. Marker segments and progressive scans are capped: thousands of segments
 * or scans cost libjpeg time proportional to their count times the image size (a known CPU bomb), and no
 * camera writes more than a few dozen.
 *
 * PNG: only the chunks needed to render stay (IHDR, PLTE, tRNS, IDAT, IEND). Gamma and colour chunks
 * (gAMA, cHRM, sRGB, iCCP) go too: libvips does not apply gamma on load, and the models see sRGB-ish
 * pixels either way.
 *
 * Pure and linear in the input size; never throws, answers a coded refusal instead.
 */
import type { ImageFormat } from './sniff.js';

export interface StripCaps {
  /** JPEG marker segments allowed (all kinds, scans included). */
  readonly maxSegments: number;
  /** JPEG start-of-scan markers allowed (a baseline JPEG has 1, a progressive one about 10). */
  readonly maxScans: number;
}

export const DEFAULT_STRIP_CAPS: StripCaps = Object.freeze({ maxSegments: 512, maxScans: 64 });

export type Stripped =
  | { readonly ok: true; readonly bytes: Buffer; readonly exif: Uint8Array | null }
  | { readonly ok: false; readonly code: 'ERR_IMAGE_TOO_COMPLEX' | 'ERR_CORRUPT_IMAGE'; readonly reason: string };

/** Strips `bytes` of the sniffed `format`. */
export function stripMetadata(format: ImageFormat, bytes: Buffer, caps: StripCaps = DEFAULT_STRIP_CAPS): Stripped {
  return format === 'jpeg' ? stripJpeg(bytes, caps) : stripPng(bytes);
}

const EXIF_HEADER = Buffer.from('Exif\0\0', 'latin1');
const SOS = 0xda;
const EOI = 0xd9;

/** APP1..APP13, APP15 and COM carry metadata only. */
function isMetadataMarker(marker: number): boolean {
  return (marker >= 0xe1 && marker <= 0xed) || marker === 0xef || marker === 0xfe;
}

/** Markers without a length field: TEM and the restart markers. */
function isStandalone(marker: number): boolean {
  return marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);
}

export function stripJpeg(bytes: Buffer, caps: StripCaps = DEFAULT_STRIP_CAPS): Stripped {
  const kept: Buffer[] = [bytes.subarray(0, 2)];
  let exif: Uint8Array | null = null;
  let segments = 0;
  let scans = 0;
  let pos = 2;
  while (pos < bytes.length) {
    if (bytes[pos] !== 0xff) return corrupt('JPEG', 'a marker was expected');
    // Any number of 0xFF fill bytes may precede a marker.
    while (pos < bytes.length && bytes[pos] === 0xff) pos++;
    const marker = bytes[pos];
    if (marker === undefined) break;
    const start = pos - 1;
    pos++;
    if (++segments > caps.maxSegments) return tooComplex(`more than ${caps.maxSegments} JPEG marker segments`);
    if (marker === EOI) {
      kept.push(bytes.subarray(start, pos));
      return { ok: true, bytes: Buffer.concat(kept), exif };
    }
    if (isStandalone(marker)) {
      kept.push(bytes.subarray(start, pos));
      continue;
    }
    if (pos + 2 > bytes.length) break;
    const length = bytes.readUInt16BE(pos);
    if (length < 2) return corrupt('JPEG', 'a segment length is invalid');
    const end = pos + length;
    if (end > bytes.length) return corrupt('JPEG', 'a segment runs past the end of the file');
    if (isMetadataMarker(marker)) {
      const payload = bytes.subarray(pos + 2, end);
      if (marker === 0xe1 && exif === null && payload.subarray(0, 6).equals(EXIF_HEADER)) exif = payload.subarray(6);
      pos = end;
      continue;
    }
    if (marker === SOS && ++scans > caps.maxScans) return tooComplex(`more than ${caps.maxScans} JPEG scans`);
    pos = marker === SOS ? entropyEnd(bytes, end) : end;
    kept.push(bytes.subarray(start, pos));
  }
  // No EOI: pass the truncated stream on and let the decoder judge it, as it did before stripping.
  kept.push(bytes.subarray(Math.min(pos, bytes.length)));
  return { ok: true, bytes: Buffer.concat(kept), exif };
}

/** Index of the first marker after entropy-coded data (0xFF00 is a stuffed byte, RSTn belong to the scan). */
function entropyEnd(bytes: Buffer, from: number): number {
  let i = bytes.indexOf(0xff, from);
  while (i >= 0 && i + 1 < bytes.length) {
    const next = bytes[i + 1] as number;
    if (next !== 0x00 && next !== 0xff && !(next >= 0xd0 && next <= 0xd7)) return i;
    i = bytes.indexOf(0xff, i + 1);
  }
  return bytes.length;
}

const PNG_KEEP = new Set(['IHDR', 'PLTE', 'tRNS', 'IDAT', 'IEND']);

export function stripPng(bytes: Buffer): Stripped {
  const kept: Buffer[] = [bytes.subarray(0, 8)];
  let exif: Uint8Array | null = null;
  let pos = 8;
  while (pos + 8 <= bytes.length) {
    const length = bytes.readUInt32BE(pos);
    const type = bytes.toString('latin1', pos + 4, pos + 8);
    const end = pos + 12 + length;
    if (length > 0x7fffffff || end > bytes.length) return corrupt('PNG', `the ${JSON.stringify(type)} chunk runs past the end of the file`);
    if (PNG_KEEP.has(type)) kept.push(bytes.subarray(pos, end));
    else if (type === 'eXIf' && exif === null) exif = bytes.subarray(pos + 8, pos + 8 + length);
    pos = end;
    if (type === 'IEND') return { ok: true, bytes: Buffer.concat(kept), exif };
  }
  kept.push(bytes.subarray(pos));
  return { ok: true, bytes: Buffer.concat(kept), exif };
}

function tooComplex(reason: string): Stripped {
  return { ok: false, code: 'ERR_IMAGE_TOO_COMPLEX', reason };
}

function corrupt(format: string, reason: string): Stripped {
  return { ok: false, code: 'ERR_CORRUPT_IMAGE', reason: `the ${format} structure is broken: ${reason}` };
}
