/**
 * Puts a flat image onto a quadrilateral of a larger canvas, as a camera held at an angle sees a card.
 * Test and benchmark support only.
 */
import { homographyOf, warpImage, type Quad, type RawRgb } from '../adapters/document/homography.js';

export type { Quad } from '../adapters/document/homography.js';

/** `source` drawn into `quad` (its corners TL, TR, BR, BL) of an `outW` x `outH` canvas of `background`. */
export function warpToQuad(source: RawRgb, quad: Quad, outW: number, outH: number, background: readonly [number, number, number]): RawRgb {
  const w = source.width;
  const h = source.height;
  const toSource = homographyOf(quad, [[0, 0], [w, 0], [w, h], [0, h]]);
  if (!toSource) throw new Error('degenerate quadrilateral');
  return warpImage(source, toSource, outW, outH, background);
}
