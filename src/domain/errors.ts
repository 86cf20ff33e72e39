/**
 * Coded errors for broken input. A mismatch is not an error (see decide.ts); these are inputs we cannot
 * judge at all. Each carries the HTTP status, the legacy message/error strings of the contract we keep,
 * a stable code callers can branch on, and which field was at fault.
 */
/** image1 selfie, image2 ID (front), image3 its back (/verify); document and document_back (/documents/read). */
export type ImageField = 'image1' | 'image2' | 'image3' | 'document' | 'document_back';
/** How each image field is named in error reasons. */
export const IMAGE_LABEL: Readonly<Record<ImageField, string>> = Object.freeze({
  image1: 'live image',
  image2: 'ID image',
  image3: 'back of the ID',
  document: 'document image',
  document_back: 'back of the document',
});
/** `form` is the request as a whole (not multipart, malformed, too many parts). */
export type InputField = ImageField | 'name' | 'form' | 'frames' | 'challenge_id' | 'callback_url';

export type InputErrorCode =
  | 'ERR_MISSING_FILE'
  | 'ERR_EMPTY_FILE'
  | 'ERR_UNSUPPORTED_IMAGE'
  | 'ERR_CORRUPT_IMAGE'
  | 'ERR_IMAGE_TOO_LARGE'
  | 'ERR_IMAGE_TOO_COMPLEX'
  | 'ERR_FILE_TOO_LARGE'
  | 'ERR_MISSING_NAME'
  | 'ERR_NAME_TOO_LONG'
  | 'ERR_INVALID_NAME'
  | 'ERR_NO_FACE'
  | 'ERR_FACE_TOO_SMALL'
  | 'ERR_FACE_BLURRED'
  | 'ERR_FACE_EXPOSURE'
  | 'ERR_FACE_POSE'
  | 'ERR_MULTIPLE_FACES'
  | 'ERR_BAD_REQUEST'
  | 'ERR_TOO_MANY_FRAMES'
  | 'ERR_INVALID_CHALLENGE'
  | 'ERR_LIVENESS_REQUIRED'
  | 'ERR_INVALID_CALLBACK_URL';

/** The contract's fixed wording for each kind of 400. */
const LEGACY: Record<InputErrorCode, { message: string; error: string }> = {
  ERR_MISSING_FILE: { message: 'Invalid Request', error: 'Missing image file(s)!' },
  ERR_EMPTY_FILE: { message: 'Invalid Request', error: 'No selected file(s)' },
  ERR_UNSUPPORTED_IMAGE: { message: 'Invalid Request', error: 'Invalid file format(s)' },
  ERR_CORRUPT_IMAGE: { message: 'Invalid Request', error: 'Invalid file format(s)' },
  ERR_IMAGE_TOO_LARGE: { message: 'Invalid Request', error: 'Invalid file format(s)' },
  // Too many JPEG segments or scans, or a decode still running at DECODE_TIMEOUT_MS (issue 14).
  ERR_IMAGE_TOO_COMPLEX: { message: 'Invalid Request', error: 'Invalid file format(s)' },
  ERR_FILE_TOO_LARGE: { message: 'Invalid Request', error: 'File too large' },
  ERR_MISSING_NAME: { message: 'Invalid Request', error: 'Missing name' },
  ERR_NAME_TOO_LONG: { message: 'Invalid Request', error: 'Name too long' },
  ERR_INVALID_NAME: { message: 'Invalid Request', error: 'Invalid name' },
  // "occured" is the original service's spelling; clients match on it.
  ERR_NO_FACE: { message: 'An error occured', error: 'There was no face in at least one of the images.' },
  ERR_BAD_REQUEST: { message: 'Invalid Request', error: 'Malformed request' },
  // Face quality gates (domain/face-quality.ts): the face was found but cannot be compared reliably.
  ERR_FACE_TOO_SMALL: { message: 'Invalid Request', error: 'The face is too small in at least one of the images.' },
  ERR_FACE_BLURRED: { message: 'Invalid Request', error: 'The face is too blurred in at least one of the images.' },
  ERR_FACE_EXPOSURE: { message: 'Invalid Request', error: 'The face is too dark or too bright in at least one of the images.' },
  ERR_FACE_POSE: { message: 'Invalid Request', error: 'The face is not turned towards the camera in at least one of the images.' },
  ERR_MULTIPLE_FACES: { message: 'Invalid Request', error: 'More than one person in the live image.' },
  // Active liveness (domain/liveness.ts): the challenge's frames and id, checked before any inference.
  ERR_TOO_MANY_FRAMES: { message: 'Invalid Request', error: 'Too many liveness frames' },
  ERR_INVALID_CHALLENGE: { message: 'Invalid Request', error: 'Invalid liveness challenge' },
  ERR_LIVENESS_REQUIRED: { message: 'Invalid Request', error: 'A liveness challenge is required' },
  // POST /verifications: the webhook target is refused (scheme, host not allowed, credentials in it).
  ERR_INVALID_CALLBACK_URL: { message: 'Invalid Request', error: 'Invalid callback_url' },
};

export interface InputProblem {
  readonly field: InputField;
  readonly code: InputErrorCode;
  /** Human-readable reason for this field. */
  readonly reason: string;
}

export class InputError extends Error {
  override readonly name = 'InputError';
  readonly statusCode: number;
  readonly code: InputErrorCode;
  readonly legacyMessage: string;
  readonly legacyError: string;

  /** The first problem decides code and wording; all problems are reported. */
  constructor(readonly problems: readonly [InputProblem, ...InputProblem[]]) {
    const first = problems[0];
    super(`${first.field}: ${first.reason}`);
    this.code = first.code;
    this.statusCode = first.code === 'ERR_FILE_TOO_LARGE' ? 413 : 400;
    this.legacyMessage = LEGACY[first.code].message;
    this.legacyError = LEGACY[first.code].error;
  }

  static of(field: InputField, code: InputErrorCode, reason: string): InputError {
    return new InputError([{ field, code, reason }]);
  }
}

/** Raised when inference did not finish within the request deadline. */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
}
