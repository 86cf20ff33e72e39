/**
 * Verification orchestration: decode the uploads, run face analysis on the selfie and the ID and document
 * reading on the ID (and its back) in parallel, pick the primary faces, take the name decision, decide. No
 * HTTP here; the route and the CLI both call `verify`.
 */
import { performance } from 'node:perf_hooks';
import { decodeImage, type DecodedImage } from '../adapters/image/decode-image.js';
import type { PixelDecoder } from '../adapters/image/decode-pixels.js';
import type { Box, ModelInfo, RgbImage } from '../adapters/image/rgb-image.js';
import type { DetectedFace } from '../adapters/face/face.types.js';
import type { DocumentReading, ReadHints } from '../adapters/document/document.types.js';
import { cosineSimilarity, selectPrimaryFace } from '../adapters/face/index.js';
import { decide, type Decision } from '../domain/decide.js';
import { IMAGE_LABEL, InputError, type ImageField, type InputErrorCode, type InputProblem } from '../domain/errors.js';
import {
  assessFaceQuality, measureFaceQuality, type FaceQualityMeasures, type ImageRole, type QualityIssue, type QualityIssueCode,
} from '../domain/face-quality.js';
import type { NameMatch } from '../domain/name-match.js';
import type { Policy } from '../config/policy.js';
import { readDocumentImages, type DocumentOutcome } from './document-reading.js';
import type { TextBox } from '../adapters/document/document.types.js';
import { checkPresentation, presentationFindings, type PresentationEvidence } from './presentation-checks.js';
import { checkLiveness, type LivenessEvidence, type LivenessInput } from './liveness.service.js';
import type { ChallengeStore } from './liveness-challenges.js';

export interface FaceAnalyzer {
  analyze(image: RgbImage): Promise<DetectedFace[]>;
  readonly models: readonly ModelInfo[];
}

export interface DocumentReader {
  read(image: RgbImage, hints?: ReadHints): Promise<DocumentReading>;
  /** Text boxes only, for the document-in-selfie check. */
  findText(image: RgbImage): Promise<TextBox[]>;
  readonly models: readonly ModelInfo[];
}

export interface VerificationDeps {
  readonly faces: FaceAnalyzer;
  readonly documents: DocumentReader;
  readonly policy: Policy;
  readonly now: () => Date;
  /** Runs libvips: the server's decode-process pool; in-process when absent (CLI, benchmarks: no time bound). */
  readonly decode?: PixelDecoder;
  /** Issued liveness challenges; a request answering one is judged by liveness.service.ts. */
  readonly challenges?: ChallengeStore;
}

export interface VerifyInput {
  /** image1: the live selfie. */
  readonly live: Buffer;
  /** image2: the photo of the identity document (the side with the portrait). */
  readonly id: Buffer;
  /** image3: the back of the identity document, when sent; the MRZ is read from whichever side carries it. */
  readonly idBack?: Buffer;
  readonly name: string;
  /** The answer to a liveness challenge (challenge_id + frames), when the client sent one. */
  readonly liveness?: LivenessInput;
}

export interface FaceSide {
  readonly facesFound: number;
  /** Selected face in upload pixel coordinates (after EXIF orientation). */
  readonly box: Box;
  readonly detectorScore: number;
  readonly imageSize: { readonly width: number; readonly height: number };
  /** Quality of the selected face; `issues` here are only warnings (rejecting ones end in InputError). */
  readonly quality: { readonly measures: FaceQualityMeasures; readonly issues: readonly QualityIssue[] };
}

export interface VerificationOutcome {
  readonly decision: Decision;
  readonly face: {
    readonly similarity: number;
    readonly threshold: number;
    readonly far: number;
    readonly targetFar: number;
    readonly live: FaceSide;
    readonly id: FaceSide;
  };
  readonly name: NameMatch;
  readonly document: DocumentOutcome;
  /** Presentation-attack evidence about image1 (src/services/presentation-checks.ts). */
  readonly presentation: PresentationEvidence;
  /** Active liveness evidence, or null when the request answered no challenge. */
  readonly liveness: LivenessEvidence | null;
  readonly models: readonly ModelInfo[];
  readonly timingsMs: { readonly decode: number; readonly inference: number; readonly total: number };
}


/**
 * Runs both checks and returns the decision with its evidence. Throws InputError for uploads that
 * cannot be judged (undecodable image, no face); every problem found is reported, not just the first.
 */
export async function verify(input: VerifyInput, deps: VerificationDeps): Promise<VerificationOutcome> {
  const t0 = performance.now();
  const limits = deps.policy.image;
  if (input.liveness === undefined && deps.policy.liveness.required) {
    throw InputError.of('challenge_id', 'ERR_LIVENESS_REQUIRED', 'this service requires a liveness challenge: send challenge_id (POST /liveness/challenge) and its frames');
  }
  // The most frontal frame of a challenge answer is the selfie the face match uses.
  const liveness = input.liveness === undefined ? null : await checkLiveness(input.liveness, input.live, { ...deps, challenges: deps.challenges });
  const liveBytes = liveness?.selfie ?? input.live;
  const decodes = [decodeImage('image1', liveBytes, limits, deps.decode), decodeImage('image2', input.id, limits, deps.decode)];
  if (input.idBack !== undefined) decodes.push(decodeImage('image3', input.idBack, limits, deps.decode));
  const [live, id, idBack] = (await settleAll(decodes)) as [DecodedImage, DecodedImage, DecodedImage?];
  const t1 = performance.now();

  const [liveFaces, idFaces, liveText, read] = await Promise.all([
    deps.faces.analyze(live.image),
    deps.faces.analyze(id.image),
    // Queued before the reading: text detection alone is short, and the reading's result is needed last.
    deps.documents.findText(live.image),
    readDocumentImages({ front: id.image, ...(idBack ? { back: idBack.image } : {}) }, input.name, deps),
  ]);
  const document = read.document;
  const t2 = performance.now();

  const livePick = selectPrimaryFace(liveFaces, live.image.width, live.image.height);
  const idPick = selectPrimaryFace(idFaces, id.image.width, id.image.height);
  const missing: InputProblem[] = [];
  if (livePick === undefined) missing.push(noFace('image1'));
  if (idPick === undefined) missing.push(noFace('image2'));
  if (livePick === undefined || idPick === undefined) throw new InputError(missing as [InputProblem, ...InputProblem[]]);

  const liveQuality = quality(live.image, livePick, liveFaces, 'live', deps.policy);
  const idQuality = quality(id.image, idPick, idFaces, 'id', deps.policy);
  const unusable = [...rejections('image1', liveQuality.issues), ...rejections('image2', idQuality.issues)];
  if (unusable.length > 0) throw new InputError(unusable as [InputProblem, ...InputProblem[]]);

  const similarity = cosineSimilarity(livePick.embedding, idPick.embedding);
  // The document worker matched the typed name where it read the page (page-names.ts).
  const name = read.name;
  const presentation = checkPresentation({
    liveBytes, idBytes: input.id, live: live.image, id: id.image, liveFace: livePick, idFace: idPick, liveText, similarity,
  }, deps.policy.presentation);
  const decision = decide(
    {
      face: { similarity, threshold: deps.policy.face.threshold },
      name,
      documentExpired: document.expired,
      document: document.checks,
      presentation: presentationFindings(presentation),
      ...(liveness === null ? {} : { liveness: liveness.evidence }),
    },
    deps.policy.decision,
  );
  const t3 = performance.now();

  return {
    decision,
    face: {
      similarity,
      threshold: deps.policy.face.threshold,
      far: deps.policy.face.far,
      targetFar: deps.policy.face.targetFar,
      live: side(live, liveFaces.length, livePick, liveQuality),
      id: side(id, idFaces.length, idPick, idQuality),
    },
    name,
    document,
    presentation,
    liveness: liveness?.evidence ?? null,
    models: [...deps.faces.models, ...deps.documents.models],
    timingsMs: { decode: round(t1 - t0), inference: round(t2 - t1), total: round(t3 - t0) },
  };
}

/** Awaits every decode and reports all failing fields together, so a client can fix them all at once. */
export async function settleAll(decodes: readonly Promise<DecodedImage>[]): Promise<DecodedImage[]> {
  const results = await Promise.allSettled(decodes);
  const values = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  if (values.length === results.length) return values;
  const problems: InputProblem[] = [];
  for (const result of results) {
    if (result.status === 'fulfilled') continue;
    if (!(result.reason instanceof InputError)) throw result.reason;
    problems.push(...result.reason.problems);
  }
  throw new InputError(problems as [InputProblem, ...InputProblem[]]);
}

function noFace(field: ImageField): InputProblem {
  return { field, code: 'ERR_NO_FACE', reason: `no face was found in the ${IMAGE_LABEL[field]}` };
}

function side(decoded: DecodedImage, facesFound: number, face: DetectedFace, q: FaceSide['quality']): FaceSide {
  const s = decoded.scale;
  return {
    facesFound,
    box: { x: round(face.box.x * s), y: round(face.box.y * s), width: round(face.box.width * s), height: round(face.box.height * s) },
    detectorScore: round(face.score, 3),
    imageSize: { width: decoded.originalWidth, height: decoded.originalHeight },
    quality: { measures: q.measures, issues: q.issues.filter((i) => i.severity === 'warn') },
  };
}

/** Measures the chosen face against the other faces of the same image and applies the policy's gates. */
function quality(image: RgbImage, face: DetectedFace, all: readonly DetectedFace[], role: ImageRole, policy: Policy):
  { measures: FaceQualityMeasures; issues: QualityIssue[] } {
  const measures = measureFaceQuality(image, face, all.filter((f) => f !== face), policy.face.quality);
  return { measures, issues: assessFaceQuality(measures, policy.face.quality, role) };
}

const QUALITY_ERROR: Partial<Record<QualityIssueCode, InputErrorCode>> = {
  FACE_TOO_SMALL: 'ERR_FACE_TOO_SMALL',
  FACE_TOO_BLURRED: 'ERR_FACE_BLURRED',
  FACE_TOO_DARK: 'ERR_FACE_EXPOSURE',
  FACE_TOO_BRIGHT: 'ERR_FACE_EXPOSURE',
  FACE_POSE: 'ERR_FACE_POSE',
  MULTIPLE_FACES: 'ERR_MULTIPLE_FACES',
};

/** The rejecting issues of one image as input problems (measures are in the analysed, possibly downscaled image). */
function rejections(field: ImageField, issues: readonly QualityIssue[]): InputProblem[] {
  return issues.flatMap((issue) => {
    const code = QUALITY_ERROR[issue.code];
    return issue.severity === 'reject' && code !== undefined ? [{ field, code, reason: `${IMAGE_LABEL[field]}: ${issue.reason}` }] : [];
  });
}

function round(value: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
