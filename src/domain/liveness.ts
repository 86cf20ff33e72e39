/**
 * Active liveness, decided as a pure function: did the frames captured during a challenge show one person,
 * in new frames, moving their head in the asked order, and moving it in depth (landmark parallax) rather than
 * a flat picture being rotated, sheared or tilted? The service measures; this file judges.
 */
import { probeResidual, type Point2 } from './homography.js';

export const LIVENESS_STEPS = ['turn_left', 'turn_right', 'look_up', 'look_down'] as const;
export type LivenessStep = (typeof LIVENESS_STEPS)[number];

export type LivenessReason =
  | 'LIVENESS_CHALLENGE_UNKNOWN'
  | 'LIVENESS_CHALLENGE_EXPIRED'
  | 'LIVENESS_TOO_FEW_FRAMES'
  | 'LIVENESS_FACE_MISSING'
  | 'LIVENESS_NO_FRONTAL_FRAME'
  | 'LIVENESS_STEPS_NOT_FOLLOWED'
  | 'LIVENESS_IDENTITY_CHANGED'
  | 'LIVENESS_DUPLICATE_FRAMES'
  | 'LIVENESS_FLAT_MOTION';

export interface LivenessPolicy {
  /** |yaw| in degrees (relative to the first frame, where the person faces the camera) that counts as a head turn. */
  readonly turnYaw: number;
  /** |pitch| in degrees (relative to the first frame) that counts as looking up or down. */
  readonly tiltPitch: number;
  /** A frame within this many degrees of yaw and pitch of the first one counts as frontal. */
  readonly frontalWithin: number;
  /** Absolute |yaw| and |pitch| the most frontal frame may show at most (it becomes the matched selfie). */
  readonly maxFrontalPose: number;
  /** Mean absolute grey difference (0-255, on the 160 px thumbnails) below which two frames are one picture. */
  readonly duplicateDifference: number;
  /**
   * Parallax (RMS distance of the nose landmarks from where the face outline's homography puts them, in
   * inter-ocular distances) between the frontal frame and a turned one, below which the motion is that of
   * a flat picture.
   */
  readonly minParallax: number;
  /** Cosine similarity each frame's face must reach against the selfie's (the face threshold). */
  readonly sameIdentity: number;
}

/** What the service measured on one frame; `face` is null when no face was found. */
export interface LivenessFrame {
  readonly face: {
    readonly yaw: number;
    readonly pitch: number;
    /** Landmarks on the face outline (the same ones, in the same order, in every frame): the homography is fitted on them. */
    readonly rim: readonly Point2[];
    /** Landmarks standing out in depth (the nose): their distance from the outline's homography is the parallax. */
    readonly probe: readonly Point2[];
    readonly interOcular: number;
    /** Cosine similarity to the selfie (image1). */
    readonly similarity: number;
  } | null;
  /** Grey thumbnail of the whole frame (the same size for every frame). */
  readonly thumbnail: Uint8Array;
}

export type FrameLabel = 'frontal' | LivenessStep | 'between' | 'no_face';

export interface LivenessJudgement {
  readonly passed: boolean;
  readonly reasons: readonly LivenessReason[];
  /** Each frame's pose label, in order. */
  readonly labels: readonly FrameLabel[];
  /** The movements seen, runs collapsed, in order. */
  readonly observed: readonly LivenessStep[];
  /** Index of the most frontal frame (the selfie used for matching), or null. */
  readonly frontalIndex: number | null;
  /** Largest parallax from the frontal frame to a turned frame (inter-ocular distances), or null. */
  readonly parallax: number | null;
  readonly minSimilarity: number | null;
}

/** 2 or 3 distinct steps in a random order; `random` returns [0, 1) (crypto-backed in the service). */
export function drawSteps(random: () => number): LivenessStep[] {
  const pool: LivenessStep[] = [...LIVENESS_STEPS];
  const count = random() < 0.5 ? 2 : 3;
  const steps: LivenessStep[] = [];
  for (let i = 0; i < count; i++) {
    const [step] = pool.splice(Math.min(pool.length - 1, Math.floor(random() * pool.length)), 1);
    if (step !== undefined) steps.push(step);
  }
  return steps;
}

/**
 * Labels a pose relative to the frontal reference. Signs follow pose.ts: yaw > 0 is the face turned towards
 * the image's right edge, which is the person's own left in an unmirrored camera frame; pitch > 0 is chin up.
 */
export function labelPose(yaw: number, pitch: number, policy: LivenessPolicy): Exclude<FrameLabel, 'no_face'> {
  const ay = Math.abs(yaw), ap = Math.abs(pitch);
  if (ay <= policy.frontalWithin && ap <= policy.frontalWithin) return 'frontal';
  if (ay >= policy.turnYaw && ay > ap) return yaw > 0 ? 'turn_left' : 'turn_right';
  if (ap >= policy.tiltPitch && ap > ay) return pitch > 0 ? 'look_up' : 'look_down';
  return 'between';
}

export function judgeLiveness(frames: readonly LivenessFrame[], steps: readonly LivenessStep[], policy: LivenessPolicy): LivenessJudgement {
  const reasons = new Set<LivenessReason>();
  if (frames.length < steps.length + 1) reasons.add('LIVENESS_TOO_FEW_FRAMES');
  if (frames.some((f) => f.face === null)) reasons.add('LIVENESS_FACE_MISSING');
  if (hasDuplicates(frames, policy.duplicateDifference)) reasons.add('LIVENESS_DUPLICATE_FRAMES');

  // The selfie is the most frontal frame; movements are read against the first frame, where the challenge
  // has the person face the camera (pose estimates of a frontal face are biased differently per face).
  const frontalIndex = mostFrontal(frames);
  const selfie = frontalIndex === null ? null : (frames[frontalIndex] as LivenessFrame).face;
  if (selfie === null || Math.max(Math.abs(selfie.yaw), Math.abs(selfie.pitch)) > policy.maxFrontalPose) {
    reasons.add('LIVENESS_NO_FRONTAL_FRAME');
  }
  const frontal = frames.find((f) => f.face !== null)?.face ?? null;
  const labels: FrameLabel[] = frames.map((f) =>
    f.face === null || frontal === null ? 'no_face' : labelPose(f.face.yaw - frontal.yaw, f.face.pitch - frontal.pitch, policy));
  const observed = collapse(labels);
  if (observed.length !== steps.length || observed.some((s, i) => s !== steps[i])) reasons.add('LIVENESS_STEPS_NOT_FOLLOWED');

  const similarities = frames.flatMap((f) => (f.face === null ? [] : [f.face.similarity]));
  const minSimilarity = similarities.length > 0 ? Math.min(...similarities) : null;
  if (minSimilarity !== null && minSimilarity < policy.sameIdentity) reasons.add('LIVENESS_IDENTITY_CHANGED');

  const parallax = frontal === null ? null : largestResidual(frames, labels, frontal);
  if (parallax !== null && parallax < policy.minParallax) reasons.add('LIVENESS_FLAT_MOTION');
  if (parallax === null && !reasons.has('LIVENESS_STEPS_NOT_FOLLOWED')) reasons.add('LIVENESS_FLAT_MOTION');

  const list = [...reasons];
  return { passed: list.length === 0, reasons: list, labels, observed, frontalIndex, parallax, minSimilarity };
}

/** The frame whose face is closest to frontal (smallest yaw and pitch), or null without faces. */
export function mostFrontal(frames: readonly LivenessFrame[]): number | null {
  let best: number | null = null, bestScore = Infinity;
  frames.forEach((f, i) => {
    if (f.face === null) return;
    const score = f.face.yaw ** 2 + f.face.pitch ** 2;
    if (score < bestScore) { bestScore = score; best = i; }
  });
  return best;
}

/** Movement labels in order, with repeats and frontal/in-between frames dropped. */
function collapse(labels: readonly FrameLabel[]): LivenessStep[] {
  const out: LivenessStep[] = [];
  for (const label of labels) {
    if (label === 'frontal' || label === 'between' || label === 'no_face') continue;
    if (out[out.length - 1] !== label) out.push(label);
  }
  return out;
}

function largestResidual(frames: readonly LivenessFrame[], labels: readonly FrameLabel[], frontal: NonNullable<LivenessFrame['face']>): number | null {
  let largest: number | null = null;
  frames.forEach((f, i) => {
    const label = labels[i];
    if (f.face === null || label === 'frontal' || label === 'between' || label === 'no_face') return;
    const r = probeResidual(frontal.rim, f.face.rim, frontal.probe, f.face.probe, frontal.interOcular);
    if (Number.isFinite(r)) largest = Math.max(largest ?? 0, r);
  });
  return largest;
}

function hasDuplicates(frames: readonly LivenessFrame[], limit: number): boolean {
  for (let i = 0; i < frames.length; i++) {
    for (let j = i + 1; j < frames.length; j++) {
      if (meanDifference((frames[i] as LivenessFrame).thumbnail, (frames[j] as LivenessFrame).thumbnail) < limit) return true;
    }
  }
  return false;
}

function meanDifference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length || a.length === 0) return Infinity;
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] as number) - (b[i] as number));
  return sum / a.length;
}
