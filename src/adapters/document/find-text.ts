/**
 * The text detector's boxes for the document-in-selfie check (src/domain/document-in-selfie.ts), found in two
 * passes so that a selfie without text costs about a third of one full-size detection.
 */

/** Long side the detector sees when the selfie may show a document; the check's limits were set on its boxes. */
export const FIND_TEXT_SIDE = 640;

/**
 * Long side of the first, cheap pass. At this size every document photo of `npm run bench:document-in-selfie`
 * still shows at least 6 boxes, while 94% of its genuine selfies show at most one.
 */
export const FIND_TEXT_FIRST_SIDE = 384;

/**
 * A first pass with fewer boxes than this is the answer as it is: so few boxes cannot reach the policy's
 * limits (10 lines near the face or 2 MRZ rows; find-text.test.ts holds the two together). Anything more is
 * detected again at FIND_TEXT_SIDE.
 */
export const FIND_TEXT_RECHECK = 2;

/** Runs `detect` at FIND_TEXT_FIRST_SIDE, and again at FIND_TEXT_SIDE only when the first pass found text. */
export async function findTextInTwoPasses<T>(detect: (side: number) => Promise<T[]>): Promise<T[]> {
  const first = await detect(FIND_TEXT_FIRST_SIDE);
  return first.length < FIND_TEXT_RECHECK ? first : detect(FIND_TEXT_SIDE);
}
