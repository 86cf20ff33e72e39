/**
 * The DB detector often cuts an MRZ line where a long run of '<' fillers starts, returning the line as two or
 * three boxes. MRZ parsing needs whole lines, so pieces that sit side by side in one row and contain only MRZ
 * characters are joined back together here.
 */
import type { Box } from '../image/rgb-image.js';

/** One recognised box of a row, in reading order. */
export interface RowPiece {
  readonly text: string;
  readonly confidence: number;
  readonly box: Box;
  /** Position of the piece's start and end along the reading direction, in pixels. */
  readonly start: number;
  readonly end: number;
  /** Text height in pixels, the unit for "close enough to be the same line". */
  readonly height: number;
}

const MRZ_PIECE = /^[A-Z0-9<]+$/;
/** A piece must carry a filler or a digit, so a capitalised name beside an MRZ-like code stays apart. */
const MRZ_MARK = /[<0-9]/;
/** A gap wider than this many line heights is a different field, not a split MRZ line. */
const MAX_GAP_HEIGHTS = 2.5;

function union(a: Box, b: Box): Box {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return {
    x,
    y,
    width: Math.max(a.x + a.width, b.x + b.width) - x,
    height: Math.max(a.y + a.height, b.y + b.height) - y,
  };
}

/** Joins neighbouring MRZ-like pieces of one row; confidence is the length-weighted mean of the pieces. */
export function joinMrzFragments(row: readonly RowPiece[]): RowPiece[] {
  const out: RowPiece[] = [];
  for (const piece of row) {
    const last = out[out.length - 1];
    const text = piece.text.replace(/\s+/g, '');
    if (
      last &&
      MRZ_PIECE.test(last.text) &&
      MRZ_PIECE.test(text) &&
      MRZ_MARK.test(last.text) &&
      MRZ_MARK.test(text) &&
      (last.text + text).includes('<') &&
      piece.start - last.end < MAX_GAP_HEIGHTS * Math.max(last.height, piece.height)
    ) {
      const joined = last.text + text;
      out[out.length - 1] = {
        text: joined,
        confidence: (last.confidence * last.text.length + piece.confidence * text.length) / joined.length,
        box: union(last.box, piece.box),
        start: last.start,
        end: piece.end,
        height: Math.max(last.height, piece.height),
      };
    } else {
      out.push(MRZ_PIECE.test(text) ? { ...piece, text } : piece);
    }
  }
  return out;
}
