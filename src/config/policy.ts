/**
 * Every threshold that turns a measurement into a decision, in one frozen object built at boot.
 * Face thresholds come from the calibration measured by `npm run bench:faces`; see docs/BENCHMARKS.md.
 */
import { FACE_CALIBRATION } from '../adapters/face/index.js';
import { DEFAULT_NAME_POLICY, type NameMatchPolicy } from '../domain/name-match.js';
import type { DecisionPolicy } from '../domain/decide.js';
import type { Config } from './config.js';

export interface FacePolicy {
  /** Cosine similarity at or above which two faces are the same person. */
  readonly threshold: number;
  /** False-accept rate that threshold gave on the calibration set. */
  readonly far: number;
  readonly calibration: string;
}

export interface Policy {
  readonly face: FacePolicy;
  readonly name: NameMatchPolicy;
  readonly decision: DecisionPolicy;
  readonly image: {
    readonly maxPixels: number;
    /** Long side the models see; larger uploads are downscaled after decoding. */
    readonly maxSide: number;
  };
}

export function buildPolicy(config: Config): Policy {
  return Object.freeze({
    face: Object.freeze({ threshold: FACE_CALIBRATION.threshold, far: FACE_CALIBRATION.far, calibration: FACE_CALIBRATION.source }),
    name: DEFAULT_NAME_POLICY,
    decision: Object.freeze({ failExpiredDocuments: config.failExpiredDocuments }),
    image: Object.freeze({ maxPixels: config.limits.maxPixels, maxSide: 1600 }),
  });
}
