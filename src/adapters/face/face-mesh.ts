import type { Point, RgbImage } from '../image/rgb-image.js';
import { readVerifiedJson, readVerifiedModelFile } from './model-files.js';
import { warpAffine } from './image-sampling.js';
import { graphModelFromMemory, tf, type GraphModel, type GraphModelJson, type Tensor } from './tfjs-runtime.js';
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

/**
 * MediaPipe FaceMesh (Human's 192 px graph). The crop is taken from the full-resolution image and rotated
 * upright, so landmarks stay accurate for small or tilted faces whatever size the detector saw.
 */
export class FaceMeshModel {
  private model: GraphModel | undefined;

  async load(): Promise<void> {
    const json = await readVerifiedJson<GraphModelJson>('human-facemesh-graph');
    const weights = await readVerifiedModelFile('human-facemesh-weights');
    this.model = await graphModelFromMemory(json, weights);
  }

  predict(image: RgbImage, crop: FaceCrop): MeshResult {
    const model = this.model;
    if (!model) throw new Error('FaceMeshModel used before load()');
    const m = cropToImage(crop);
    const pixels = warpAffine(image, m, INPUT, INPUT, crop.size / INPUT);
    const raw = tf.tidy(() => {
      const input = tf.div(tf.tensor4d(pixels, [1, INPUT, INPUT, 3]), 255);
      const outputs = model.execute(input) as Tensor[];
      const mesh = outputs.find((o) => o.shape[o.shape.length - 1] === 1404);
      const conf = outputs.find((o) => o.shape[o.shape.length - 1] === 1);
      if (!mesh || !conf) throw new Error(`unexpected FaceMesh outputs: ${outputs.map((o) => o.shape.join('x')).join(', ')}`);
      return { mesh: mesh.dataSync() as Float32Array, conf: (conf.dataSync() as Float32Array)[0] as number };
    });
    const s = crop.size / INPUT;
    const points: MeshPoint[] = [];
    for (let i = 0; i < 468; i++) {
      const p: Point = applyAffine(m, { x: raw.mesh[3 * i] as number, y: raw.mesh[3 * i + 1] as number });
      points.push({ x: p.x, y: p.y, z: (raw.mesh[3 * i + 2] as number) * s });
    }
    return { points, confidence: raw.conf };
  }

  dispose(): void {
    this.model?.dispose();
    this.model = undefined;
  }
}
