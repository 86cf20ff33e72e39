/**
 * Periodic-pattern peaks in small image tiles: the cue shared by screen moire, screen pixel grids and printed
 * halftone dots. A natural face's power spectrum falls off smoothly with frequency, so each frequency bin is
 * compared with the median of its own ring (same radius): a regular pattern stands out as a few bins far above
 * their ring, whatever the overall blur or contrast.
 */

/** Tile side in pixels (a power of two for the FFT). */
export const TILE = 64;

/**
 * Twiddle factors of each butterfly size up to TILE, computed with the same expression the butterflies used
 * inline (so the spectrum is unchanged to the bit): the replay check runs a thousand 64-point FFTs per selfie
 * on the event loop, and the sines and cosines were most of their cost.
 */
const TWIDDLES = new Map<number, { readonly cos: Float64Array; readonly sin: Float64Array }>();
for (let len = 2; len <= TILE; len <<= 1) {
  const step = (-2 * Math.PI) / len;
  const cos = new Float64Array(len / 2), sin = new Float64Array(len / 2);
  for (let k = 0; k < len / 2; k++) { cos[k] = Math.cos(step * k); sin[k] = Math.sin(step * k); }
  TWIDDLES.set(len, { cos, sin });
}

/** In-place radix-2 FFT of one complex sequence (length a power of two, at most TILE). */
export function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      const r = re[i]!, m = im[i]!;
      re[i] = re[j]!; re[j] = r;
      im[i] = im[j]!; im[j] = m;
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const twiddle = TWIDDLES.get(len);
    if (twiddle === undefined) throw new RangeError(`FFT length ${n} is larger than ${TILE}`);
    const half = len / 2;
    for (let start = 0; start < n; start += len) {
      for (let k = 0; k < half; k++) {
        const c = twiddle.cos[k]!, s = twiddle.sin[k]!;
        const a = start + k, b = a + half;
        const tr = re[b]! * c - im[b]! * s, ti = re[b]! * s + im[b]! * c;
        re[b] = re[a]! - tr; im[b] = im[a]! - ti;
        re[a] = re[a]! + tr; im[a] = im[a]! + ti;
      }
    }
  }
}

const HANN = Float64Array.from({ length: TILE }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * (i + 0.5)) / TILE));

/** Adds the power spectrum of one TILE x TILE tile (mean removed, Hann-windowed) into `power`. */
export function accumulatePower(tile: Float64Array, power: Float64Array): void {
  let mean = 0;
  for (const v of tile) mean += v;
  mean /= tile.length;
  const re = new Float64Array(TILE * TILE), im = new Float64Array(TILE * TILE);
  for (let y = 0; y < TILE; y++) for (let x = 0; x < TILE; x++) re[y * TILE + x] = (tile[y * TILE + x]! - mean) * HANN[x]! * HANN[y]!;
  const rr = new Float64Array(TILE), ri = new Float64Array(TILE);
  for (let y = 0; y < TILE; y++) {
    rr.set(re.subarray(y * TILE, (y + 1) * TILE)); ri.set(im.subarray(y * TILE, (y + 1) * TILE));
    fft(rr, ri);
    re.set(rr, y * TILE); im.set(ri, y * TILE);
  }
  for (let x = 0; x < TILE; x++) {
    for (let y = 0; y < TILE; y++) { rr[y] = re[y * TILE + x]!; ri[y] = im[y * TILE + x]!; }
    fft(rr, ri);
    for (let y = 0; y < TILE; y++) power[y * TILE + x] = power[y * TILE + x]! + rr[y]! ** 2 + ri[y]! ** 2;
  }
}

/** A band of the spectrum: ring radii in bins (period = TILE / radius pixels) and an angle range from the axes. */
export interface Band {
  readonly minRadius: number;
  readonly maxRadius: number;
  /** Degrees from the nearest image axis, 0..45. */
  readonly minAxisAngle: number;
  readonly maxAxisAngle: number;
}

/**
 * The strongest peak in `band`: max over bins of ln(power / median power of the bin's ring). Bins on the 8-pixel
 * JPEG block lattice, and their neighbours (the Hann window spreads a peak over three bins), are skipped, since
 * every upload (genuine or not) carries block edges there.
 */
export function peakExcess(power: Float64Array, band: Band): number {
  const rings = ringMedians(power);
  let best = 0;
  for (let v = -TILE / 2 + 1; v < TILE / 2; v++) {
    for (let u = 0; u < TILE / 2; u++) {
      if (nearLattice(u) && nearLattice(v)) continue;
      const r = Math.hypot(u, v);
      if (r < band.minRadius || r > band.maxRadius) continue;
      const angle = (Math.atan2(Math.abs(v), u) * 180) / Math.PI;
      const fromAxis = Math.min(angle, 90 - angle);
      if (fromAxis < band.minAxisAngle || fromAxis > band.maxAxisAngle) continue;
      const p = power[((v + TILE) % TILE) * TILE + u]!;
      const excess = Math.log((p + 1e-9) / (rings[Math.round(r)]! + 1e-9));
      if (excess > best) best = excess;
    }
  }
  return best;
}

/** Within one bin of a multiple of TILE / 8 (the frequencies of an 8-pixel period and its harmonics). */
function nearLattice(k: number): boolean {
  const m = ((k % 8) + 8) % 8;
  return m <= 1 || m >= 7;
}

function ringMedians(power: Float64Array): Float64Array {
  const rings: number[][] = Array.from({ length: TILE }, () => []);
  for (let v = -TILE / 2 + 1; v < TILE / 2; v++) {
    for (let u = 0; u < TILE / 2; u++) {
      const r = Math.round(Math.hypot(u, v));
      if (r < TILE) rings[r]!.push(power[((v + TILE) % TILE) * TILE + u]!);
    }
  }
  return Float64Array.from(rings, (ring) => {
    if (ring.length === 0) return 0;
    ring.sort((a, b) => a - b);
    return ring[ring.length >> 1]!;
  });
}
