import type { Point, RgbImage } from '../image/rgb-image.js';
import { type OnnxSession } from '../runtime/onnx-runtime.js';
import { readVerifiedJson, readVerifiedModelFile } from './model-files.js';
import { toPlanar, warpAffine } from './image-sampling.js';
import { loadTfjsGraphAsOnnx } from './tfjs-graph-model.js';
import { applyAffine, type AffineMatrix } from './similarity-transform.js';

/** 3D mesh point: x, y in image pixels, z (depth) in the same pixel scale. */
export interface MeshPoint { readonly x: number; readonly y: number; readonly z: number }

export interface MeshResult {
  /** 468 MediaPipe FaceMesh points in full-image coordinates. */
  readonly points: readonly MeshPoint[];
  /** FaceMesh's own face-presence confidence, 0..1. */
  readonly confidence: number;
}

/** Square, rotated crop around a face: centre, side length in pixels and in-plane angle (radians). */
export interface FaceCrop { readonly cx: number; readonly cy: number; readonly size: number; readonly angle: number }

const INPUT = 192;

/** Maps crop pixel coordinates (0..192) to image coordinates. */
function cropToImage(crop: FaceCrop): AffineMatrix {
  const s = crop.size / INPUT;
  const cos = Math.cos(crop.angle) * s, sin = Math.sin(crop.angle) * s;
  const h = INPUT / 2;
  return [cos, -sin, crop.cx - cos * h + sin * h, sin, cos, crop.cy - sin * h - cos * h];
}

/** ONNX output name -> node of Human's FaceMesh graph (the contours head is not built). */
const OUTPUTS = { mesh: 'Identity_2', faceflag: 'Identity_1' } as const;
const POINTS = 468;
const MAX_SUPERSAMPLE = 2;

/**
 * MediaPipe FaceMesh (Human's 192 px graph) on onnxruntime. The crop is taken from the full-resolution image
 * and rotated upright, so landmarks stay accurate for small or tilted faces whatever size the detector saw.
 * All crops of one image run as one batch.
 */
export class FaceMeshModel {
  private session: OnnxSession | undefined;

  async load(): Promise<void> {
    const json = await readVerifiedJson<unknown>('human-facemesh-graph');
    const weights = await readVerifiedModelFile('human-facemesh-weights');
    this.session = await loadTfjsGraphAsOnnx('facemesh', json, weights,
      { inputName: 'crop', outputs: OUTPUTS, dynamicBatch: true });
  }

  async predict(image: RgbImage, crops: readonly FaceCrop[]): Promise<MeshResult[]> {
    const session = this.session;
    if (!session) throw new Error('FaceMeshModel used before load()');
    if (crops.length === 0) return [];
    const plane = INPUT * INPUT;
    const input = new Float32Array(crops.length * 3 * plane);
    crops.forEach((crop, n) => {
      // At most 2x2 sub-samples per pixel: 3x3 / 4x4 on large selfie faces made this warp cost more than the
      // network, and the landmarks of a 192 px crop do not need a finer anti-aliasing filter.
      const pixels = warpAffine(image, cropToImage(crop), INPUT, INPUT, Math.min(MAX_SUPERSAMPLE, crop.size / INPUT));
      toPlanar(pixels, input, n * 3 * plane, 1 / 255, 0);
    });
    const out = await session.run({ crop: { data: input, dims: [crops.length, 3, INPUT, INPUT] } });
    const mesh = out.mesh?.data, flag = out.faceflag?.data;
    if (!mesh || !flag || mesh.length !== crops.length * POINTS * 3 || flag.length !== crops.length) {
      throw new Error('unexpected FaceMesh outputs');
    }
    return crops.map((crop, n) => {
      const m = cropToImage(crop);
      const s = crop.size / INPUT;
      const base = n * POINTS * 3;
      const points: MeshPoint[] = [];
      for (let i = 0; i < POINTS; i++) {
        const p: Point = applyAffine(m, { x: mesh[base + 3 * i] as number, y: mesh[base + 3 * i + 1] as number });
        points.push({ x: p.x, y: p.y, z: (mesh[base + 3 * i + 2] as number) * s });
      }
      return { points, confidence: flag[n] as number };
    });
  }

  async dispose(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    await session?.release();
  }
}
