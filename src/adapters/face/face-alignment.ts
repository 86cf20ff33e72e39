import type { Point } from '../image/rgb-image.js';
import type { FaceLandmarks } from './face.types.js';
import type { MeshPoint } from './face-mesh.js';
import { CHIP_SIZE } from './face-recognizer.js';

/** Padding dlib's get_face_chip_details uses around the 5-point template. */
const CHIP_PADDING = 0.25;

/**
 * dlib's 5-point template (shape_predictor_5_face_landmarks order: subject's left eye outer and inner corner,
 * subject's right eye outer and inner corner, base of the nose), in unit face coordinates. The recogniser was
 * trained on chips aligned to exactly this template; another template costs accuracy (FINDINGS: nine points).
 */
const DLIB_TEMPLATE: readonly Point[] = [
  { x: 0.8595674595992, y: 0.2134981538014 },
  { x: 0.6460604764104, y: 0.2289674387677 },
  { x: 0.1205750620789, y: 0.2137274526848 },
  { x: 0.3340850613712, y: 0.2290642403242 },
  { x: 0.4901312157319, y: 0.6277402636831 },
];

/** FaceMesh indices matching DLIB_TEMPLATE point for point (263/362 left eye, 33/133 right eye, 2 nose base). */
const MESH_FOR_TEMPLATE = [263, 362, 33, 133, 2] as const;

/** The template in 150x150 chip pixel coordinates. */
export const CHIP_TEMPLATE: readonly Point[] = DLIB_TEMPLATE.map((p) => ({
  x: (CHIP_SIZE * (CHIP_PADDING + p.x)) / (1 + 2 * CHIP_PADDING),
  y: (CHIP_SIZE * (CHIP_PADDING + p.y)) / (1 + 2 * CHIP_PADDING),
}));

const at = (mesh: readonly MeshPoint[], i: number): MeshPoint => {
  const p = mesh[i];
  if (!p) throw new RangeError(`mesh point ${i} missing`);
  return p;
};

/** Mesh points to fit against CHIP_TEMPLATE. */
export function templateSourcePoints(mesh: readonly MeshPoint[]): Point[] {
  return MESH_FOR_TEMPLATE.map((i) => ({ x: at(mesh, i).x, y: at(mesh, i).y }));
}

const mid = (a: MeshPoint, b: MeshPoint): Point => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });

/**
 * The five landmarks reported to callers, left/right as seen in the image: leftEye is the eye nearer the
 * image's left edge (the subject's right eye). Eye centres average the two eye corners; nose is the nose base
 * (mesh 2, the point used for alignment); mouth corners are mesh 61 and 291.
 */
export function fiveLandmarks(mesh: readonly MeshPoint[]): FaceLandmarks {
  const m = (i: number): Point => ({ x: at(mesh, i).x, y: at(mesh, i).y });
  return {
    leftEye: mid(at(mesh, 33), at(mesh, 133)),
    rightEye: mid(at(mesh, 263), at(mesh, 362)),
    nose: m(2),
    mouthLeft: m(61),
    mouthRight: m(291),
  };
}
