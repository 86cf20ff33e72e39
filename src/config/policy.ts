/**
 * Every threshold that turns a measurement into a decision, in one frozen object built at boot.
 * Face thresholds come from the calibration measured by `npm run bench:faces`; see docs/BENCHMARKS.md.
 */
import { FACE_CALIBRATION, thresholdForFar } from '../adapters/face/calibration.js';
import type { FaceQualityPolicy } from '../domain/face-quality.js';
import { DEFAULT_NAME_POLICY, type NameMatchPolicy } from '../domain/name-match.js';
import type { DecisionPolicy } from '../domain/decide.js';
import { DEFAULT_DOCUMENT_POLICY, type DocumentPolicy } from '../domain/document-checks.js';
import type { SameSourcePolicy } from '../domain/same-source.js';
import type { DocumentInSelfiePolicy } from '../domain/document-in-selfie.js';
import type { PresentationModel } from '../domain/presentation-attack.js';
import { PRESENTATION_MODEL } from '../domain/presentation-calibration.js';
import type { LivenessPolicy } from '../domain/liveness.js';
import type { Config } from './config.js';

export interface FacePolicy {
  /** Cosine similarity at or above which two faces are the same person. */
  readonly threshold: number;
  /** False-accept rate that threshold gave on the calibration set (at most the requested target). */
  readonly far: number;
  /** The operator's target FAR (FACE_TARGET_FAR) the threshold was looked up for. */
  readonly targetFar: number;
  readonly calibration: string;
  /** Quality gates applied to the chosen face of each image. */
  readonly quality: FaceQualityPolicy;
}

/**
 * Face quality gates (src/domain/face-quality.ts). Chosen from `npm run bench:face-quality` over 400 LFW images,
 * 300 ID-photo-simulation cards and 30 LFW images under each of ten degradations (docs/FACE-QUALITY.md):
 * every reject limit passes all LFW images except true two-person photos, and rejects every detected face of
 * the clearly unusable degradations. Pixel sizes are in the analysed image (uploads are downscaled to
 * `image.maxSide` first).
 */
export const DEFAULT_FACE_QUALITY: FaceQualityPolicy = Object.freeze({
  /**
   * Eyes closer than this cannot fill the recogniser's 150 px chip. LFW: 32 px at p1; LFW shrunk to half
   * size: 17.8 px at the minimum (passes); to a quarter: 8-12 px (rejected).
   */
  rejectInterOcularPx: 15,
  /** Below this the face is usable but small: ask for a closer photo. */
  warnInterOcularPx: 25,
  /**
   * Normalised Laplacian (sd of the Laplacian / sd of the 96 px grey face crop). LFW: 0.145 at p1; blur
   * sigma 1.5: 0.113 at p1 (passes); blur sigma 4: 0.085 at most (rejected).
   */
  rejectSharpness: 0.1,
  warnSharpness: 0.14,
  /** Mean luma of the central face region, 0-255. LFW 77-185 (p1-p99); darkened to 15%: 24 at most. */
  rejectBrightnessBelow: 30,
  /** LFW at most ~190; brightened x2.5+90: 235 and up. */
  rejectBrightnessAbove: 235,
  warnBrightnessBelow: 60,
  warnBrightnessAbove: 210,
  /** Fraction of the face clipped to black or white that makes it unusable (glare, blown highlights). LFW p99: 2.4%. */
  rejectClippedFraction: 0.5,
  /**
   * |yaw| / |pitch| in degrees (approximate pose from the landmark model). LFW p99: yaw 36, pitch 24; no
   * degraded set exists for pose, so the reject limits sit well outside what genuine captures show.
   */
  rejectYaw: 50,
  rejectPitch: 45,
  warnYaw: 30,
  warnPitch: 30,
  /**
   * A second face with at least 85% of the chosen face's detector score and size is a second person. Two LFW
   * faces side by side: 0.89 at p1; LFW photos: 4 of 400 reach 0.85, each a photo of two people.
   */
  comparableFaceRatio: 0.85,
});

/**
 * Same-source bounds (src/domain/same-source.ts): a selfie whose face is this close to the ID portrait is
 * a copy of it, not a new photo. Measured by `npm run bench:same-source` (docs/PRESENTATION-ATTACKS.md).
 */
export const DEFAULT_SAME_SOURCE: SameSourcePolicy = Object.freeze({
  /**
   * Genuine maxima: LFW all 10 folds 0.9964 (a press photo published twice; 0.9941 for two different photos),
   * DeepFace 0.9902, idsim 0.9858. Copies of the demo card's portrait: 0.9988 and up.
   */
  maxGenuineSimilarity: 0.997,
  /** Two different photos of one person correlate at most 0.941 (LFW), copies of one portrait 0.995 (p50). */
  maxGenuineChipCorrelation: 0.97,
  // Re-encoding the same picture at JPEG quality 60 moves pixels by ~2 on average; two photos differ by tens.
  identicalPixelDifference: 4,
});

/**
 * Document-in-selfie limits (src/domain/document-in-selfie.ts), measured by `npm run bench:document-in-selfie`
 * (docs/PRESENTATION-ATTACKS.md). On 1,000 LFW photos (press backdrops, signs, logos) at most 8 lines pass as
 * small print near the face and no row is MRZ-shaped; photos of documents show 12 (idsim cards, p50) to 18
 * (specimens, p50) such lines and 3-4 MRZ rows.
 */
export const DEFAULT_DOCUMENT_IN_SELFIE: DocumentInSelfiePolicy = Object.freeze({
  minBoxScore: 0.6,
  maxLineToFace: 0.35,
  nearFaceReach: 2.5,
  mrzAspect: 14,
  minLinesNearFace: 10,
  minMrzRows: 2,
});

/**
 * Active liveness (src/domain/liveness.ts). Angles are FaceMesh's approximate pose (pose.ts), relative to the
 * most frontal frame; the parallax bound sits between the flat-picture clips and the head-turn clips of
 * `npm run bench:liveness` (docs/LIVENESS.md).
 */
export const DEFAULT_LIVENESS = Object.freeze({
  turnYaw: 15,
  tiltPitch: 10,
  frontalWithin: 8,
  maxFrontalPose: 25,
  // Only the same picture twice (a replayed frame) comes this close; camera noise alone differs by more.
  duplicateDifference: 0.1,
  minParallax: 0.2,
  /** A challenge may be answered this long after it was issued. */
  challengeTtlMs: 120_000,
  /** Frames accepted per verification (each costs one face analysis). */
  maxFrames: 16,
  /** Largest accepted frame, bytes: a 1280 px JPEG from the page is ~150 kB. */
  maxFrameBytes: 2 * 1024 * 1024,
  /** Frames larger than this on the long side are refused (the page sends 640 px). */
  maxFrameSide: 1920,
});

export interface Policy {
  readonly face: FacePolicy;
  readonly name: NameMatchPolicy;
  readonly decision: DecisionPolicy;
  /** What a document must show for a Verified answer (src/domain/document-checks.ts). */
  readonly document: DocumentPolicy;
  /** Presentation-attack checks: the selfie must be a new photo of a face, not the document or a copy of it. */
  readonly presentation: {
    readonly sameSource: SameSourcePolicy;
    readonly documentInSelfie: DocumentInSelfiePolicy;
    /**
     * Passive screen/print replay check (src/domain/presentation-attack.ts): its model, with the threshold
     * calibrated to BPCER 1% on the simulated set (`npm run bench:presentation`) unless REPLAY_THRESHOLD sets one,
     * and whether a replay blocks Verified or is only reported.
     */
    readonly replay: { readonly model: PresentationModel; readonly block: boolean };
  };
  /** Active liveness: the judgement's bounds (sameIdentity is the face threshold) and whether it is required. */
  readonly liveness: LivenessPolicy & Omit<typeof DEFAULT_LIVENESS, keyof LivenessPolicy> & { readonly required: boolean };
  readonly image: {
    readonly maxPixels: number;
    /** Long side the models see; larger uploads are downscaled after decoding. */
    readonly maxSide: number;
  };
}

/**
 * The face threshold is the calibrated one for the operator's target FAR (FACE_TARGET_FAR), never looser than
 * measured (thresholdForFar).
 */
export function buildPolicy(config: Config): Policy {
  const targetFar = config.faceTargetFar;
  const point = thresholdForFar(targetFar);
  return Object.freeze({
    face: Object.freeze({
      threshold: point.threshold,
      far: point.far,
      targetFar,
      calibration: `${FACE_CALIBRATION.modelId}: ${point.source}`,
      quality: DEFAULT_FACE_QUALITY,
    }),
    name: DEFAULT_NAME_POLICY,
    decision: Object.freeze({ failExpiredDocuments: config.failExpiredDocuments }),
    document: Object.freeze({
      ...DEFAULT_DOCUMENT_POLICY,
      requireMrz: config.requireMrz,
      allowSpecimenDocuments: config.allowSpecimenDocuments,
    }),
    presentation: Object.freeze({
      sameSource: DEFAULT_SAME_SOURCE,
      documentInSelfie: DEFAULT_DOCUMENT_IN_SELFIE,
      replay: Object.freeze({
        model: config.replayThreshold === undefined ? PRESENTATION_MODEL : Object.freeze({ ...PRESENTATION_MODEL, threshold: config.replayThreshold }),
        block: config.replayAction === 'block',
      }),
    }),
    liveness: Object.freeze({ ...DEFAULT_LIVENESS, sameIdentity: point.threshold, required: config.requireLiveness }),
    image: Object.freeze({ maxPixels: config.limits.maxPixels, maxSide: 1600 }),
  });
}
