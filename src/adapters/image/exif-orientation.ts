/**
 * Reads the EXIF orientation (tag 0x0112) from a TIFF block, the payload of a JPEG APP1 "Exif\0\0"
 * segment or of a PNG eXIf chunk. Deliberately tiny: libexif (inside libvips) follows IFD pointers and
 * was made to spend minutes on a 2 kB block whose entries point back at their own IFD (issue 14). Here
 * only IFD0 is read, at most MAX_ENTRIES entries, no pointer is ever followed, so the work is bounded by
 * a constant whatever the block holds. Anything odd means "no orientation" (1), never an error: a photo
 * with broken metadata is still a photo.
 */

/** Entries of IFD0 looked at; real cameras write 10-30 before the sub-IFD pointers. */
export const MAX_ENTRIES = 256;

const ORIENTATION_TAG = 0x0112;
const TYPE_SHORT = 3;
const ENTRY_BYTES = 12;

/** The orientation 1..8 stored in IFD0 of `tiff`, or 1 when absent, malformed or out of range. */
export function readTiffOrientation(tiff: Uint8Array): number {
  if (tiff.length < 8) return 1;
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const order = view.getUint16(0);
  if (order !== 0x4949 && order !== 0x4d4d) return 1;
  const little = order === 0x4949;
  if (view.getUint16(2, little) !== 42) return 1;
  const ifd = view.getUint32(4, little);
  if (ifd < 8 || ifd + 2 > tiff.length) return 1;
  const declared = view.getUint16(ifd, little);
  const fits = Math.floor((tiff.length - ifd - 2) / ENTRY_BYTES);
  const entries = Math.min(declared, fits, MAX_ENTRIES);
  for (let i = 0; i < entries; i++) {
    const at = ifd + 2 + i * ENTRY_BYTES;
    if (view.getUint16(at, little) !== ORIENTATION_TAG) continue;
    // A SHORT with count 1 sits in the first two bytes of the value field; anything else is not a real orientation.
    if (view.getUint16(at + 2, little) !== TYPE_SHORT || view.getUint32(at + 4, little) !== 1) return 1;
    const value = view.getUint16(at + 8, little);
    return value >= 1 && value <= 8 ? value : 1;
  }
  return 1;
}
