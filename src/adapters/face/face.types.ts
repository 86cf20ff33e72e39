import type { Box, ModelInfo, Point, RgbImage } from '../image/rgb-image.js';

/** Five alignment landmarks in image pixel coordinates (subject's left/right as seen in the image). */
export interface FaceLandmarks {
  readonly leftEye: Point;
  readonly rightEye: Point;
  readonly nose: Point;
  readonly mouthLeft: Point;
  readonly mouthRight: Point;
}

export interface DetectedFace {
  readonly box: Box;
  /** Detector confidence, 0..1. */
  readonly score: number;
  readonly landmarks: FaceLandmarks;
  /** Head pose in degrees where the landmark model gives it (0 = frontal). */
  readonly pose: { readonly yaw: number; readonly pitch: number; readonly roll: number };
  /**
   * The 468 FaceMesh points in image pixels (z in the same scale), for checks that need more than five
   * landmarks (liveness parallax). Absent from engines without a mesh.
   */
  readonly mesh?: readonly { readonly x: number; readonly y: number; readonly z: number }[];
  /** L2-normalised face descriptor. */
  readonly embedding: Float32Array;
}

/** Face detection + alignment + embedding. One instance per thread; no state kept between calls. */
export interface FaceEngine {
  readonly models: readonly ModelInfo[];
  load(): Promise<void>;
  /** Every face found, embedded, strongest first. Never keeps a reference to the image. */
  analyze(image: RgbImage): Promise<DetectedFace[]>;
  dispose(): Promise<void>;
}
