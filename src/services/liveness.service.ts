/**
 * Active liveness for one verification: take the challenge (single use), decode and analyse every frame,
 * measure pose, landmarks, identity against the selfie and a thumbnail, and let domain/liveness.ts judge.
 * The most frontal frame becomes the selfie the face match uses.
 */
import type { PixelDecoder } from '../adapters/image/decode-pixels.js';
import { decodeImage, type DecodedImage } from '../adapters/image/decode-image.js';
import { greyThumbnail } from '../adapters/image/thumbnail.js';
import type { DetectedFace } from '../adapters/face/face.types.js';
import { cosineSimilarity, FACE_OVAL, NOSE, selectPrimaryFace } from '../adapters/face/index.js';
import { InputError, type InputProblem } from '../domain/errors.js';
import { judgeLiveness, type LivenessFrame, type LivenessJudgement, type LivenessReason, type LivenessStep } from '../domain/liveness.js';
import type { Policy } from '../config/policy.js';
import type { ChallengeStore } from './liveness-challenges.js';
import type { FaceAnalyzer } from './verification.service.js';

export interface LivenessInput {
  readonly challengeId: string;
  readonly frames: readonly Buffer[];
}

export interface LivenessEvidence {
  readonly challengeId: string;
  /** The steps asked for; empty when the challenge was unknown or expired. */
  readonly steps: readonly LivenessStep[];
  readonly passed: boolean;
  readonly reasons: readonly LivenessReason[];
  readonly framesReceived: number;
  /** Per frame: pose (degrees, null without a face), label, similarity to image1. */
  readonly frames: readonly { readonly yaw: number | null; readonly pitch: number | null; readonly label: string; readonly similarity: number | null }[];
  readonly observed: readonly LivenessStep[];
  readonly selfieFrame: number | null;
  readonly parallax: number | null;
  readonly minParallax: number;
  readonly minSimilarity: number | null;
}

export interface LivenessDeps {
  readonly faces: FaceAnalyzer;
  readonly challenges: ChallengeStore | undefined;
  readonly policy: Policy;
  readonly now: () => Date;
  readonly decode?: PixelDecoder;
}

export interface LivenessOutcome {
  readonly evidence: LivenessEvidence;
  /** The frame to match against the ID (the most frontal one), or null to keep image1. */
  readonly selfie: Buffer | null;
}

export async function checkLiveness(input: LivenessInput, selfieBytes: Buffer, deps: LivenessDeps): Promise<LivenessOutcome> {
  const policy = deps.policy.liveness;
  const taken = deps.challenges?.take(input.challengeId, deps.now()) ?? { problem: 'unknown' as const };
  if ('problem' in taken) {
    const reason: LivenessReason = taken.problem === 'expired' ? 'LIVENESS_CHALLENGE_EXPIRED' : 'LIVENESS_CHALLENGE_UNKNOWN';
    return { evidence: unanswered(input, reason, policy.minParallax), selfie: null };
  }
  const limits = { maxPixels: policy.maxFrameSide * policy.maxFrameSide, maxSide: deps.policy.image.maxSide };
  const { selfie, frames } = await decodeAll(selfieBytes, input.frames, limits, deps.decode, deps.policy.image);
  const analyses = await Promise.all([selfie, ...frames].map((d) => deps.faces.analyze(d.image)));
  const selfieFace = pick(analyses[0] ?? [], selfie);
  const measured: LivenessFrame[] = frames.map((decoded, i) => {
    const face = pick(analyses[i + 1] ?? [], decoded);
    return {
      face: face === undefined ? null : {
        yaw: face.pose.yaw,
        pitch: face.pose.pitch,
        ...regions(face),
        interOcular: Math.hypot(face.landmarks.rightEye.x - face.landmarks.leftEye.x, face.landmarks.rightEye.y - face.landmarks.leftEye.y),
        similarity: selfieFace === undefined ? 0 : cosineSimilarity(selfieFace.embedding, face.embedding),
      },
      thumbnail: greyThumbnail(decoded.image),
    };
  });
  const judgement = judgeLiveness(measured, taken.challenge.steps, policy);
  const frontal = judgement.frontalIndex;
  const usable = frontal !== null && !judgement.reasons.includes('LIVENESS_NO_FRONTAL_FRAME');
  return {
    evidence: present(input, taken.challenge.steps, measured, judgement, policy.minParallax),
    selfie: usable ? (input.frames[frontal] as Buffer) : null,
  };
}

function pick(faces: readonly DetectedFace[], decoded: DecodedImage): DetectedFace | undefined {
  return selectPrimaryFace(faces, decoded.image.width, decoded.image.height);
}

/** The face outline and the nose from the mesh; from the five landmarks (eyes and mouth around the nose) without one. */
function regions(face: DetectedFace): Pick<NonNullable<LivenessFrame['face']>, 'rim' | 'probe'> {
  const mesh = face.mesh;
  if (mesh !== undefined && mesh.length >= 468) {
    return { rim: FACE_OVAL.map((i) => mesh[i] as { x: number; y: number }), probe: NOSE.map((i) => mesh[i] as { x: number; y: number }) };
  }
  const l = face.landmarks;
  return { rim: [l.leftEye, l.rightEye, l.mouthRight, l.mouthLeft], probe: [l.nose] };
}

/** Decodes image1 and every frame; a broken frame is a 400 naming its position. */
async function decodeAll(selfie: Buffer, frames: readonly Buffer[], frameLimits: { maxPixels: number; maxSide: number },
  decode: PixelDecoder | undefined, selfieLimits: { maxPixels: number; maxSide: number }): Promise<{ selfie: DecodedImage; frames: DecodedImage[] }> {
  const results = await Promise.allSettled([
    decodeImage('image1', selfie, selfieLimits, decode),
    ...frames.map((bytes) => decodeImage('frames', bytes, frameLimits, decode)),
  ]);
  const problems: InputProblem[] = [];
  results.forEach((r, i) => {
    if (r.status === 'fulfilled') return;
    if (!(r.reason instanceof InputError)) throw r.reason;
    problems.push(...r.reason.problems.map((p) => (i === 0 ? p : { ...p, reason: `frame ${i}: ${p.reason}` })));
  });
  if (problems.length > 0) throw new InputError(problems as [InputProblem, ...InputProblem[]]);
  const [first, ...rest] = results.map((r) => (r as PromiseFulfilledResult<DecodedImage>).value);
  return { selfie: first as DecodedImage, frames: rest };
}

function unanswered(input: LivenessInput, reason: LivenessReason, minParallax: number): LivenessEvidence {
  return {
    challengeId: input.challengeId, steps: [], passed: false, reasons: [reason], framesReceived: input.frames.length, frames: [],
    observed: [], selfieFrame: null, parallax: null, minParallax, minSimilarity: null,
  };
}

function present(input: LivenessInput, steps: readonly LivenessStep[], frames: readonly LivenessFrame[], j: LivenessJudgement,
  minParallax: number): LivenessEvidence {
  return {
    challengeId: input.challengeId,
    steps,
    passed: j.passed,
    reasons: j.reasons,
    framesReceived: frames.length,
    frames: frames.map((f, i) => ({
      yaw: f.face === null ? null : round(f.face.yaw, 1),
      pitch: f.face === null ? null : round(f.face.pitch, 1),
      label: j.labels[i] ?? 'no_face',
      similarity: f.face === null ? null : round(f.face.similarity, 4),
    })),
    observed: j.observed,
    selfieFrame: j.frontalIndex,
    parallax: j.parallax === null ? null : round(j.parallax, 4),
    minParallax,
    minSimilarity: j.minSimilarity === null ? null : round(j.minSimilarity, 4),
  };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
