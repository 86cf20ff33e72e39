import type { Box, ModelInfo, RgbImage } from '../image/rgb-image.js';
import type { DetectedFace, FaceEngine } from './face.types.js';
import { BlazeFaceDetector, type Detection, type DetectorTimings } from './blazeface-detector.js';
import { FaceMeshModel, type FaceCrop, type MeshPoint } from './face-mesh.js';
import { CHIP_SIZE, FaceRecognizer } from './face-recognizer.js';
import { CHIP_TEMPLATE, fiveLandmarks, templateSourcePoints } from './face-alignment.js';
import { affineScale, invertAffine, similarityTransform } from './similarity-transform.js';
import { mirrorPatch, warpAffine } from './image-sampling.js';
import { l2Normalize } from './cosine.js';
import { poseFromMesh } from './pose.js';
import { FACE_MODELS } from './model-files.js';

/** Tunables with the values the LFW benchmark was run with. */
export interface HybridFaceEngineOptions {
  /** Most faces embedded per image (strongest detections first). */
  readonly maxFaces?: number;
  /** Minimum BlazeFace score for a candidate. */
  readonly minDetectorScore?: number;
  /** Minimum FaceMesh face-presence confidence; rejects detector false positives. */
  readonly minMeshConfidence?: number;
}

/** Wall time per stage of one analyze() call, for benchmarks (not part of the FaceEngine contract). */
export interface FaceStageTimings {
  /** Whole-image BlazeFace pass. */
  readonly detectMs: number;
  /** Tiled small-face BlazeFace pass (0 when it did not run). */
  readonly tilesMs: number;
  /** FaceMesh on all candidate crops (one batch). */
  readonly meshMs: number;
  /** Similarity fit, chip sampling and mirroring. */
  readonly alignMs: number;
  /** ResNet-34 on all chips and their mirrors (one batch). */
  readonly embedMs: number;
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
      await Promise.all([this.detector.load(), this.mesh.load(), this.recognizer.load()]);
      await this.warmUp();
    })();
    return this.loading;
  }

  async analyze(image: RgbImage): Promise<DetectedFace[]> {
    return (await this.analyzeTimed(image)).faces;
  }

  /** analyze() with the wall time of each stage, for the benchmark's breakdown. */
  async analyzeTimed(image: RgbImage): Promise<{ faces: DetectedFace[]; stages: FaceStageTimings }> {
    if (!this.loading) throw new Error('HybridFaceEngine.analyze() called before load()');
    await this.loading;
    validateImage(image);
    const det: DetectorTimings = { wholeMs: 0, tilesMs: 0 };
    const detections = (await this.detector.detect(image, this.minDetectorScore, undefined, det)).slice(0, this.maxFaces);
    let t = performance.now();
    const meshes = await this.mesh.predict(image, detections.map(cropForDetection));
    const meshMs = performance.now() - t;
    const kept = detections.flatMap((d, i) => {
      const mesh = meshes[i];
      return mesh && mesh.confidence >= this.minMeshConfidence ? [{ det: d, mesh }] : [];
    });
    t = performance.now();
    const chips = kept.flatMap(({ mesh }) => alignedChips(image, mesh.points));
    const alignMs = performance.now() - t;
    t = performance.now();
    const descriptors = chips.length > 0 ? await this.recognizer.embed(chips) : [];
    const embedMs = performance.now() - t;
    const faces = kept.map(({ det: d, mesh }, i): DetectedFace => ({
      box: meshBox(mesh.points, image),
      score: d.score,
      landmarks: fiveLandmarks(mesh.points),
      pose: poseFromMesh(mesh.points),
      mesh: mesh.points,
      embedding: flipAveraged(descriptors[2 * i], descriptors[2 * i + 1]),
    }));
    return {
      faces: faces.sort((a, b) => b.score - a.score),
      stages: { detectMs: det.wholeMs, tilesMs: det.tilesMs, meshMs, alignMs, embedMs },
    };
  }

  async dispose(): Promise<void> {
    await this.loading?.catch(() => undefined);
    await Promise.all([this.detector.dispose(), this.mesh.dispose(), this.recognizer.dispose()]);
    this.loading = undefined;
  }

  /** One full pass on a synthetic image so onnxruntime allocates its buffers before the first real request. */
  private async warmUp(): Promise<void> {
    const size = 160;
    const data = new Uint8Array(size * size * 3);
    for (let i = 0; i < data.length; i++) data[i] = (i * 31) % 251;
    const image = { width: size, height: size, data };
    await this.detector.detect(image, this.minDetectorScore);
    const [mesh] = await this.mesh.predict(image, [{ cx: size / 2, cy: size / 2, size: size * 0.8, angle: 0 }]);
    if (mesh) await this.recognizer.embed(alignedChips(image, mesh.points));
  }
}

/** The aligned 150 px chip and its mirror image (the descriptor is the mean of both). */
function alignedChips(image: RgbImage, points: readonly MeshPoint[]): Float32Array[] {
  const toChip = similarityTransform(templateSourcePoints(points), CHIP_TEMPLATE);
  const chipToImage = invertAffine(toChip);
  const chip = warpAffine(image, chipToImage, CHIP_SIZE, CHIP_SIZE, affineScale(chipToImage));
  return [chip, mirrorPatch(chip, CHIP_SIZE, CHIP_SIZE)];
}

function flipAveraged(plain: Float32Array | undefined, mirrored: Float32Array | undefined): Float32Array {
  if (!plain || !mirrored) throw new Error('face recogniser returned fewer descriptors than chips');
  const sum = new Float32Array(plain.length);
  for (let i = 0; i < sum.length; i++) sum[i] = (plain[i] as number) + (mirrored[i] as number);
  return l2Normalize(sum);
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
