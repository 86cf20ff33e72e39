import { RECOGNISER_MODEL_ID } from './model-files.js';

/** Decision threshold on cosine similarity of HybridFaceEngine embeddings, measured by bench/faces.ts. */
export interface FaceCalibration {
  /** Recogniser model file the numbers belong to; a different model needs a new calibration. */
  readonly modelId: string;
  readonly metric: 'cosine';
  /** Same person when cosine similarity >= threshold. Chosen for the false-accept rate below. */
  readonly threshold: number;
  /** False-accept rate at `threshold` on the calibration set. */
  readonly far: number;
  /** Threshold maximising LFW accuracy (more permissive; reported for comparison, not used for decisions). */
  readonly accuracyThreshold: number;
  readonly source: string;
}

/**
 * LFW cosine scores of this engine (5th-95th percentile): different people 0.78-0.89, same person 0.93-0.98
 * (dlib descriptors share a large common component, so cosine values sit high; only the calibrated value
 * matters).
 * KYC favours rejecting a genuine user (who can retry) over accepting an impostor, so the service decides at
 * a false-accept rate of 0.1% rather than at the accuracy-optimal point.
 */
export const FACE_CALIBRATION: FaceCalibration = Object.freeze({
  modelId: RECOGNISER_MODEL_ID,
  metric: 'cosine',
  threshold: 0.9243,
  far: 1e-3,
  accuracyThreshold: 0.912,
  source: 'LFW View 2, all 10 folds (6,000 pairs; 3 of 3,000 different pairs at or above threshold), '
    + 'TAR 96.97%; accuracy-optimal 0.912 gave 99.13 +- 0.30% (bench/faces.ts, 2026-11-25)',
});

/** One measured operating point: at `threshold`, `falseAccepts` of `negatives` different-person pairs passed. */
export interface FarPoint {
  readonly threshold: number;
  readonly falseAccepts: number;
  readonly negatives: number;
  /** True-accept rate at `threshold` on the same set's same-person pairs. */
  readonly tar: number;
}

/**
 * Operating points of FACE_CALIBRATION.modelId on LFW View 2, all 10 folds (3,000 same / 3,000 different
 * pairs; `bench/faces.ts --set lfw --far-table`, here from the two --scores halves of the calibration run with
 * `--merge a.json,b.json --far-table`; 2026-11-25). Each threshold is the
 * lowest cosine, rounded UP to 4 decimals, at which at most the listed number of different pairs score at or
 * above it. FAR 1e-4 is not measurable with 3,000 impostor pairs: the strictest point accepts none of them
 * (and 72% of genuine pairs: the highest impostor score, 0.9493, is an outlier).
 */
export const FAR_TABLE: readonly FarPoint[] = Object.freeze([
  { threshold: 0.8808, falseAccepts: 298, negatives: 3000, tar: 0.998 },
  { threshold: 0.8913, falseAccepts: 149, negatives: 3000, tar: 0.9953 },
  { threshold: 0.9021, falseAccepts: 59, negatives: 3000, tar: 0.993 },
  { threshold: 0.9094, falseAccepts: 30, negatives: 3000, tar: 0.991 },
  { threshold: 0.9145, falseAccepts: 15, negatives: 3000, tar: 0.9873 },
  { threshold: 0.9218, falseAccepts: 6, negatives: 3000, tar: 0.9777 },
  { threshold: 0.9243, falseAccepts: 3, negatives: 3000, tar: 0.9697 },
  { threshold: 0.9248, falseAccepts: 1, negatives: 3000, tar: 0.9683 },
  { threshold: 0.9493, falseAccepts: 0, negatives: 3000, tar: 0.722 },
].map((p) => Object.freeze(p)));

export interface OperatingPoint {
  readonly threshold: number;
  /** FAR measured at `threshold` (for a point with no false accept: 1 / negatives, the set's resolution). */
  readonly far: number;
  readonly tar: number;
  /** The requested FAR is below what the calibration set can measure; the strictest point was used. */
  readonly beyondMeasurement: boolean;
  readonly source: string;
}

/**
 * The decision threshold for a target false-accept rate, from FAR_TABLE. Conservative: the loosest measured
 * point whose FAR does not exceed `targetFar` (a target between two points gets the stricter one; no
 * interpolation could promise the target). Below the strictest measurable rate, the strictest point.
 */
export function thresholdForFar(targetFar: number, table: readonly FarPoint[] = FAR_TABLE): OperatingPoint {
  if (!(targetFar > 0 && targetFar < 1)) throw new RangeError(`target FAR must be in (0, 1), got ${targetFar}`);
  if (table.length === 0) throw new RangeError('empty FAR table');
  const far = (p: FarPoint): number => p.falseAccepts / p.negatives;
  const admissible = table.filter((p) => p.falseAccepts > 0 && far(p) <= targetFar);
  const strictest = table.reduce((a, b) => (b.threshold > a.threshold ? b : a));
  const chosen = admissible.length > 0 ? admissible.reduce((a, b) => (b.threshold < a.threshold ? b : a)) : strictest;
  const beyondMeasurement = admissible.length === 0;
  const measured = chosen.falseAccepts > 0 ? far(chosen) : 1 / chosen.negatives;
  return {
    threshold: chosen.threshold,
    far: measured,
    tar: chosen.tar,
    beyondMeasurement,
    source: `target FAR ${targetFar}: threshold ${chosen.threshold} accepted ${chosen.falseAccepts} of ${chosen.negatives} `
      + `LFW different-person pairs (TAR ${(100 * chosen.tar).toFixed(2)}%)`
      + (beyondMeasurement ? `; the target is below what ${chosen.negatives} pairs can measure, strictest point used` : ''),
  };
}
