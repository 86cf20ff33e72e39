import type { Point, RgbImage } from '../image/rgb-image.js';
import { type OnnxSession } from '../runtime/onnx-runtime.js';
import { readVerifiedJson, readVerifiedModelFile } from './model-files.js';
import { downscaleBox, toPlanar, warpAffine } from './image-sampling.js';
import { loadTfjsGraphAsOnnx } from './tfjs-graph-model.js';

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

/** Wall time of the detector passes of one call (filled in when the caller asks for it). */
export interface DetectorTimings { wholeMs: number; tilesMs: number }

/** ONNX output name -> node of Human's BlazeFace graph (signature: Identity_* are the four heads). */
const OUTPUTS = { scores16: 'Identity', scores32: 'Identity_1', boxes16: 'Identity_2', boxes32: 'Identity_3' } as const;

/**
 * MediaPipe BlazeFace (Human's 256 px "back" variant) on onnxruntime, run over the whole image and, for photos
 * that may hold only a small face, over tiles batched into one session call.
 */
export class BlazeFaceDetector {
  private session: OnnxSession | undefined;
  private readonly anchors = anchors();

  async load(): Promise<void> {
    const json = await readVerifiedJson<unknown>('human-blazeface-graph');
    const weights = await readVerifiedModelFile('human-blazeface-weights');
    this.session = await loadTfjsGraphAsOnnx('blazeface', json, weights,
      { inputName: 'image', outputs: OUTPUTS, dynamicBatch: true });
  }

  /**
   * Faces in full-image coordinates, strongest first. The whole image is scanned first; tiles are scanned only
   * when that found no face with a side of at least 1/10 of the image's long side, i.e. when the photo may
   * hold only a small face (an ID card shot), so a selfie costs one detector pass.
   */
  async detect(image: RgbImage, minScore = MIN_SCORE, minTile = MIN_TILE, timings?: DetectorTimings): Promise<Detection[]> {
    const [whole, ...tiles] = detectorRegions(image.width, image.height, minTile);
    if (!whole) return [];
    const pyramid = new Map<number, RgbImage>();
    let t = performance.now();
    const all = (await this.detectRegions(image, [whole], minScore, pyramid)).flat();
    if (timings) timings.wholeMs = performance.now() - t;
    const long = Math.max(image.width, image.height);
    if (tiles.length === 0 || all.some((d) => Math.max(d.width, d.height) >= long / 10)) return all;
    t = performance.now();
    const perTile = await this.detectRegions(image, tiles, minScore, pyramid);
    tiles.forEach((region, i) => {
      for (const h of perTile[i] ?? []) if (Math.max(h.width, h.height) < region.size * 0.3) all.push(h);
    });
    if (timings) timings.tilesMs = performance.now() - t;
    return nonMaxSuppression(all);
  }

  /** One session run over all regions (batch); `pyramid` caches box-downscaled copies for this call only. */
  private async detectRegions(image: RgbImage, regions: readonly Region[], minScore: number,
    pyramid: Map<number, RgbImage>): Promise<Detection[][]> {
    const session = this.session;
    if (!session) throw new Error('BlazeFaceDetector used before load()');
    const plane = INPUT * INPUT;
    const input = new Float32Array(regions.length * 3 * plane);
    regions.forEach((region, n) => {
      const scale = region.size / INPUT;
      const k = Math.max(1, Math.floor(scale / 1.5));
      const source = pyramid.get(k) ?? downscaleBox(image, k);
      pyramid.set(k, source);
      const pixels = warpAffine(source, [scale / k, 0, region.x / k, 0, scale / k, region.y / k], INPUT, INPUT, scale / k);
      toPlanar(pixels, input, n * 3 * plane, 1 / 127.5, -1);
    });
    const out = await session.run({ image: { data: input, dims: [regions.length, 3, INPUT, INPUT] } });
    const head = (name: keyof typeof OUTPUTS, anchorsN: number, depth: number): Float32Array => {
      const t = out[name];
      if (!t || t.data.length !== regions.length * anchorsN * depth) throw new Error(`unexpected BlazeFace output ${name}`);
      return t.data;
    };
    const s16 = head('scores16', 512, 1), s32 = head('scores32', 384, 1);
    const b16 = head('boxes16', 512, 16), b32 = head('boxes32', 384, 16);
    const minLogit = Math.log(minScore / (1 - minScore));
    return regions.map((region, n) => {
      const scale = region.size / INPUT;
      const found: Detection[] = [];
      for (let i = 0; i < 896; i++) {
        const small = i < 512;
        const j = small ? i : i - 512;
        const logit = (small ? s16[n * 512 + j] : s32[n * 384 + j]) as number;
        if (logit < minLogit) continue;
        const boxes = small ? b16 : b32;
        const base = 16 * ((small ? n * 512 : n * 384) + j);
        const ax = this.anchors[2 * i] as number, ay = this.anchors[2 * i + 1] as number;
        const r = (k: number): number => boxes[base + k] as number;
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
    });
  }

  async dispose(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    await session?.release();
  }
}
