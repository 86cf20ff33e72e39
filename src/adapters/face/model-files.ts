/**
 * Identity of every model file the face engine reads, and the one place that reads them. Files come from npm
 * packages (no downloads at run time); each is checked against its pinned sha256 before use so a changed
 * package cannot silently change verification results.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ModelInfo } from '../image/rgb-image.js';

const HUMAN_LICENCE = 'MIT (@vladmandic/human; BlazeFace/FaceMesh graphs converted from Google MediaPipe, Apache-2.0)';
const FACEAPI_LICENCE =
  'MIT (@vladmandic/face-api package); weights: dlib ResNet face recognition model v1 by Davis King, released into the public domain (dlib-models README)';

/** Every file the engine loads, with the sha256 verified at load. Listed in MODELS.md. */
export const FACE_MODELS: readonly ModelInfo[] = Object.freeze([
  { id: 'human-blazeface-graph', package: '@vladmandic/human', version: '3.3.6', file: 'models/blazeface.json',
    sha256: 'cd7bbfc078270572beb39f9e5ae67aadbd50b5e67cff37e6d4f6b3ea39312e5f', licence: HUMAN_LICENCE },
  { id: 'human-blazeface-weights', package: '@vladmandic/human', version: '3.3.6', file: 'models/blazeface.bin',
    sha256: 'dc9a97fdc50bc43216554bdd69aa3e7b9361a519ee7bdd996a2f69a98a6f9b72', licence: HUMAN_LICENCE },
  { id: 'human-facemesh-graph', package: '@vladmandic/human', version: '3.3.6', file: 'models/facemesh.json',
    sha256: 'b60ca26f404724f43bd2b1575761d8265180e1f053cc0731caa68462927309e7', licence: HUMAN_LICENCE },
  { id: 'human-facemesh-weights', package: '@vladmandic/human', version: '3.3.6', file: 'models/facemesh.bin',
    sha256: '3826da640b0a3021161605369ee6af293f75d518040355b960ec71a3390c1c0b', licence: HUMAN_LICENCE },
  { id: 'faceapi-resnet34-manifest', package: '@vladmandic/face-api', version: '1.7.15',
    file: 'model/face_recognition_model-weights_manifest.json',
    sha256: 'cbaffa501b0b9275a12b63357a6843e7e30c054e1c9151e1a5f879b26e32986b', licence: FACEAPI_LICENCE },
  { id: 'faceapi-resnet34-weights', package: '@vladmandic/face-api', version: '1.7.15',
    file: 'model/face_recognition_model.bin',
    sha256: 'b413e420d6840b2775fba32008db6f3cddb07d485967fb42cfcf379c16a8c589', licence: FACEAPI_LICENCE },
]);

/** Model id of the recogniser; calibration thresholds are only valid for this id. */
export const RECOGNISER_MODEL_ID = 'faceapi-resnet34-weights';

/** Thrown when a model file is missing or its bytes differ from the pinned checksum. */
export class ModelIntegrityError extends Error {
  readonly code = 'ERR_MODEL_INTEGRITY';
  constructor(message: string) {
    super(message);
    this.name = 'ModelIntegrityError';
  }
}

const requireFromHere = createRequire(import.meta.url);

/**
 * Package root directory. Human's and face-api's `exports` blocks hide subpaths, so resolve the package's main
 * entry and walk up to the folder holding its package.json.
 */
export function packageDir(name: string): string {
  const entry = requireFromHere.resolve(name);
  const marker = `${path.sep}node_modules${path.sep}${name.split('/').join(path.sep)}${path.sep}`;
  const at = entry.lastIndexOf(marker);
  if (at < 0) throw new ModelIntegrityError(`cannot locate package directory of ${name} from ${entry}`);
  return entry.slice(0, at + marker.length - 1);
}

function infoById(id: string): ModelInfo {
  const info = FACE_MODELS.find((m) => m.id === id);
  if (!info) throw new ModelIntegrityError(`unknown face model file id ${id}`);
  return info;
}

/** Throws ModelIntegrityError unless `bytes` hash to the pinned sha256 of `info`. */
export function checkSha256(bytes: Uint8Array, info: ModelInfo): void {
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== info.sha256) {
    throw new ModelIntegrityError(
      `model file ${info.id} (${info.package}@${info.version}/${info.file}) has sha256 ${actual}, expected ${info.sha256}`,
    );
  }
}

/** Reads one listed model file and verifies its sha256; returns a standalone ArrayBuffer of its bytes. */
export async function readVerifiedModelFile(id: string): Promise<ArrayBuffer> {
  const info = infoById(id);
  const file = path.join(packageDir(info.package), info.file);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new ModelIntegrityError(`model file ${info.id} not readable at ${file}: ${(err as Error).message}`);
  }
  checkSha256(bytes, info);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** Reads and parses a verified JSON model file. */
export async function readVerifiedJson<T>(id: string): Promise<T> {
  const bytes = await readVerifiedModelFile(id);
  return JSON.parse(new TextDecoder().decode(bytes)) as T;
}
