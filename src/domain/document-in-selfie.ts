/**
 * Does the selfie show an identity document? A photo of an ID card or passport page used as the selfie shows
 * printed lines beside the face, small against it, and often the long, thin rows of an MRZ. A genuine selfie
 * may show some text (a T-shirt, a sign, a backdrop logo) but rarely several small lines next to the face.
 * Pure: judges the text detector's boxes (src/adapters/document, findText) against the chosen face; the limits
 * come from the policy (src/config/policy.ts, measured by `npm run bench:document-in-selfie`).
 */

export interface DocumentInSelfiePolicy {
  /** Boxes the detector scored lower than this are ignored. */
  readonly minBoxScore: number;
  /** A line is "small" beside a face when its height is at most this fraction of the face box height. */
  readonly maxLineToFace: number;
  /** ... and its centre lies within this many face-box sizes of the face centre (either axis). */
  readonly nearFaceReach: number;
  /** An MRZ-like row is at least this long against its height (a 30-44 character row of OCR-B). */
  readonly mrzAspect: number;
  /** The selfie shows a document with at least this many small lines near the face ... */
  readonly minLinesNearFace: number;
  /** ... or at least this many MRZ-like rows. */
  readonly minMrzRows: number;
}

/** A detected text box; `width` runs along the text. */
export interface TextRegion {
  readonly cx: number;
  readonly cy: number;
  readonly width: number;
  readonly height: number;
  readonly score: number;
}

export interface FaceRegion {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface DocumentInSelfieFinding {
  /** Text boxes kept (score at least minBoxScore). */
  readonly textLines: number;
  /** Of those, small lines near the face. */
  readonly linesNearFace: number;
  /** Rows long and thin enough to be MRZ rows. */
  readonly mrzLikeRows: number;
  readonly showsDocument: boolean;
}

export function judgeDocumentInSelfie(boxes: readonly TextRegion[], face: FaceRegion, policy: DocumentInSelfiePolicy):
  DocumentInSelfieFinding {
  const kept = boxes.filter((b) => b.score >= policy.minBoxScore && b.height > 0);
  const fcx = face.x + face.width / 2, fcy = face.y + face.height / 2;
  const near = kept.filter((b) => b.height <= policy.maxLineToFace * face.height
    && Math.abs(b.cx - fcx) <= policy.nearFaceReach * face.width
    && Math.abs(b.cy - fcy) <= policy.nearFaceReach * face.height
    // Inside the face box is the face itself (eyebrows, a mouth read as a stroke), never the document's print.
    && !(Math.abs(b.cx - fcx) < face.width / 2 && Math.abs(b.cy - fcy) < face.height / 2));
  const mrzLike = kept.filter((b) => b.width / b.height >= policy.mrzAspect);
  return {
    textLines: kept.length,
    linesNearFace: near.length,
    mrzLikeRows: mrzLike.length,
    showsDocument: near.length >= policy.minLinesNearFace || mrzLike.length >= policy.minMrzRows,
  };
}
