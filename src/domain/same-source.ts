/**
 * Were the selfie and the ID portrait taken from the same photo? A genuine selfie is a new photo of the
 * holder: its face descriptor is close to the portrait's but never equal, and its pixels differ in pose,
 * light and expression. The ID image uploaded as the selfie, the same file twice, or the ID portrait cropped
 * and enlarged all give (near-)identical descriptors and aligned face chips. Pure; the bounds come from the
 * policy (src/config/policy.ts, measured by `npm run bench:same-source`).
 */

export interface SameSourcePolicy {
  /** Descriptor cosine similarity at or above which the two faces are one photo (above every genuine pair). */
  readonly maxGenuineSimilarity: number;
  /** Normalised correlation of the aligned grey face chips at or above which the two faces are one photo. */
  readonly maxGenuineChipCorrelation: number;
  /** Mean absolute pixel difference (0-255) at or below which two same-size images are the same picture. */
  readonly identicalPixelDifference: number;
}

export interface SameSourceEvidence {
  readonly identicalBytes: boolean;
  /** Mean absolute RGB difference of the two decoded images, null when their sizes differ. */
  readonly pixelDifference: number | null;
  /** Normalised (Pearson) correlation of the aligned grey face chips, -1..1. */
  readonly chipCorrelation: number;
  /** Cosine similarity of the two face descriptors. */
  readonly similarity: number;
}

/** Which signs of one source were seen; `sameSource` is true when any was. */
export interface SameSourceFinding extends SameSourceEvidence {
  readonly sameSource: boolean;
  readonly signs: readonly SameSourceSign[];
  /** The policy bounds the evidence was judged against, reported with it. */
  readonly bounds: SameSourcePolicy;
}

export type SameSourceSign = 'identical_bytes' | 'identical_pixels' | 'face_chip_correlation' | 'descriptor_similarity';

export function judgeSameSource(evidence: SameSourceEvidence, policy: SameSourcePolicy): SameSourceFinding {
  const signs: SameSourceSign[] = [];
  if (evidence.identicalBytes) signs.push('identical_bytes');
  if (evidence.pixelDifference !== null && evidence.pixelDifference <= policy.identicalPixelDifference) signs.push('identical_pixels');
  if (evidence.chipCorrelation >= policy.maxGenuineChipCorrelation) signs.push('face_chip_correlation');
  if (evidence.similarity >= policy.maxGenuineSimilarity) signs.push('descriptor_similarity');
  return { ...evidence, sameSource: signs.length > 0, signs, bounds: policy };
}

/** Pearson correlation of two equally long sample vectors; 0 when either is flat. */
export function normalizedCorrelation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`length mismatch: ${a.length} vs ${b.length}`);
  const n = a.length;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) { ma += a[i] as number; mb += b[i] as number; }
  ma /= n; mb /= n;
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < n; i++) {
    const x = (a[i] as number) - ma, y = (b[i] as number) - mb;
    ab += x * y; aa += x * x; bb += y * y;
  }
  return aa === 0 || bb === 0 ? 0 : ab / Math.sqrt(aa * bb);
}

/** Samples the mean absolute difference at most this many bytes: exact enough for a bound of a few levels. */
const MAX_DIFFERENCE_SAMPLES = 1 << 18;

/**
 * Mean absolute difference of two packed pictures of the same size (0-255), or null when sizes differ. Large
 * pictures are sampled on a regular stride (co-prime with 3, so every channel is visited).
 */
export function meanAbsoluteDifference(
  a: { readonly width: number; readonly height: number; readonly data: ArrayLike<number> },
  b: { readonly width: number; readonly height: number; readonly data: ArrayLike<number> },
): number | null {
  if (a.width !== b.width || a.height !== b.height || a.data.length !== b.data.length) return null;
  const n = a.data.length;
  if (n === 0) return 0;
  let step = Math.max(1, Math.floor(n / MAX_DIFFERENCE_SAMPLES));
  if (step > 1 && step % 3 === 0) step++;
  let sum = 0, count = 0;
  for (let i = 0; i < n; i += step, count++) sum += Math.abs((a.data[i] as number) - (b.data[i] as number));
  return sum / count;
}
