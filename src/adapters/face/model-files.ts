/**
 * Identity of every model file the face engine reads. Files come from npm packages (no downloads at run time)
 * and are located and hash-checked by ../runtime/model-files.ts, as every model file is.
 */
import type { ModelInfo } from '../image/rgb-image.js';
import { ModelIntegrityError, readVerifiedModelFile as readVerifiedFile } from '../runtime/model-files.js';

export { checkSha256, ModelIntegrityError, packageDir } from '../runtime/model-files.js';

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

function infoById(id: string): ModelInfo {
  const info = FACE_MODELS.find((m) => m.id === id);
  if (!info) throw new ModelIntegrityError(`unknown face model file id ${id}`);
  return info;
}

/** Reads one listed model file and verifies its sha256; returns a standalone ArrayBuffer of its bytes. */
export async function readVerifiedModelFile(id: string): Promise<ArrayBuffer> {
  const bytes = await readVerifiedFile(infoById(id));
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** Reads and parses a verified JSON model file. */
export async function readVerifiedJson<T>(id: string): Promise<T> {
  const bytes = await readVerifiedModelFile(id);
  return JSON.parse(new TextDecoder().decode(bytes)) as T;
}
