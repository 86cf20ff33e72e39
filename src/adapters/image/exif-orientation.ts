/**
 * Reads the EXIF orientation (tag 0x0112) from a TIFF block, the payload of a JPEG APP1 "Exif\0\0"
 * segment or of a PNG eXIf chunk, and recognises blocks built to exhaust a parser. libexif (inside
 * libvips) follows IFD pointers and was made to spend minutes on a 2 kB block whose entries point back at
 * their own IFD (issue 14). Here the orientation comes from IFD0 only, at most MAX_ENTRIES entries, and no
 * pointer is followed to find it; the hostility check looks one hop into the Exif and GPS sub-IFDs and no
 * further. Work is bounded by a constant whatever the block holds.
 *
 * Broken metadata is not hostile: a truncated block or one with offsets past its end still belongs to a
 * photo, and reads as "no orientation" (1). Hostile means a structure no camera writes: more entries than
 * MAX_ENTRIES, a pointer tag repeated, a pointer back into the header or its own IFD (a loop), or a sub-IFD
 * that points to further Exif/GPS IFDs (a chain).
 */

/** Entries of one IFD looked at; cameras write 10-70. */
export const MAX_ENTRIES = 256;

export interface ExifInspection {
  /** 1..8; 1 when absent or malformed. */
  readonly orientation: number;
  /** Why the block looks built to exhaust a parser, or null. */
  readonly hostile: string | null;
}

const ORIENTATION_TAG = 0x0112;
const EXIF_IFD = 0x8769;
const GPS_IFD = 0x8825;
const INTEROP_IFD = 0xa005;
const SUB_IFDS = 0x014a;
const POINTER_TAGS = new Set([EXIF_IFD, GPS_IFD, INTEROP_IFD, SUB_IFDS]);
const TYPE_SHORT = 3;
const ENTRY_BYTES = 12;

interface Ifd {
  readonly start: number;
  readonly end: number;
  readonly declared: number;
  readonly entries: number;
}

class Tiff {
  readonly view: DataView;
  readonly little: boolean;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.little = this.view.getUint16(0) === 0x4949;
  }

  static open(bytes: Uint8Array): Tiff | null {
    if (bytes.length < 8) return null;
    const tiff = new Tiff(bytes);
    const order = tiff.view.getUint16(0);
    if (order !== 0x4949 && order !== 0x4d4d) return null;
    return tiff.u16(2) === 42 ? tiff : null;
  }

  u16(at: number): number {
    return this.view.getUint16(at, this.little);
  }

  u32(at: number): number {
    return this.view.getUint32(at, this.little);
  }

  /** The IFD at `start`, or null when it does not fit; `entries` is what fits and is at most MAX_ENTRIES. */
  ifd(start: number): Ifd | null {
    if (start < 8 || start + 2 > this.bytes.length) return null;
    const declared = this.u16(start);
    const entries = Math.min(declared, Math.floor((this.bytes.length - start - 2) / ENTRY_BYTES), MAX_ENTRIES);
    return { start, end: start + 2 + declared * ENTRY_BYTES, declared, entries };
  }

  entry(ifd: Ifd, i: number): { tag: number; type: number; count: number; at: number } {
    const at = ifd.start + 2 + i * ENTRY_BYTES;
    return { tag: this.u16(at), type: this.u16(at + 2), count: this.u32(at + 4), at };
  }
}

/** Orientation and hostility of `tiff`, in bounded work. */
export function inspectTiff(bytes: Uint8Array): ExifInspection {
  const tiff = Tiff.open(bytes);
  const ifd0 = tiff?.ifd(tiff.u32(4)) ?? null;
  if (tiff === null || ifd0 === null) return { orientation: 1, hostile: null };
  let orientation = 1;
  let orientationSeen = false;
  const hostile = pointerProblem(tiff, ifd0, ifd0);
  for (let i = 0; i < ifd0.entries; i++) {
    const { tag, type, count, at } = tiff.entry(ifd0, i);
    if (tag !== ORIENTATION_TAG || orientationSeen) continue;
    orientationSeen = true;
    // A SHORT with count 1 sits in the first two bytes of the value field; anything else is not a real orientation.
    const value = type === TYPE_SHORT && count === 1 ? tiff.u16(at + 8) : 0;
    orientation = value >= 1 && value <= 8 ? value : 1;
  }
  return { orientation, hostile };
}

/** The EXIF orientation 1..8 stored in IFD0 of `tiff`, or 1 when absent, malformed or out of range. */
export function readTiffOrientation(tiff: Uint8Array): number {
  return inspectTiff(tiff).orientation;
}

/**
 * Checks the pointer tags of one IFD: none repeated, none pointing back into the header or this IFD, and
 * (from IFD0 only, one hop) the Exif and GPS sub-IFDs themselves hold no Exif/GPS pointers.
 */
function pointerProblem(tiff: Tiff, ifd: Ifd, ifd0: Ifd): string | null {
  const top = ifd === ifd0;
  const inside = (offset: number, range: Ifd): boolean => offset >= range.start && offset < range.end;
  const where = top ? 'IFD0' : 'a sub-IFD';
  if (ifd.declared > MAX_ENTRIES) return `${where} declares ${ifd.declared} entries (more than ${MAX_ENTRIES})`;
  const seen = new Set<number>();
  for (let i = 0; i < ifd.entries; i++) {
    const { tag, at } = tiff.entry(ifd, i);
    if (!POINTER_TAGS.has(tag)) continue;
    if (!top && (tag === EXIF_IFD || tag === GPS_IFD)) return 'a sub-IFD points to a further Exif/GPS IFD (a chain)';
    if (seen.has(tag)) return `pointer tag 0x${tag.toString(16)} repeated in ${where}`;
    seen.add(tag);
    const target = tiff.u32(at + 8);
    if (target < 8 || inside(target, ifd) || inside(target, ifd0)) return `pointer tag 0x${tag.toString(16)} points back into ${where} (a loop)`;
    if (top && (tag === EXIF_IFD || tag === GPS_IFD)) {
      const sub = tiff.ifd(target);
      const problem = sub === null ? null : pointerProblem(tiff, sub, ifd0);
      if (problem !== null) return problem;
    }
  }
  return null;
}
