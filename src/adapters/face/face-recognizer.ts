import { readVerifiedJson, readVerifiedModelFile } from './model-files.js';
import { decodeWeights, tf, type NamedTensorMap, type Tensor, type Tensor4D } from './tfjs-runtime.js';
import type { io } from '@tensorflow/tfjs-core';

/** Side of the aligned chip the recogniser expects (dlib's face chip). */
export const CHIP_SIZE = 150;
const MEAN_RGB = [122.782, 117.001, 104.298] as const;

type WeightsManifest = readonly { readonly paths: readonly string[]; readonly weights: readonly io.WeightsManifestEntry[] }[];

/**
 * dlib's ResNet-34 face recogniser (128-d) with face-api's converted weights, written directly with tfjs ops
 * (same graph as face-api's FaceRecognitionNet) so it runs on this adapter's tfjs instance and holds no state.
 */
export class FaceRecognizer {
  private weights: NamedTensorMap | undefined;

  async load(): Promise<void> {
    const manifest = await readVerifiedJson<WeightsManifest>('faceapi-resnet34-manifest');
    const data = await readVerifiedModelFile('faceapi-resnet34-weights');
    this.weights = decodeWeights(manifest.flatMap((g) => g.weights), data);
  }

  /**
   * Descriptors for a batch of 150x150 RGB chips (packed HWC floats 0..255), one Float32Array of 128 per chip.
   */
  embed(chips: readonly Float32Array[]): Float32Array[] {
    const w = this.weights;
    if (!w) throw new Error('FaceRecognizer used before load()');
    const get = (name: string): Tensor => {
      const t = w[name];
      if (!t) throw new Error(`face recogniser weight ${name} missing`);
      return t;
    };
    const convLayer = (x: Tensor4D, prefix: string, stride: number, relu: boolean, padding: 'same' | 'valid'): Tensor4D => {
      let out: Tensor4D = tf.conv2d(x, get(`${prefix}/conv/filters`) as Tensor4D, stride, padding);
      out = tf.add(out, get(`${prefix}/conv/bias`)) as Tensor4D;
      out = tf.add(tf.mul(out, get(`${prefix}/scale/weights`)), get(`${prefix}/scale/biases`)) as Tensor4D;
      return relu ? tf.relu(out) : out;
    };
    const residual = (x: Tensor4D, prefix: string): Tensor4D => {
      let out = convLayer(x, `${prefix}/conv1`, 1, true, 'same');
      out = convLayer(out, `${prefix}/conv2`, 1, false, 'same');
      return tf.relu(tf.add(out, x)) as Tensor4D;
    };
    const residualDown = (x: Tensor4D, prefix: string): Tensor4D => {
      let out = convLayer(x, `${prefix}/conv1`, 2, true, 'valid');
      out = convLayer(out, `${prefix}/conv2`, 1, false, 'same');
      let pooled: Tensor4D = tf.avgPool(x, 2, 2, 'valid');
      if (pooled.shape[1] !== out.shape[1] || pooled.shape[2] !== out.shape[2]) {
        const [n, h, wd, c] = out.shape;
        out = tf.concat([out, tf.zeros([n, 1, wd, c])], 1);
        out = tf.concat([out, tf.zeros([n, h + 1, 1, c])], 2);
      }
      if (pooled.shape[3] !== out.shape[3]) pooled = tf.concat([pooled, tf.zeros(pooled.shape)], 3);
      return tf.relu(tf.add(pooled, out)) as Tensor4D;
    };
    const flat = tf.tidy(() => {
      const batch = tf.stack(chips.map((c) => tf.tensor3d(c, [CHIP_SIZE, CHIP_SIZE, 3]))) as Tensor4D;
      let x = tf.div(tf.sub(batch, tf.tensor1d([...MEAN_RGB])), 255) as Tensor4D;
      x = convLayer(x, 'conv32_down', 2, true, 'valid');
      x = tf.maxPool(x, 3, 2, 'valid');
      for (const p of ['conv32_1', 'conv32_2', 'conv32_3']) x = residual(x, p);
      x = residualDown(x, 'conv64_down');
      for (const p of ['conv64_1', 'conv64_2', 'conv64_3']) x = residual(x, p);
      x = residualDown(x, 'conv128_down');
      for (const p of ['conv128_1', 'conv128_2']) x = residual(x, p);
      x = residualDown(x, 'conv256_down');
      for (const p of ['conv256_1', 'conv256_2']) x = residual(x, p);
      x = residualDown(x, 'conv256_down_out');
      const pooled = tf.mean(x, [1, 2]) as tf.Tensor2D;
      return tf.matMul(pooled, get('fc') as tf.Tensor2D).dataSync() as Float32Array;
    });
    return chips.map((_, i) => flat.slice(i * 128, (i + 1) * 128));
  }

  dispose(): void {
    if (this.weights) tf.dispose(Object.values(this.weights));
    this.weights = undefined;
  }
}
