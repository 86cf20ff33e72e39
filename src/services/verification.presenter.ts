/**
 * Turns outcomes and errors into the public response bodies. The wording of `status`, `message` and the
 * legacy `details` keys is the contract kept from the service we replace; everything else in `details`
 * is ours. Shared by the HTTP route and the CLI so both print the same JSON.
 */
import { PRESENTATION_SIGNALS } from '../domain/presentation-attack.js';
import type { Verdict } from '../domain/decide.js';
import type { InputError } from '../domain/errors.js';
import type { VerificationOutcome } from './verification.service.js';
import type { PresentationEvidence } from './presentation-checks.js';
import type { LivenessEvidence } from './liveness.service.js';
import type { MrzFieldConfidence, MrzReading } from '../domain/mrz.types.js';
import type { FieldName } from '../domain/printed-fields.js';
import type { NameMatch } from '../domain/name-match.js';
import type { DocumentOutcome } from './document-reading.js';
import type { DocumentReadOutcome } from './document-read.service.js';

export interface ApiResponse {
  readonly statusCode: number;
  readonly body: {
    readonly status: 'Success' | 'Failure' | 'Error';
    readonly message: string;
    readonly details: Record<string, unknown>;
  };
}

const FAILURE_MESSAGE: Record<Exclude<Verdict, 'verified'>, string> = {
  presentation_attack: 'Verification failed. The live image is a photo of the ID document, not a live selfie.',
  liveness_failed: 'Verification failed. The liveness check did not see a live person follow the requested head movements.',
  face_mismatch: 'Verification failed. Live image does not match ID image.',
  name_mismatch: "Verification failed. Provided name doesn't match that on ID.",
  document_expired: 'Verification failed. The identity document has expired.',
  document_specimen: 'Verification failed. The identity document is a specimen, not an issued document.',
  document_not_machine_readable:
    'Verification failed. No valid machine-readable zone was found on the ID image; send a photo of the side that carries it (the back of most ID cards, the photo page of a passport).',
  document_mrz_font: 'Verification failed. The machine-readable zone of the ID is not printed in the standard OCR-B font.',
  document_inconsistent: "Verification failed. The ID's printed details do not agree with its machine-readable zone.",
};

export function presentOutcome(outcome: VerificationOutcome, requestId: string): ApiResponse {
  const { decision, face, name, document } = outcome;
  const details = {
    face_match: decision.faceMatch,
    name_match: decision.nameMatch,
    verdict: decision.verdict,
    reasons: decision.reasons,
    request_id: requestId,
    face: {
      similarity: round(face.similarity, 4),
      threshold: round(face.threshold, 4),
      far_at_threshold: face.far,
      target_far: face.targetFar,
      live: {
        ...presentSide(face.live),
        document_in_selfie: presentDocumentInSelfie(outcome.presentation),
        presentation: presentReplay(outcome.presentation),
      },
      id: presentSide(face.id),
      same_source: presentSameSource(outcome.presentation),
    },
    name: presentName(name),
    document: presentDocument(document),
    liveness: presentLiveness(outcome.liveness),
    models: outcome.models.map((m) => ({ id: m.id, package: m.package, version: m.version, sha256: m.sha256 })),
    timings_ms: outcome.timingsMs,
  };
  if (decision.verdict === 'verified') {
    return { statusCode: 200, body: { status: 'Success', message: 'Verified', details } };
  }
  return { statusCode: 401, body: { status: 'Failure', message: failureMessage(decision), details } };
}

/** `details.document`: the same in /verify and /documents/read. */
export function presentDocument(document: DocumentOutcome): Record<string, unknown> {
  return {
    mrz: document.mrz === null ? null : {
      format: document.mrz.format,
      valid: document.mrz.valid,
      checks: document.mrz.checks,
      document_code: document.mrz.documentCode,
      issuing_state: document.mrz.issuingState,
      surname: document.mrz.surname,
      given_names: document.mrz.givenNames,
      name_legible: document.mrz.nameIllegible !== true,
      name_corrections: (document.mrz.nameCorrections ?? []).map((c) => ({ line: c.line, position: c.position, read: c.read, corrected: c.corrected })),
      document_number: document.mrz.documentNumber,
      nationality: document.mrz.nationality,
      birth_date: document.mrz.birthDate,
      expiration_date: document.mrz.expirationDate,
      sex: document.mrz.sex,
      form_problems: document.mrz.formProblems ?? [],
      field_confidence: presentFieldConfidence(document.mrz.fieldConfidence),
    },
    mrz_problem: document.mrzProblem,
    expired: document.expired,
    lines_read: document.linesRead,
    type: document.evidence.type,
    issuing_country: document.evidence.issuingCountry,
    expiry_date: verifiedExpiry(document.mrz),
    printed: {
      surname: document.evidence.printed.surname,
      given_names: document.evidence.printed.givenNames,
      full_name: document.evidence.printed.fullName,
      birth_date: document.evidence.printed.birthDate,
      expiry_date: document.evidence.printed.expiryDate,
      document_number: document.evidence.printed.documentNumber,
    },
    cross_check: document.evidence.crossCheck.map((c) => ({ field: CROSS_CHECK_FIELD[c.field], status: c.status, mrz: c.mrz, printed: c.printed })),
    stopped_early: document.stoppedEarly,
    mrz_font: document.mrz?.font === undefined ? null : {
      ocr_b_fit: round(document.mrz.font.ocrBFit, 3),
      other_font_fit: round(document.mrz.font.otherFit, 3),
      closest_other_font: document.mrz.font.closestOtherFont,
      pitch_px: round(document.mrz.font.pitchPx, 1),
      judgement: document.checks.font,
    },
    specimen_marks: document.checks.specimenMarks,
    inconsistent_fields: document.checks.inconsistentFields.map((f) => CROSS_CHECK_FIELD[f]),
    sides: document.sides === null ? null : {
      mrz_side: document.sides.mrzSide,
      cross_check: document.sides.crossCheck.map((c) => ({ field: CROSS_CHECK_FIELD[c.field], status: c.status, mrz: c.mrz, printed: c.printed })),
      disagreeing_fields: document.sides.disagreeing.map((f) => CROSS_CHECK_FIELD[f]),
    },
  };
}

/** The name decision as `details.name` shows it. */
function presentName(name: NameMatch): Record<string, unknown> {
  return { score: round(name.score, 4), rule: name.rule, source: name.source, matched_text: name.matchedText, explanation: name.explanation };
}

/** POST /documents/read: always 200 once the input was readable; `name` and `name_match` only when a name was sent. */
export function presentDocumentRead(outcome: DocumentReadOutcome, requestId: string): ApiResponse {
  const details: Record<string, unknown> = {
    document: presentDocument(outcome.document),
    ...(outcome.name === null ? {} : { name: presentName(outcome.name), name_match: outcome.name.match }),
    request_id: requestId,
    models: outcome.models.map((m) => ({ id: m.id, package: m.package, version: m.version, sha256: m.sha256 })),
    timings_ms: outcome.timingsMs,
  };
  return { statusCode: 200, body: { status: 'Success', message: 'Read', details } };
}

const REPLAY_MESSAGE = 'Verification failed. The live image looks like a photo shown on a screen or printed, not a live selfie.';
const SIDES_MESSAGE = 'Verification failed. The front and the back of the ID do not agree on the holder or the document.';

/** The headline of a refusal; a presentation attack says whether it was the document or a replay. */
function failureMessage(decision: VerificationOutcome['decision']): string {
  const byDocument = decision.reasons.includes('SELFIE_IS_DOCUMENT_PHOTO') || decision.reasons.includes('SELFIE_SHOWS_DOCUMENT');
  if (decision.verdict === 'presentation_attack' && !byDocument) return REPLAY_MESSAGE;
  if (decision.verdict === 'document_inconsistent' && decision.reasons.includes('DOCUMENT_SIDES_DISAGREE')) return SIDES_MESSAGE;
  return FAILURE_MESSAGE[decision.verdict as Exclude<Verdict, 'verified'>];
}

/** Response names of the cross-checked fields (snake case, as everywhere in `details`). */
const CROSS_CHECK_FIELD: Record<FieldName, string> = {
  surname: 'surname',
  givenNames: 'given_names',
  birthDate: 'birth_date',
  expiryDate: 'expiry_date',
  documentNumber: 'document_number',
};

/** The MRZ expiry date when its check digit verifies (the date `expired` was decided on), else null. */
function verifiedExpiry(mrz: MrzReading | null): string | null {
  if (mrz === null) return null;
  return mrz.checks.some((c) => c.field === 'expirationDate' && !c.valid) ? null : mrz.expirationDate;
}

function presentSide(side: VerificationOutcome['face']['live']): Record<string, unknown> {
  const m = side.quality.measures;
  return {
    faces_found: side.facesFound,
    box: side.box,
    detector_score: side.detectorScore,
    image_size: side.imageSize,
    quality: {
      measures: {
        inter_ocular_px: m.interOcularPx,
        sharpness: m.sharpness,
        brightness: m.brightness,
        clipped_fraction: m.clippedFraction,
        yaw: m.yaw,
        pitch: m.pitch,
        comparable_faces: m.comparableFaces,
        second_face_ratio: m.secondFaceRatio,
        other_faces: m.otherFaces,
      },
      issues: side.quality.issues.map((i) => i.code),
    },
  };
}

/** The same-source evidence with the bounds it was judged against (policy, bench:same-source). */
function presentSameSource({ sameSource: s }: PresentationEvidence): Record<string, unknown> {
  return {
    same_source: s.sameSource,
    signs: s.signs,
    identical_bytes: s.identicalBytes,
    pixel_difference: s.pixelDifference === null ? null : round(s.pixelDifference, 2),
    chip_correlation: round(s.chipCorrelation, 4),
    similarity: round(s.similarity, 4),
    similarity_bound: s.bounds.maxGenuineSimilarity,
    chip_correlation_bound: s.bounds.maxGenuineChipCorrelation,
  };
}

/** The passive replay score, its signals and reasons, and whether the policy let it block. */
function presentReplay({ replay: r }: PresentationEvidence): Record<string, unknown> {
  return {
    score: round(r.score, 4),
    threshold: round(r.threshold, 4),
    attack: r.attack,
    blocks: r.blocks,
    family: r.family,
    signals: Object.fromEntries(PRESENTATION_SIGNALS.map((k) => [k, round(r.signals[k], 4)])),
    reasons: r.reasons,
  };
}

/** The challenge, what each frame showed, and the judgement with the bound it was judged against; null without a challenge. */
function presentLiveness(l: LivenessEvidence | null): Record<string, unknown> | null {
  if (l === null) return null;
  return {
    challenge_id: l.challengeId,
    steps: l.steps,
    passed: l.passed,
    reasons: l.reasons,
    frames_received: l.framesReceived,
    frames: l.frames,
    observed: l.observed,
    selfie_frame: l.selfieFrame,
    parallax: l.parallax,
    min_parallax: l.minParallax,
    min_similarity: l.minSimilarity,
  };
}

function presentDocumentInSelfie({ documentInSelfie: d }: PresentationEvidence): Record<string, unknown> {
  return { shows_document: d.showsDocument, text_lines: d.textLines, lines_near_face: d.linesNearFace, mrz_like_rows: d.mrzLikeRows };
}

export function presentInputError(error: InputError, requestId: string): ApiResponse {
  const first = error.problems[0];
  return {
    statusCode: error.statusCode,
    body: {
      status: 'Error',
      message: error.legacyMessage,
      details: {
        error: error.legacyError,
        code: error.code,
        field: first.field,
        reason: first.reason,
        problems: error.problems.map((p) => ({ field: p.field, code: p.code, reason: p.reason })),
        request_id: requestId,
      },
    },
  };
}

/** The 500 body: says only that it failed and how to find the log line; never the cause. */
export function presentInternalError(requestId: string): ApiResponse {
  return {
    statusCode: 500,
    body: {
      status: 'Error',
      message: 'An error occurred.',
      details: { error: `Internal error. Quote request id ${requestId} to the operator.`, request_id: requestId },
    },
  };
}

/** 503 when the service is loading models or saturated; the client may retry. */
export function presentUnavailable(requestId: string, reason: string): ApiResponse {
  return {
    statusCode: 503,
    body: { status: 'Error', message: 'Service unavailable', details: { error: reason, request_id: requestId } },
  };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Response names of the MRZ fields confidence is given for. */
const CONFIDENCE_FIELD: Record<keyof MrzFieldConfidence, string> = {
  documentCode: 'document_code',
  issuingState: 'issuing_state',
  documentNumber: 'document_number',
  birthDate: 'birth_date',
  sex: 'sex',
  expirationDate: 'expiration_date',
  nationality: 'nationality',
  names: 'names',
};

/** Per-field recogniser confidence in response names, or null for an MRZ parsed from plain text lines. */
function presentFieldConfidence(confidence: MrzFieldConfidence | undefined): Record<string, number> | null {
  if (!confidence) return null;
  const entries = Object.entries(confidence) as [keyof MrzFieldConfidence, number][];
  return Object.fromEntries(entries.map(([field, value]) => [CONFIDENCE_FIELD[field], round(value, 3)]));
}
