/** Image formats the API accepts, decided from the file's leading bytes, never from its name or mimetype. */
export type ImageFormat = 'jpeg' | 'png';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Returns the format whose magic number starts `bytes`, or null for anything else. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= PNG_SIGNATURE.length && PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return 'png';
  return null;
}

/** Names the format of bytes we refuse, for error messages (best effort, never trusted for acceptance). */
export function describeBytes(bytes: Uint8Array): string {
  const head = Buffer.from(bytes.subarray(0, 16));
  const ascii = head.toString('latin1');
  if (ascii.startsWith('GIF8')) return 'GIF';
  if (ascii.startsWith('RIFF') && ascii.slice(8, 12) === 'WEBP') return 'WebP';
  if (ascii.startsWith('%PDF')) return 'PDF';
  if (ascii.startsWith('BM')) return 'BMP';
  if (ascii.slice(4, 12) === 'ftypheic' || ascii.slice(4, 12) === 'ftypmif1') return 'HEIC';
  if (/^\s*</.test(ascii)) return 'markup (HTML/SVG/XML)';
  if (head[0] === 0x49 && head[1] === 0x49 && head[2] === 0x2a) return 'TIFF';
  return 'unrecognised bytes';
}
