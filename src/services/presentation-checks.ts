/**
 * Is image1 a live selfie at all? Two checks against presentation attacks with the ID itself: the selfie and
 * the ID portrait come from one photo (same-source), or the selfie is a photo of a document (printed lines
 * and MRZ rows around the face); and the passive replay check: a photo shown on a screen or on paper.
 * Measures here, judgements in src/domain, limits in the policy.
 */
import type { RgbImage } from '../adapters/image/rgb-image.js';
import type { DetectedFace } from '../adapters/face/face.types.js';
import type { TextBox } from '../adapters/document/document.types.js';
import { greyFaceChip } from '../adapters/face/index.js';
import { judgeSameSource, meanAbsoluteDifference, normalizedCorrelation, type SameSourceFinding } from '../domain/same-source.js';
import { judgeDocumentInSelfie, type DocumentInSelfieFinding } from '../domain/document-in-selfie.js';
import type { PresentationFindings } from '../domain/decide.js';
import { assessPresentation } from '../adapters/face/index.js';
import type { PresentationEvidence as ReplayEvidence } from '../domain/presentation-attack.js';
import type { Policy } from '../config/policy.js';

export interface PresentationEvidence {
  readonly sameSource: SameSourceFinding;
  readonly documentInSelfie: DocumentInSelfieFinding;
  /** The passive screen/print replay score of the selfie's face, and whether the policy lets it block. */
  readonly replay: ReplayEvidence & { readonly blocks: boolean };
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
  const replay = assessPresentation(input.live, input.liveFace, policy.replay.model);
  return { sameSource, documentInSelfie, replay: { ...replay, blocks: policy.replay.block } };
}

/** What decide() needs: the two booleans, and the replay's reasons when it found one (blocking or not). */
export function presentationFindings(evidence: PresentationEvidence): PresentationFindings {
  const { replay } = evidence;
  return {
    selfieIsDocumentPhoto: evidence.sameSource.sameSource,
    selfieShowsDocument: evidence.documentInSelfie.showsDocument,
    replay: replay.attack ? { reasons: replay.reasons, blocks: replay.blocks } : null,
  };
}
