import type { Box, ModelInfo, RgbImage } from '../image/rgb-image.js';
import type { DetectedFace, FaceEngine } from './face.types.js';
import { BlazeFaceDetector, type Detection } from './blazeface-detector.js';
import { FaceMeshModel, type FaceCrop, type MeshPoint, type MeshResult } from './face-mesh.js';
import { CHIP_SIZE, FaceRecognizer } from './face-recognizer.js';
import { CHIP_TEMPLATE, fiveLandmarks, templateSourcePoints } from './face-alignment.js';
import { affineScale, invertAffine, similarityTransform } from './similarity-transform.js';
import { mirrorPatch, warpAffine } from './image-sampling.js';
import { l2Normalize } from './cosine.js';
import { poseFromMesh } from './pose.js';
import { FACE_MODELS } from './model-files.js';
import { initTfjs } from './tfjs-runtime.js';

/** Tunables with the values the LFW benchmark was run with. */
export interface HybridFaceEngineOptions {
  /** Most faces embedded per image (strongest detections first). */
  readonly maxFaces?: number;
  /** Minimum BlazeFace score for a candidate. */
  readonly minDetectorScore?: number;
  /** Minimum FaceMesh face-presence confidence; rejects detector false positives. */
  readonly minMeshConfidence?: number;
}

/** Human's detector-box enlargement before the FaceMesh crop. */
const MESH_CROP_SCALE = 1.4;

/**
 * Face engine mixing commercially usable weights: Human's BlazeFace detector and FaceMesh landmarks, alignment
 * to dlib's 5-point template, and dlib's ResNet-34 recogniser (face-api weights), descriptor averaged with the
 * mirrored chip's. Reached 99% on LFW (see docs/face-notes.md). Stateless per call: nothing from one analyze()
 * is kept for the next. One instance per thread.
 */
export class HybridFaceEngine implements FaceEngine {
  readonly models: readonly ModelInfo[] = FACE_MODELS;
  private readonly detector = new BlazeFaceDetector();
  private readonly mesh = new FaceMeshModel();
  private readonly recognizer = new FaceRecognizer();
  private loading: Promise<void> | undefined;
  private readonly maxFaces: number;
  private readonly minDetectorScore: number;
  private readonly minMeshConfidence: number;

  constructor(options: HybridFaceEngineOptions = {}) {
    this.maxFaces = options.maxFaces ?? 10;
    this.minDetectorScore = options.minDetectorScore ?? 0.5;
    this.minMeshConfidence = options.minMeshConfidence ?? 0.5;
  }

  /** Loads and checksums every model once (concurrent callers share one load), then warms up on a synthetic image. */
  load(): Promise<void> {
    this.loading ??= (async () => {
      await initTfjs();
      await Promise.all([this.detector.load(), this.mesh.load(), this.recognizer.load()]);
      this.warmUp();
    })();
    return this.loading;
  }

  async analyze(image: RgbImage): Promise<DetectedFace[]> {
    if (!this.loading) throw new Error('HybridFaceEngine.analyze() called before load()');
    await this.loading;
    validateImage(image);
    const detections = this.detector.detect(image, this.minDetectorScore).slice(0, this.maxFaces);
    const faces: DetectedFace[] = [];
    for (const det of detections) {
      const mesh = this.mesh.predict(image, cropForDetection(det));
      if (mesh.confidence < this.minMeshConfidence) continue;
      faces.push(this.describe(image, det, mesh));
    }
    return faces.sort((a, b) => b.score - a.score);
  }

  async dispose(): Promise<void> {
    await this.loading?.catch(() => undefined);
    this.detector.dispose();
    this.mesh.dispose();
    this.recognizer.dispose();
    this.loading = undefined;
  }

  private describe(image: RgbImage, det: Detection, mesh: MeshResult): DetectedFace {
    const toChip = similarityTransform(templateSourcePoints(mesh.points), CHIP_TEMPLATE);
    const chipToImage = invertAffine(toChip);
    const chip = warpAffine(image, chipToImage, CHIP_SIZE, CHIP_SIZE, affineScale(chipToImage));
    const [plain, mirrored] = this.recognizer.embed([chip, mirrorPatch(chip, CHIP_SIZE, CHIP_SIZE)]);
    const sum = new Float32Array(128);
    for (let i = 0; i < 128; i++) sum[i] = (plain?.[i] ?? 0) + (mirrored?.[i] ?? 0);
    return {
      box: meshBox(mesh.points, image),
      score: det.score,
      landmarks: fiveLandmarks(mesh.points),
      pose: poseFromMesh(mesh.points),
      embedding: l2Normalize(sum),
    };
  }

  /** One full pass on a synthetic image so wasm kernels are compiled before the first real request. */
  private warmUp(): void {
    const size = 160;
    const data = new Uint8Array(size * size * 3);
    for (let i = 0; i < data.length; i++) data[i] = (i * 31) % 251;
    const image = { width: size, height: size, data };
    this.detector.detect(image, this.minDetectorScore);
    const mesh = this.mesh.predict(image, { cx: size / 2, cy: size / 2, size: size * 0.8, angle: 0 });
    this.describe(image, { x: 40, y: 40, width: 80, height: 80, score: 0, keypoints: [] }, mesh);
  }
}

/** Square crop around a detection, enlarged as Human does and rotated so the eyes are level. */
export function cropForDetection(det: Detection): FaceCrop {
  const [eyeA, eyeB] = det.keypoints;
  const angle = eyeA && eyeB ? Math.atan2(eyeB.y - eyeA.y, eyeB.x - eyeA.x) : 0;
  return {
    cx: det.x + det.width / 2,
    cy: det.y + det.height / 2,
    size: Math.max(det.width, det.height) * MESH_CROP_SCALE,
    angle,
  };
}

/** Tight box around the mesh, clipped to the image. */
function meshBox(points: readonly MeshPoint[], image: RgbImage): Box {
  let x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity;
  for (const p of points) {
    x1 = Math.min(x1, p.x); y1 = Math.min(y1, p.y); x2 = Math.max(x2, p.x); y2 = Math.max(y2, p.y);
  }
  x1 = Math.max(0, x1); y1 = Math.max(0, y1);
  x2 = Math.min(image.width, x2); y2 = Math.min(image.height, y2);
  return { x: x1, y: y1, width: Math.max(0, x2 - x1), height: Math.max(0, y2 - y1) };
}

function validateImage(image: RgbImage): void {
  if (!Number.isInteger(image.width) || !Number.isInteger(image.height) || image.width < 1 || image.height < 1) {
    throw new RangeError(`invalid image size ${image.width}x${image.height}`);
  }
  if (image.data.length !== image.width * image.height * 3) {
    throw new RangeError(`image data has ${image.data.length} bytes, expected ${image.width * image.height * 3} (packed RGB)`);
  }
}
