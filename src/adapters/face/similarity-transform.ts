import type { Point } from '../image/rgb-image.js';

/**
 * 2x3 affine matrix [a, b, c, d, e, f] mapping (x, y) to (a*x + b*y + c, d*x + e*y + f). Plain numbers so
 * alignment is testable without tensors.
 */
export type AffineMatrix = readonly [number, number, number, number, number, number];

/**
 * Least-squares 2D similarity (rotation, uniform scale, translation; no reflection or shear) mapping `src`
 * onto `dst` (Umeyama / Procrustes closed form). Shear would distort face geometry the recogniser relies on,
 * so alignment to the template is restricted to a similarity, as dlib does.
 */
export function similarityTransform(src: readonly Point[], dst: readonly Point[]): AffineMatrix {
  if (src.length !== dst.length) throw new RangeError(`point count mismatch: ${src.length} vs ${dst.length}`);
  if (src.length < 2) throw new RangeError('need at least two point pairs');
  const n = src.length;
  let msx = 0, msy = 0, mdx = 0, mdy = 0;
  for (let i = 0; i < n; i++) {
    const s = src[i] as Point;
    const d = dst[i] as Point;
    msx += s.x; msy += s.y; mdx += d.x; mdy += d.y;
  }
  msx /= n; msy /= n; mdx /= n; mdy /= n;
  let dot = 0, cross = 0, norm = 0;
  for (let i = 0; i < n; i++) {
    const s = src[i] as Point;
    const d = dst[i] as Point;
    const sx = s.x - msx, sy = s.y - msy, dx = d.x - mdx, dy = d.y - mdy;
    dot += sx * dx + sy * dy;
    cross += sx * dy - sy * dx;
    norm += sx * sx + sy * sy;
  }
  if (norm === 0) throw new RangeError('source points are all identical');
  const a = dot / norm;
  const b = cross / norm;
  return [a, -b, mdx - (a * msx - b * msy), b, a, mdy - (b * msx + a * msy)];
}

/** Applies an affine matrix to a point. */
export function applyAffine(m: AffineMatrix, p: Point): Point {
  return { x: m[0] * p.x + m[1] * p.y + m[2], y: m[3] * p.x + m[4] * p.y + m[5] };
}

/** Inverse of an affine matrix; warping needs the output-to-source direction. */
export function invertAffine(m: AffineMatrix): AffineMatrix {
  const [a, b, c, d, e, f] = m;
  const det = a * e - b * d;
  if (Math.abs(det) < 1e-12) throw new RangeError('affine matrix is singular');
  const ia = e / det, ib = -b / det, id = -d / det, ie = a / det;
  return [ia, ib, -(ia * c + ib * f), id, ie, -(id * c + ie * f)];
}

/** Scale factor of a similarity/affine matrix (geometric mean of its axis scales). */
export function affineScale(m: AffineMatrix): number {
  return Math.sqrt(Math.abs(m[0] * m[4] - m[1] * m[3]));
}
