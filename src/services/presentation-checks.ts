/**
 * Is image1 a live selfie at all? Two checks against presentation attacks with the ID itself: the selfie and
 * the ID portrait come from one photo (same-source), or the selfie is a photo of a document (printed lines
 * and MRZ rows around the face). Measures here, judgements in src/domain, limits in the policy.
 */
import type { RgbImage } from '../adapters/image/rgb-image.js';
import type { DetectedFace } from '../adapters/face/face.types.js';
import type { TextBox } from '../adapters/document/document.types.js';
import { greyFaceChip } from '../adapters/face/index.js';
import { judgeSameSource, meanAbsoluteDifference, normalizedCorrelation, type SameSourceFinding } from '../domain/same-source.js';
import { judgeDocumentInSelfie, type DocumentInSelfieFinding } from '../domain/document-in-selfie.js';
import type { PresentationFindings } from '../domain/decide.js';
import type { Policy } from '../config/policy.js';

export interface PresentationEvidence {
  readonly sameSource: SameSourceFinding;
  readonly documentInSelfie: DocumentInSelfieFinding;
}

export interface PresentationInput {
  readonly liveBytes: Buffer;
  readonly idBytes: Buffer;
  readonly live: RgbImage;
  readonly id: RgbImage;
  readonly liveFace: DetectedFace;
  readonly idFace: DetectedFace;
  /** Text boxes the detector found in the selfie (same pixels as `live`). */
  readonly liveText: readonly TextBox[];
  /** Cosine similarity of the two face descriptors, as the face match computed it. */
  readonly similarity: number;
}

export function checkPresentation(input: PresentationInput, policy: Policy['presentation']): PresentationEvidence {
  const sameSource = judgeSameSource({
    identicalBytes: input.liveBytes.equals(input.idBytes),
    pixelDifference: meanAbsoluteDifference(input.live, input.id),
    chipCorrelation: normalizedCorrelation(greyFaceChip(input.live, input.liveFace.landmarks), greyFaceChip(input.id, input.idFace.landmarks)),
    similarity: input.similarity,
  }, policy.sameSource);
  const documentInSelfie = judgeDocumentInSelfie(input.liveText, input.liveFace.box, policy.documentInSelfie);
  return { sameSource, documentInSelfie };
}

/** The two booleans decide() needs. */
export function presentationFindings(evidence: PresentationEvidence): PresentationFindings {
  return { selfieIsDocumentPhoto: evidence.sameSource.sameSource, selfieShowsDocument: evidence.documentInSelfie.showsDocument };
}
