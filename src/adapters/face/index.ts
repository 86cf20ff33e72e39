/** Public surface of the face adapter; the service imports from here only. */
export { HybridFaceEngine, type FaceStageTimings, type HybridFaceEngineOptions } from './face-engine.js';
export { cosineSimilarity } from './cosine.js';
export { similarityTransform, applyAffine, invertAffine, type AffineMatrix } from './similarity-transform.js';
export { selectPrimaryFace } from './select-face.js';
export { FACE_MODELS, ModelIntegrityError } from './model-files.js';
export { FACE_CALIBRATION, type FaceCalibration } from './calibration.js';
export type { DetectedFace, FaceEngine, FaceLandmarks } from './face.types.js';
export { greyFaceChip, GREY_CHIP_SIZE } from './face-chip.js';
export { assessPresentation } from './presentation.js';
export { FACE_OVAL, NOSE } from './mesh-regions.js';
