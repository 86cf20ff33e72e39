/**
 * Verification orchestration: decode both uploads, run face analysis on both and document reading on
 * the ID in parallel, pick the primary faces, match the name, decide. No HTTP here; the route and the
 * CLI both call `verify`.
 */
import { documentNames } from './document-names.js';
import { performance } from 'node:perf_hooks';
import { decodeImage, type DecodedImage } from '../adapters/image/decode-image.js';
import type { PixelDecoder } from '../adapters/image/decode-pixels.js';
import type { Box, ModelInfo, RgbImage } from '../adapters/image/rgb-image.js';
import type { DetectedFace } from '../adapters/face/face.types.js';
import type { DocumentReading, MrzProblem, MrzReading, ReadHints } from '../adapters/document/document.types.js';
import { cosineSimilarity, selectPrimaryFace } from '../adapters/face/index.js';
import { decide, type Decision } from '../domain/decide.js';
import { InputError, type ImageField, type InputErrorCode, type InputProblem } from '../domain/errors.js';
import {
  assessFaceQuality, measureFaceQuality, type FaceQualityMeasures, type ImageRole, type QualityIssue, type QualityIssueCode,
} from '../domain/face-quality.js';
import { matchName, type NameMatch } from '../domain/name-match.js';
import { mrzNames } from '../domain/mrz.js';
import { documentEvidence, type DocumentEvidence } from '../domain/printed-fields.js';
import { checkDocument, type DocumentChecks } from '../domain/document-checks.js';
import type { Policy } from '../config/policy.js';
import type { TextBox } from '../adapters/document/document.types.js';
import { checkPresentation, presentationFindings, type PresentationEvidence } from './presentation-checks.js';

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
}

export interface VerifyInput {
  /** image1: the live selfie. */
  readonly live: Buffer;
  /** image2: the photo of the identity document. */
  readonly id: Buffer;
  readonly name: string;
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
  readonly document: {
    readonly mrz: MrzReading | null;
    readonly expired: boolean | null;
    readonly linesRead: number;
    /** Type, issuer, printed fields and their cross-check against the MRZ (src/domain/printed-fields.ts). */
    readonly evidence: DocumentEvidence;
    /** Reading stopped once a check-valid MRZ confirmed the typed name; the printed zone was then not read. */
    readonly stoppedEarly: boolean;
    /** Why no check-valid MRZ was read (document.types.ts MrzProblem), null when one was. */
    readonly mrzProblem: MrzProblem | null;
    /** What the document is worth as evidence: MRZ, font, consistency, specimen (document-checks.ts). */
    readonly checks: DocumentChecks;
  };
  /** Presentation-attack evidence about image1 (src/services/presentation-checks.ts). */
  readonly presentation: PresentationEvidence;
  readonly models: readonly ModelInfo[];
  readonly timingsMs: { readonly decode: number; readonly inference: number; readonly total: number };
}

const FIELD_LABEL: Record<ImageField, string> = { image1: 'live image', image2: 'ID image' };

/**
 * Runs both checks and returns the decision with its evidence. Throws InputError for uploads that
 * cannot be judged (undecodable image, no face); every problem found is reported, not just the first.
 */
export async function verify(input: VerifyInput, deps: VerificationDeps): Promise<VerificationOutcome> {
  const t0 = performance.now();
  const limits = deps.policy.image;
  const [live, id] = await settleAll([decodeImage('image1', input.live, limits, deps.decode), decodeImage('image2', input.id, limits, deps.decode)]);
  const t1 = performance.now();

  const [liveFaces, idFaces, liveText, reading] = await Promise.all([
    deps.faces.analyze(live.image),
    deps.faces.analyze(id.image),
    // Queued before the reading: text detection alone is short, and the reading's result is needed last.
    deps.documents.findText(live.image),
    deps.documents.read(id.image, { typedName: input.name, namePolicy: deps.policy.name }),
  ]);
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
  const name = matchName(input.name, documentNames(reading, input.name, deps.policy.name), deps.policy.name);
  const expired = isExpired(reading.mrz, deps.now());
  const evidence = documentEvidence(
    reading.mrz,
    // Boxes help pair labels with values only in the page's own frame; a turned page is read in line order.
    reading.lines.map((line) => (reading.rotation ?? 0) === 0 ? { text: line.text, box: line.box } : { text: line.text }),
    { truncatedName: reading.mrz ? mrzNames(reading.mrz)?.truncated ?? false : false, today: deps.now() },
  );
  const checks = checkDocument({ mrz: reading.mrz, crossCheck: evidence.crossCheck, lines: reading.lines.map((l) => l.text) }, deps.policy.document);
  const presentation = checkPresentation({
    liveBytes: input.live, idBytes: input.id, live: live.image, id: id.image, liveFace: livePick, idFace: idPick, liveText, similarity,
  }, deps.policy.presentation);
  const decision = decide(
    {
      face: { similarity, threshold: deps.policy.face.threshold },
      name,
      documentExpired: expired,
      document: checks,
      presentation: presentationFindings(presentation),
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
    document: {
      mrz: reading.mrz,
      expired,
      linesRead: reading.lines.length,
      evidence,
      stoppedEarly: reading.stoppedEarly ?? false,
      mrzProblem: reading.mrzProblem ?? null,
      checks,
    },
    presentation,
    models: [...deps.faces.models, ...deps.documents.models],
    timingsMs: { decode: round(t1 - t0), inference: round(t2 - t1), total: round(t3 - t0) },
  };
}

/** Awaits every decode and reports all failing fields together, so a client can fix both at once. */
async function settleAll(decodes: [Promise<DecodedImage>, Promise<DecodedImage>]): Promise<[DecodedImage, DecodedImage]> {
  const [a, b] = await Promise.allSettled(decodes);
  if (a.status === 'fulfilled' && b.status === 'fulfilled') return [a.value, b.value];
  const problems: InputProblem[] = [];
  for (const result of [a, b]) {
    if (result.status === 'fulfilled') continue;
    if (!(result.reason instanceof InputError)) throw result.reason;
    problems.push(...result.reason.problems);
  }
  throw new InputError(problems as [InputProblem, ...InputProblem[]]);
}

function noFace(field: ImageField): InputProblem {
  return { field, code: 'ERR_NO_FACE', reason: `no face was found in the ${FIELD_LABEL[field]}` };
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
    return issue.severity === 'reject' && code !== undefined ? [{ field, code, reason: `${FIELD_LABEL[field]}: ${issue.reason}` }] : [];
  });
}

/** Expired when the MRZ expiry date (check digit valid) is before today; null when not known. */
function isExpired(mrz: MrzReading | null, now: Date): boolean | null {
  if (mrz === null || mrz.expirationDate === null) return null;
  const expiryCheck = mrz.checks.find((c) => c.field === 'expirationDate');
  if (expiryCheck !== undefined && !expiryCheck.valid) return null;
  return mrz.expirationDate < now.toISOString().slice(0, 10);
}

function round(value: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
