/**
 * Reads the multipart forms of /verify and /documents/read, or throws an InputError naming every field at
 * fault. Only HTTP concerns live here: which parts arrived, their sizes, the name's text. Image bytes are
 * judged later by decodeImage, never by the client's filename or mimetype.
 */
import type { FastifyRequest } from 'fastify';
import { IMAGE_LABEL as LABEL, InputError, type ImageField, type InputProblem } from '../domain/errors.js';
import { nameCharacterProblem, nameLength } from '../domain/name-text.js';
import type { VerifyInput } from '../services/verification.service.js';
import { CHALLENGE_ID } from '../services/liveness-challenges.js';
import { DEFAULT_LIVENESS } from '../config/policy.js';

export interface FormLimits {
  readonly maxFileBytes: number;
  readonly maxNameLength: number;
}

/** Which image fields a form must and may carry, and whether its name is required. */
export interface FormSpec {
  readonly required: readonly ImageField[];
  readonly optional: readonly ImageField[];
  readonly nameRequired: boolean;
  /** Whether a liveness answer (challenge_id and frames) may come with the form. */
  readonly liveness?: boolean;
}

/** The parts of a form as read: its files by field and its name (NFC, trimmed), if sent. */
export interface ImageForm {
  readonly files: ReadonlyMap<ImageField, Buffer>;
  readonly name: string | undefined;
  /** The liveness answer, when the form carried one. */
  readonly liveness?: { readonly challengeId: string; readonly frames: readonly Buffer[] };
}

/** POST /verify: selfie and ID, optionally the ID's back (image3), and the name. */
export const VERIFY_FORM: FormSpec = Object.freeze({ required: ['image1', 'image2'] as const, optional: ['image3'] as const, nameRequired: true, liveness: true });

/** Liveness frames accepted per request; one more is read only to say there were too many. */
const MAX_FRAMES = DEFAULT_LIVENESS.maxFrames;
/** File parts other than frames (the images, and unknown parts that are drained), as before frames existed. */
const MAX_OTHER_FILES = 4;

// Multipart error codes from @fastify/multipart and busboy, mapped to what the client did wrong.
const MULTIPART_ERRORS: Record<string, string> = {
  FST_PARTS_LIMIT: 'too many parts in the form',
  FST_FILES_LIMIT: 'too many files in the form',
  FST_FIELDS_LIMIT: 'too many fields in the form',
  FST_PROTO_VIOLATION: 'a field name is not allowed',
  FST_INVALID_JSON_FIELD_ERROR: 'a field declared as JSON is not valid JSON',
  FST_MP_PREMATURE_CLOSE: 'the upload ended before the form was complete',
};

/** Busboy limits for request.parts(): generous enough for the form, tight enough to stop abuse. */
export function multipartLimits(limits: FormLimits): Record<string, number> {
  return {
    fileSize: limits.maxFileBytes,
    files: MAX_OTHER_FILES + MAX_FRAMES + 1,
    fields: 9,
    parts: 13 + MAX_FRAMES + 1,
    // Over-long names must arrive whole so they get a clear "too long" error rather than a silent cut.
    fieldSize: Math.max(limits.maxNameLength * 4 + 1024, 16 * 1024),
    headerPairs: 100,
  };
}

/**
 * `onText` receives the text fields the form itself does not use (POST /verifications reads callback_url
 * from it); without it they are ignored, as the original service ignored them.
 */
export async function readVerifyForm(request: FastifyRequest, limits: FormLimits, onText?: (field: string, value: string) => void): Promise<VerifyInput> {
  const form = await readImageForm(request, limits, VERIFY_FORM, onText);
  const { files, name } = form;
  const back = files.get('image3');
  const { liveness } = form;
  return {
    live: files.get('image1') as Buffer, id: files.get('image2') as Buffer, ...(back ? { idBack: back } : {}), name: name as string,
    ...(liveness ? { liveness } : {}),
  };
}

/** Reads a form of image files and a name per `spec`; an InputError lists every field at fault. */
export async function readImageForm(request: FastifyRequest, limits: FormLimits, spec: FormSpec, onText?: (field: string, value: string) => void): Promise<ImageForm> {
  const isImageField = (field: string): field is ImageField => (spec.required as readonly string[]).includes(field) || (spec.optional as readonly string[]).includes(field);
  if (!request.isMultipart()) {
    throw new InputError([
      { field: 'form', code: 'ERR_MISSING_FILE', reason: 'the request is not multipart/form-data, so it carries no image files' },
    ]);
  }
  const files = new Map<ImageField, Buffer>();
  const problems: InputProblem[] = [];
  let name: string | undefined;
  let nameProblem: InputProblem | undefined;
  const frames: Buffer[] = [];
  let challengeId: string | undefined;
  let otherFiles = 0;

  try {
    for await (const part of request.parts({ limits: multipartLimits(limits) })) {
      const field = part.fieldname;
      const liveField = spec.liveness === true && (field === 'frames' || field === 'challenge_id');
      // Busboy's file limit leaves room for the frames; every other file part keeps the old limit.
      if (part.type === 'file' && !(liveField && field === 'frames') && ++otherFiles > MAX_OTHER_FILES) {
        await part.toBuffer().catch(() => undefined);
        throw InputError.of('form', 'ERR_BAD_REQUEST', MULTIPART_ERRORS.FST_FILES_LIMIT as string);
      }
      if (liveField && field === 'frames') {
        if (part.type !== 'file') throw InputError.of('frames', 'ERR_MISSING_FILE', 'frames must be file parts, got a text field');
        if (frames.length >= MAX_FRAMES) {
          await part.toBuffer().catch(() => undefined);
          throw InputError.of('frames', 'ERR_TOO_MANY_FRAMES', `at most ${MAX_FRAMES} frames may be sent`);
        }
        const bytes = await part.toBuffer().catch((error: unknown) => {
          throw (error as { code?: unknown }).code === 'FST_REQ_FILE_TOO_LARGE' ? frameTooLarge() : error;
        });
        if (bytes.length > DEFAULT_LIVENESS.maxFrameBytes) throw frameTooLarge();
        if (bytes.length === 0) throw InputError.of('frames', 'ERR_EMPTY_FILE', `frame ${frames.length + 1} is empty`);
        frames.push(bytes);
      } else if (liveField) {
        if (challengeId !== undefined) throw InputError.of('challenge_id', 'ERR_BAD_REQUEST', 'challenge_id was sent more than once');
        if (part.type === 'file' || typeof part.value !== 'string' || !CHALLENGE_ID.test(part.value)) {
          if (part.type === 'file') await part.toBuffer();
          throw InputError.of('challenge_id', 'ERR_INVALID_CHALLENGE', 'challenge_id must be the id POST /liveness/challenge returned (22 URL-safe characters)');
        }
        challengeId = part.value;
      } else if (isImageField(field)) {
        if (files.has(field) || problems.some((p) => p.field === field)) {
          if (part.type === 'file') await part.toBuffer();
          throw InputError.of(field, 'ERR_BAD_REQUEST', `${field} was sent more than once`);
        }
        if (part.type !== 'file') {
          problems.push({ field, code: 'ERR_MISSING_FILE', reason: `${field} must be a file part, got a text field` });
          continue;
        }
        const bytes = await part.toBuffer().catch((error: unknown) => {
          throw (error as { code?: unknown }).code === 'FST_REQ_FILE_TOO_LARGE'
            ? InputError.of(field, 'ERR_FILE_TOO_LARGE', `the ${LABEL[field]} is larger than ${limits.maxFileBytes} bytes`)
            : error;
        });
        if (part.filename === '' || bytes.length === 0) {
          problems.push({ field, code: 'ERR_EMPTY_FILE', reason: `no file was selected for the ${LABEL[field]} (empty part)` });
          continue;
        }
        files.set(field, bytes);
      } else if (field === 'name') {
        if (name !== undefined || nameProblem !== undefined) throw InputError.of('name', 'ERR_BAD_REQUEST', 'name was sent more than once');
        if (part.type === 'file') {
          await part.toBuffer();
          nameProblem = { field: 'name', code: 'ERR_INVALID_NAME', reason: 'name must be a text field, not a file' };
        } else if (part.valueTruncated || (typeof part.value === 'string' && nameLength(part.value) > limits.maxNameLength)) {
          nameProblem = { field: 'name', code: 'ERR_NAME_TOO_LONG', reason: `name is longer than ${limits.maxNameLength} characters (counted in Unicode code points after NFC)` };
        } else if (typeof part.value !== 'string') {
          nameProblem = { field: 'name', code: 'ERR_INVALID_NAME', reason: 'name must be plain text' };
        } else {
          name = part.value;
        }
      } else if (part.type === 'file') {
        // Unknown file parts are drained and ignored, as the original service ignored them.
        await part.toBuffer();
      } else if (onText !== undefined && typeof part.value === 'string') {
        onText(field, part.value);
      }
    }
  } catch (error) {
    throw toInputError(error);
  }

  for (const field of spec.required) {
    if (!files.has(field) && !problems.some((p) => p.field === field)) {
      problems.push({ field, code: 'ERR_MISSING_FILE', reason: `the ${LABEL[field]} (${field}) is missing` });
    }
  }
  const nameCheck = nameProblem ?? (spec.nameRequired || name !== undefined ? checkName(name) : undefined);
  if (nameCheck !== undefined) problems.push(nameCheck);
  // Legacy precedence: missing files, then empty files, then the name.
  const order = ['ERR_MISSING_FILE', 'ERR_EMPTY_FILE'];
  problems.sort((a, b) => rank(a.code, order) - rank(b.code, order));
  const first = problems[0];
  if (first !== undefined) throw new InputError([first, ...problems.slice(1)]);

  if (challengeId !== undefined && frames.length === 0) throw InputError.of('frames', 'ERR_MISSING_FILE', 'a liveness challenge was answered without frames');
  if (challengeId === undefined && frames.length > 0) throw InputError.of('challenge_id', 'ERR_INVALID_CHALLENGE', 'frames were sent without the challenge_id they answer');

  // NFC, so the service checks the characters the length limit counted.
  return { files, name: name?.normalize('NFC').trim(), ...(challengeId === undefined ? {} : { liveness: { challengeId, frames } }) };
}

function frameTooLarge(): InputError {
  return InputError.of('frames', 'ERR_FILE_TOO_LARGE', `a frame is larger than ${DEFAULT_LIVENESS.maxFrameBytes} bytes`);
}

function rank(code: string, order: readonly string[]): number {
  const index = order.indexOf(code);
  return index < 0 ? order.length : index;
}

/**
 * A usable name: present, not blank, valid text without control or invisible format characters, each word
 * in one script (domain/name-text.ts says why).
 */
export function checkName(name: string | undefined): InputProblem | undefined {
  if (name === undefined) return { field: 'name', code: 'ERR_MISSING_NAME', reason: 'the name field is missing' };
  if (name.trim() === '') return { field: 'name', code: 'ERR_MISSING_NAME', reason: 'the name field is empty' };
  // U+FFFD marks bytes that were not valid UTF-8; control characters never belong in a name.
  if (/[\uFFFD\p{Cc}]/u.test(name)) {
    return { field: 'name', code: 'ERR_INVALID_NAME', reason: 'name must be valid UTF-8 text without control characters' };
  }
  if (!/\p{L}/u.test(name)) return { field: 'name', code: 'ERR_INVALID_NAME', reason: 'name contains no letters' };
  const characters = nameCharacterProblem(name);
  return characters ? { field: 'name', code: 'ERR_INVALID_NAME', reason: characters.reason } : undefined;
}

function toInputError(error: unknown): InputError {
  if (error instanceof InputError) return error;
  const code = (error as { code?: unknown }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') {
    return InputError.of('form', 'ERR_FILE_TOO_LARGE', 'a file in the form is larger than the upload limit');
  }
  if (typeof code === 'string' && code in MULTIPART_ERRORS) {
    return InputError.of('form', 'ERR_BAD_REQUEST', MULTIPART_ERRORS[code] as string);
  }
  // Busboy's own parse errors (malformed boundaries, truncated bodies) carry no code.
  return InputError.of('form', 'ERR_BAD_REQUEST', 'the multipart body is malformed');
}
