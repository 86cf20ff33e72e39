/**
 * The verification decision as a pure function of measured scores and policy. Every check is evaluated
 * and reported, whichever fails first decides the headline: the face, then the name, then the document's
 * evidence (document-checks.ts), then its expiry.
 */
import type { DocumentProblem, DocumentReasonCode } from './document-checks.js';
import type { PresentationReason } from './presentation-attack.js';
import type { LivenessReason } from './liveness.js';

export interface DecisionInput {
  readonly face: { readonly similarity: number; readonly threshold: number };
  readonly name: { readonly match: boolean };
  /** null when the expiry date could not be read. */
  readonly documentExpired: boolean | null;
  /** What the document is worth as evidence: the problem that blocks Verified (or null) and every finding. */
  readonly document: { readonly problem: DocumentProblem | null; readonly reasons: readonly DocumentReasonCode[] };
  /** Presentation-attack findings on the selfie (absent = none checked). */
  readonly presentation?: PresentationFindings;
  /** Active liveness (domain/liveness.ts) when the request answered a challenge; absent otherwise. */
  readonly liveness?: { readonly passed: boolean; readonly reasons: readonly LivenessReason[] };
}

/** Signs that image1 is not a live selfie; either one refuses the verification whatever else matched. */
export interface PresentationFindings {
  /** The selfie and the ID portrait come from one photo (same file, same pixels, a crop of the portrait). */
  readonly selfieIsDocumentPhoto: boolean;
  /** The selfie shows an identity document (printed lines or MRZ rows around the face). */
  readonly selfieShowsDocument: boolean;
  /**
   * The passive check scored the selfie as a photo replayed on a screen or paper (its reasons), or null; it
   * refuses only when the operator's policy lets it block (REPLAY_ACTION=block, the default).
   */
  readonly replay?: { readonly reasons: readonly PresentationReason[]; readonly blocks: boolean } | null;
}

export interface DecisionPolicy {
  /** An expired document fails verification (the expiry is always reported either way). */
  readonly failExpiredDocuments: boolean;
}

export type Verdict = 'verified' | 'presentation_attack' | 'liveness_failed' | 'face_mismatch' | 'name_mismatch' | DocumentProblem | 'document_expired';

export type ReasonCode =
  | 'FACE_MATCH'
  | 'FACE_MISMATCH'
  | 'NAME_MATCH'
  | 'NAME_MISMATCH'
  | 'DOCUMENT_EXPIRED'
  | 'DOCUMENT_EXPIRY_UNKNOWN'
  | DocumentReasonCode
  | 'SELFIE_IS_DOCUMENT_PHOTO'
  | 'SELFIE_SHOWS_DOCUMENT'
  | 'PRESENTATION_REPLAY'
  | PresentationReason
  | 'LIVENESS_PASSED'
  | 'LIVENESS_FAILED'
  | 'SELFIE_REUSED'
  | LivenessReason;

export interface Decision {
  readonly verdict: Verdict;
  readonly faceMatch: boolean;
  readonly nameMatch: boolean;
  readonly reasons: readonly ReasonCode[];
}

export function decide(input: DecisionInput, policy: DecisionPolicy): Decision {
  const faceMatch = input.face.similarity >= input.face.threshold;
  const nameMatch = input.name.match;
  const reasons: ReasonCode[] = [faceMatch ? 'FACE_MATCH' : 'FACE_MISMATCH', nameMatch ? 'NAME_MATCH' : 'NAME_MISMATCH', ...input.document.reasons];
  if (input.documentExpired === true) reasons.push('DOCUMENT_EXPIRED');
  if (input.documentExpired === null) reasons.push('DOCUMENT_EXPIRY_UNKNOWN');
  if (input.presentation?.selfieIsDocumentPhoto === true) reasons.push('SELFIE_IS_DOCUMENT_PHOTO');
  if (input.presentation?.selfieShowsDocument === true) reasons.push('SELFIE_SHOWS_DOCUMENT');
  const replay = input.presentation?.replay ?? null;
  if (replay !== null) reasons.push('PRESENTATION_REPLAY', ...replay.reasons);
  if (input.liveness !== undefined) reasons.push(...(input.liveness.passed ? ['LIVENESS_PASSED' as const] : ['LIVENESS_FAILED' as const, ...input.liveness.reasons]));
  const attack = input.presentation !== undefined &&
    (input.presentation.selfieIsDocumentPhoto || input.presentation.selfieShowsDocument || replay?.blocks === true);
  let verdict: Verdict = 'verified';
  // A copied or photographed document as the selfie outranks every other finding: its face "matches" by
  // construction, so face_match and the rest say nothing about who is in front of the camera.
  if (attack) verdict = 'presentation_attack';
  // A failed challenge says nobody live was in front of the camera: no face or name match outweighs it.
  else if (input.liveness !== undefined && !input.liveness.passed) verdict = 'liveness_failed';
  else if (!faceMatch) verdict = 'face_mismatch';
  else if (!nameMatch) verdict = 'name_mismatch';
  else if (input.document.problem !== null) verdict = input.document.problem;
  else if (input.documentExpired === true && policy.failExpiredDocuments) verdict = 'document_expired';
  return { verdict, faceMatch, nameMatch, reasons };
}
