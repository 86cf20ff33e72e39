/**
 * Plane-to-plane homography by least squares (normalised DLT), and how far a point set is from any such
 * mapping. Every motion of a flat picture in front of a pinhole camera (moved, rotated, sheared, tilted)
 * maps its points by one homography; a head turning in depth does not, because nose and ears lie at
 * different depths. The residual is that difference.
 */
export interface Point2 { readonly x: number; readonly y: number }

/** Row-major 3x3, h[8] = 1 after normalisation. */
export type Homography = readonly number[];

/** Least-squares homography from `from` to `to` (at least 4 point pairs), or null when degenerate. */
export function fitHomography(from: readonly Point2[], to: readonly Point2[]): Homography | null {
  const n = Math.min(from.length, to.length);
  if (n < 4) return null;
  const a = normaliser(from.slice(0, n)), b = normaliser(to.slice(0, n));
  // Normal equations of the 8-unknown linear system (h33 = 1), solved by Gaussian elimination.
  const ata = Array.from({ length: 8 }, () => new Array<number>(8).fill(0));
  const atb = new Array<number>(8).fill(0);
  for (let i = 0; i < n; i++) {
    const p = apply(a.m, from[i] as Point2), q = apply(b.m, to[i] as Point2);
    const rows: [number[], number][] = [
      [[p.x, p.y, 1, 0, 0, 0, -q.x * p.x, -q.x * p.y], q.x],
      [[0, 0, 0, p.x, p.y, 1, -q.y * p.x, -q.y * p.y], q.y],
    ];
    for (const [r, rhs] of rows) {
      for (let j = 0; j < 8; j++) {
        atb[j] = (atb[j] as number) + (r[j] as number) * rhs;
        const row = ata[j] as number[];
        for (let k = 0; k < 8; k++) row[k] = (row[k] as number) + (r[j] as number) * (r[k] as number);
      }
    }
  }
  const h = solve(ata, atb);
  if (h === null) return null;
  const hn = [...h, 1];
  // Undo the normalisations: H = Tb^-1 * Hn * Ta.
  return normalise(multiply(multiply(invertSimilarity(b.m), hn), a.m));
}

/** Maps a point through a homography. */
export function apply(h: Homography, p: Point2): Point2 {
  const w = (h[6] as number) * p.x + (h[7] as number) * p.y + (h[8] as number);
  const d = Math.abs(w) < 1e-12 ? 1e-12 : w;
  return {
    x: ((h[0] as number) * p.x + (h[1] as number) * p.y + (h[2] as number)) / d,
    y: ((h[3] as number) * p.x + (h[4] as number) * p.y + (h[5] as number)) / d,
  };
}

/**
 * Root-mean-square distance between `to` and `from` mapped by the best homography, divided by `scale`
 * (so a face's residual reads in inter-ocular distances whatever its size). Infinity when no fit exists.
 */
export function homographyResidual(from: readonly Point2[], to: readonly Point2[], scale: number): number {
  const h = fitHomography(from, to);
  if (h === null || !(scale > 0)) return Infinity;
  let sum = 0;
  const n = Math.min(from.length, to.length);
  for (let i = 0; i < n; i++) {
    const p = apply(h, from[i] as Point2), q = to[i] as Point2;
    sum += (p.x - q.x) ** 2 + (p.y - q.y) ** 2;
  }
  return Math.sqrt(sum / n) / scale;
}

/**
 * Fits the homography on `rim` point pairs only and returns the RMS distance, over the `probe` pairs, between
 * where it puts them and where they are, divided by `scale`. With the face outline as rim and the nose as
 * probe this is depth parallax: under any motion of a flat picture the nose follows the outline's
 * homography; in a head turning in depth it moves by its height times the sine of the angle.
 */
export function probeResidual(rimFrom: readonly Point2[], rimTo: readonly Point2[], probeFrom: readonly Point2[],
  probeTo: readonly Point2[], scale: number): number {
  const h = fitHomography(rimFrom, rimTo);
  const n = Math.min(probeFrom.length, probeTo.length);
  if (h === null || n === 0 || !(scale > 0)) return Infinity;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const p = apply(h, probeFrom[i] as Point2), q = probeTo[i] as Point2;
    sum += (p.x - q.x) ** 2 + (p.y - q.y) ** 2;
  }
  return Math.sqrt(sum / n) / scale;
}

/** Translation to the centroid and scaling to mean distance sqrt(2), as a similarity matrix. */
function normaliser(points: readonly Point2[]): { m: number[] } {
  let cx = 0, cy = 0;
  for (const p of points) { cx += p.x; cy += p.y; }
  cx /= points.length; cy /= points.length;
  let d = 0;
  for (const p of points) d += Math.hypot(p.x - cx, p.y - cy);
  const s = d > 0 ? (Math.SQRT2 * points.length) / d : 1;
  return { m: [s, 0, -s * cx, 0, s, -s * cy, 0, 0, 1] };
}

function invertSimilarity(m: readonly number[]): number[] {
  const s = m[0] as number;
  return [1 / s, 0, -(m[2] as number) / s, 0, 1 / s, -(m[5] as number) / s, 0, 0, 1];
}

function multiply(a: readonly number[], b: readonly number[]): number[] {
  const out = new Array<number>(9).fill(0);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      let v = 0;
      for (let k = 0; k < 3; k++) v += (a[3 * i + k] as number) * (b[3 * k + j] as number);
      out[3 * i + j] = v;
    }
  }
  return out;
}

function normalise(h: number[]): Homography | null {
  const w = h[8] as number;
  if (Math.abs(w) < 1e-12 || h.some((v) => !Number.isFinite(v))) return null;
  return h.map((v) => v / w);
}

/** Gaussian elimination with partial pivoting; null for a singular system. */
function solve(a: number[][], b: number[]): number[] | null {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] as number]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs((m[r] as number[])[c] as number) > Math.abs((m[pivot] as number[])[c] as number)) pivot = r;
    const p = m[pivot] as number[];
    if (Math.abs(p[c] as number) < 1e-12) return null;
    [m[c], m[pivot]] = [p, m[c] as number[]];
    const rowC = m[c] as number[];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const row = m[r] as number[];
      const f = (row[c] as number) / (rowC[c] as number);
      if (f === 0) continue;
      for (let k = c; k <= n; k++) row[k] = (row[k] as number) - f * (rowC[k] as number);
    }
  }
  return m.map((row, i) => (row[n] as number) / (row[i] as number));
}
