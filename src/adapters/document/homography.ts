/**
 * Plane-to-plane projective maps (homographies) from four point pairs, and warping an RGB image through one
 * with bilinear sampling. Used to flatten a document photographed at an angle (document-quad.ts) and, in tests,
 * to photograph synthetic cards at an angle.
 */

export type Point = readonly [number, number];
/** Four corners: top-left, top-right, bottom-right, bottom-left. */
export type Quad = readonly [Point, Point, Point, Point];
/** Row-major 3x3 matrix with h[8] = 1. */
export type Homography = readonly number[];

export interface RawRgb {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array | Buffer;
}

/** The homography taking each `from[i]` to `to[i]`; null when the points are degenerate (three in a line). */
export function homographyOf(from: Quad, to: Quad): Homography | null {
  const a: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = from[i]!;
    const [u, v] = to[i]!;
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
    a.push([0, 0, 0, x, y, 1, -v * x, -v * y, v]);
  }
  // Gauss-Jordan with partial pivoting on the 8x9 augmented system.
  for (let col = 0; col < 8; col++) {
    let pivot = col;
    for (let r = col + 1; r < 8; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    if (Math.abs(a[pivot]![col]!) < 1e-10) return null;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const row = a[col]!;
    const p = row[col]!;
    for (let k = col; k < 9; k++) row[k] = row[k]! / p;
    for (let r = 0; r < 8; r++) {
      if (r === col) continue;
      const f = a[r]![col]!;
      if (f === 0) continue;
      for (let k = col; k < 9; k++) a[r]![k] = a[r]![k]! - f * row[k]!;
    }
  }
  const h = [...a.map((row) => row[8]!), 1];
  // A singular map flattens the plane onto a line: the quad had three corners in a line.
  const det = h[0]! * (h[4]! * h[8]! - h[5]! * h[7]!) - h[1]! * (h[3]! * h[8]! - h[5]! * h[6]!) + h[2]! * (h[3]! * h[7]! - h[4]! * h[6]!);
  return Math.abs(det) < 1e-9 ? null : h;
}

/** `h` applied to (x, y). */
export function applyHomography(h: Homography, x: number, y: number): Point {
  const w = h[6]! * x + h[7]! * y + h[8]!;
  return [(h[0]! * x + h[1]! * y + h[2]!) / w, (h[3]! * x + h[4]! * y + h[5]!) / w];
}

/**
 * An `outW` x `outH` image whose pixel (u, v) is `source` at `toSource(u, v)`, bilinearly sampled; outside the
 * source it is `background`.
 */
export function warpImage(source: RawRgb, toSource: Homography, outW: number, outH: number, background: readonly [number, number, number] = [0, 0, 0]): RawRgb {
  const out = new Uint8Array(outW * outH * 3);
  const { width, height, data } = source;
  for (let v = 0; v < outH; v++) {
    for (let u = 0; u < outW; u++) {
      const [x, y] = applyHomography(toSource, u + 0.5, v + 0.5);
      const sx = x - 0.5;
      const sy = y - 0.5;
      const o = (v * outW + u) * 3;
      if (!(sx >= 0 && sy >= 0 && sx <= width - 1 && sy <= height - 1)) {
        out[o] = background[0];
        out[o + 1] = background[1];
        out[o + 2] = background[2];
        continue;
      }
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const x1 = Math.min(x0 + 1, width - 1);
      const y1 = Math.min(y0 + 1, height - 1);
      const fx = sx - x0;
      const fy = sy - y0;
      for (let c = 0; c < 3; c++) {
        const p00 = data[(y0 * width + x0) * 3 + c]!;
        const p10 = data[(y0 * width + x1) * 3 + c]!;
        const p01 = data[(y1 * width + x0) * 3 + c]!;
        const p11 = data[(y1 * width + x1) * 3 + c]!;
        out[o + c] = Math.round((p00 * (1 - fx) + p10 * fx) * (1 - fy) + (p01 * (1 - fx) + p11 * fx) * fy);
      }
    }
  }
  return { width: outW, height: outH, data: out };
}
