import type { Point, RgbImage } from '../image/rgb-image.js';
import { readVerifiedJson, readVerifiedModelFile } from './model-files.js';
import { downscaleBox, warpAffine } from './image-sampling.js';
import { graphModelFromMemory, tf, type GraphModel, type GraphModelJson, type Tensor } from './tfjs-runtime.js';

/** A raw detector hit in full-image pixel coordinates. */
export interface Detection {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly score: number;
  /** BlazeFace keypoints: eye (image left), eye (image right), nose, mouth, ear, ear. */
  readonly keypoints: readonly Point[];
}

/** Square region of the image fed to one detector pass. */
interface Region { readonly x: number; readonly y: number; readonly size: number }

const INPUT = 256;
const MIN_SCORE = 0.5;
const NMS_IOU = 0.3;
/** Smallest tile side scanned: photos under 1024 px get no tiles (their whole-image pass is fine enough). */
const MIN_TILE = 512;

/** BlazeFace anchors for the 256 px "back" model: 16x16x2 at stride 16, then 8x8x6 at stride 32. */
function anchors(): Float32Array {
  const out: number[] = [];
  for (const [stride, perCell] of [[16, 2], [32, 6]] as const) {
    const grid = INPUT / stride;
    for (let gy = 0; gy < grid; gy++) {
      for (let gx = 0; gx < grid; gx++) {
        for (let n = 0; n < perCell; n++) out.push(stride * (gx + 0.5), stride * (gy + 0.5));
      }
    }
  }
  return Float32Array.from(out);
}

/**
 * Square regions to scan. The whole image (padded square) finds normal faces; at 256 px input a face under
 * ~15-20 px is unreliable, which is what an ID-card portrait becomes in a 1600 px phone photo, so images whose
 * long side is at least 2 x `minTile` also get half-overlapping tiles of half the long side (6-9 tiles). Only
 * one tile level, so the cost stays bounded for any input size; the service downscales uploads to its
 * `maxSide` first, and at 1600 px the tiles see an 80 px portrait at ~26 px.
 */
export function detectorRegions(width: number, height: number, minTile = MIN_TILE): Region[] {
  const long = Math.max(width, height);
  const regions: Region[] = [{ x: (width - long) / 2, y: (height - long) / 2, size: long }];
  const size = long / 2;
  if (size >= Math.max(minTile, INPUT)) {
    const xs = tilePositions(width, size, size / 2);
    const ys = tilePositions(height, size, size / 2);
    for (const y of ys) for (const x of xs) regions.push({ x, y, size });
  }
  return regions;
}

function tilePositions(extent: number, size: number, step: number): number[] {
  if (extent <= size) return [(extent - size) / 2];
  const count = Math.ceil((extent - size) / step) + 1;
  const stride = (extent - size) / (count - 1);
  return Array.from({ length: count }, (_, i) => i * stride);
}

function iou(a: Detection, b: Detection): number {
  const x1 = Math.max(a.x, b.x), y1 = Math.max(a.y, b.y);
  const x2 = Math.min(a.x + a.width, b.x + b.width), y2 = Math.min(a.y + a.height, b.y + b.height);
  const inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
  return inter / (a.width * a.height + b.width * b.height - inter);
}

/** Greedy non-maximum suppression across all regions, strongest first. */
export function nonMaxSuppression(dets: readonly Detection[], threshold = NMS_IOU): Detection[] {
  const sorted = [...dets].sort((p, q) => q.score - p.score);
  const kept: Detection[] = [];
  for (const d of sorted) if (kept.every((k) => iou(k, d) < threshold)) kept.push(d);
  return kept;
}

/** MediaPipe BlazeFace (Human's 256 px "back" variant), run over the whole image and over tiles. */
export class BlazeFaceDetector {
  private model: GraphModel | undefined;
  private readonly anchors = anchors();

  async load(): Promise<void> {
    const json = await readVerifiedJson<GraphModelJson>('human-blazeface-graph');
    const weights = await readVerifiedModelFile('human-blazeface-weights');
    this.model = await graphModelFromMemory(json, weights);
  }

  /**
   * Faces in full-image coordinates, strongest first. The whole image is scanned first; tiles are scanned only
   * when that found no face with a side of at least 1/10 of the image's long side, i.e. when the photo may
   * hold only a small face (an ID card shot), so a selfie costs one detector pass.
   */
  detect(image: RgbImage, minScore = MIN_SCORE, minTile = MIN_TILE): Detection[] {
    const [whole, ...tiles] = detectorRegions(image.width, image.height, minTile);
    if (!whole) return [];
    const pyramid = new Map<number, RgbImage>();
    const all = this.detectRegion(image, whole, minScore, pyramid);
    const long = Math.max(image.width, image.height);
    if (all.some((d) => Math.max(d.width, d.height) >= long / 10)) return all;
    for (const region of tiles) {
      for (const h of this.detectRegion(image, region, minScore, pyramid)) {
        if (Math.max(h.width, h.height) < region.size * 0.3) all.push(h);
      }
    }
    return nonMaxSuppression(all);
  }

  /** `pyramid` caches box-downscaled copies of the image for this call only. */
  private detectRegion(image: RgbImage, region: Region, minScore: number, pyramid: Map<number, RgbImage>): Detection[] {
    const model = this.model;
    if (!model) throw new Error('BlazeFaceDetector used before load()');
    const scale = region.size / INPUT;
    const k = Math.max(1, Math.floor(scale / 1.5));
    const source = pyramid.get(k) ?? downscaleBox(image, k);
    pyramid.set(k, source);
    const pixels = warpAffine(source, [scale / k, 0, region.x / k, 0, scale / k, region.y / k], INPUT, INPUT, scale / k);
    const raw = tf.tidy(() => {
      const input = tf.sub(tf.div(tf.tensor4d(pixels, [1, INPUT, INPUT, 3]), 127.5), 1);
      const outputs = model.execute(input) as Tensor[];
      const pick = (anchorsN: number, depth: number): Tensor => {
        const t = outputs.find((o) => o.shape[1] === anchorsN && o.shape[2] === depth);
        if (!t) throw new Error(`unexpected BlazeFace outputs: ${outputs.map((o) => o.shape.join('x')).join(', ')}`);
        return t;
      };
      const scores = tf.concat([pick(512, 1), pick(384, 1)], 1);
      const boxes = tf.concat([pick(512, 16), pick(384, 16)], 1);
      return { scores: scores.dataSync() as Float32Array, boxes: boxes.dataSync() as Float32Array };
    });
    const found: Detection[] = [];
    const minLogit = Math.log(minScore / (1 - minScore));
    for (let i = 0; i < raw.scores.length; i++) {
      const logit = raw.scores[i] as number;
      if (logit < minLogit) continue;
      const ax = this.anchors[2 * i] as number, ay = this.anchors[2 * i + 1] as number;
      const r = (k: number): number => raw.boxes[16 * i + k] as number;
      const cx = r(0) + ax, cy = r(1) + ay, w = r(2), h = r(3);
      const keypoints: Point[] = [];
      for (let k = 0; k < 6; k++) {
        keypoints.push({ x: region.x + (r(4 + 2 * k) + ax) * scale, y: region.y + (r(5 + 2 * k) + ay) * scale });
      }
      found.push({
        x: region.x + (cx - w / 2) * scale, y: region.y + (cy - h / 2) * scale,
        width: w * scale, height: h * scale,
        score: 1 / (1 + Math.exp(-logit)), keypoints,
      });
    }
    return nonMaxSuppression(found);
  }

  dispose(): void {
    this.model?.dispose();
    this.model = undefined;
  }
}
