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
