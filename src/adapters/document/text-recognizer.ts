/**
 * PP-OCRv4 text recognition over many crops at once. Crops are sorted by aspect ratio and batched so that the
 * zero padding (and with it the wasted compute) inside each batch stays small.
 */
import type { RgbImage } from '../image/rgb-image.js';
import type { OnnxSession } from '../runtime/onnx-runtime.js';
import { greedyDecode, type CtcCharset, type DecodedText } from './ctc-decode.js';
import type { RotatedRect } from './geometry.js';
import { REC_NORMALISATION, sampleRect } from './image-tensor.js';

export interface RecognizerOptions {
  /**
   * Most crops per model call (PaddleOCR rec_batch_num is 6). 1 by default: with one intra-op thread, batching
   * was slower per column than one crop per call (2x700 columns: 313 ms vs 2 x 110 ms; 6x320: 0.20 vs 0.13
   * ms/column), and a crop's result no longer depends on its batch neighbours' padding.
   */
  readonly batchSize: number;
  /**
   * Most tensor columns (crops x batch width) per model call. onnxruntime's arena keeps its largest
   * allocation, so this caps the memory wide MRZ lines can pin, at no cost in speed.
   */
  readonly batchColumns: number;
  /** Narrowest batch tensor; PaddleOCR pads every crop to at least 320 px, which is what the model saw in training. */
  readonly minWidth: number;
  /** Widest crop, so one huge box cannot blow up memory. */
  readonly maxWidth: number;
  /**
   * Blank columns after the widest crop of a batch. With one crop per call and none, the recogniser dropped
   * the first characters of an MRZ line it read whole when batched with wider crops ("<T0D..." for
   * "I<UT0D..."); one line height (48) of padding restored them.
   */
  readonly padColumns: number;
}

export const DEFAULT_RECOGNIZER_OPTIONS: RecognizerOptions = Object.freeze({
  batchSize: 1,
  batchColumns: 4096,
  minWidth: 320,
  maxWidth: 3200,
  padColumns: 48,
});

const HEIGHT = 48;
/** The recogniser downsamples width by 8: one CTC step per 8 input columns. */
const WIDTH_PER_STEP = 8;

/** What a caller wants beyond the text. */
export interface RecognitionRequest {
  /** Classes whose per-step probabilities are returned as `lattice` (for constrained decoding). */
  readonly keep?: Int32Array;
  /** Read the crops in grey (image-tensor.ts `CropTarget.gray`). */
  readonly gray?: boolean;
  /** Horizontal scale of the crops in the tensor (1: the crop's own aspect ratio; < 1 squeezes the text). */
  readonly squeeze?: number;
}

/** A line's text and, when asked for, the recogniser's probabilities of a few classes at every step. */
export interface RecognizedText extends DecodedText {
  /** `steps × keep.length` probabilities of the classes `keep` named (-1 = a class the model lacks: 0). */
  readonly lattice?: { readonly steps: number; readonly probs: Float32Array; readonly rect?: RotatedRect };
}

/**
 * Reads the text of each rectangle (x along its angle = reading direction). Results are in input order.
 * With `request.keep`, each result also carries those classes' per-step probabilities (for constrained decoding).
 */
export async function recognizeText(
  session: OnnxSession,
  charset: CtcCharset,
  image: RgbImage,
  rects: readonly RotatedRect[],
  options: RecognizerOptions = DEFAULT_RECOGNIZER_OPTIONS,
  request: RecognitionRequest = {},
): Promise<RecognizedText[]> {
  const { keep, gray = false, squeeze = 1 } = request;
  const widths = rects.map((r) =>
    Math.min(options.maxWidth, Math.max(8, Math.ceil((squeeze * HEIGHT * r.width) / Math.max(1, r.height)))),
  );
  const order = rects.map((_, i) => i).sort((a, b) => widths[a]! - widths[b]!);
  const results: RecognizedText[] = new Array<RecognizedText>(rects.length);
  for (const batch of batches(order, widths, options)) {
    const batchWidth = Math.max(options.minWidth, options.padColumns + Math.max(...batch.map((i) => widths[i]!)));
    const tensor = new Float32Array(batch.length * 3 * HEIGHT * batchWidth);
    batch.forEach((rectIndex, index) => {
      sampleRect(image, rects[rectIndex]!, { tensor, index, height: HEIGHT, batchWidth, width: widths[rectIndex]!, gray }, REC_NORMALISATION);
    });
    const outputs = await session.run({ x: { data: tensor, dims: [batch.length, 3, HEIGHT, batchWidth] } });
    const probs = Object.values(outputs)[0];
    if (!probs) throw new Error('text recogniser returned no output');
    const steps = probs.dims[1] ?? 0;
    const classes = probs.dims[2] ?? 0;
    if (classes !== charset.classCount) {
      throw new Error(`recogniser outputs ${classes} classes, dictionary has ${charset.classCount}`);
    }
    batch.forEach((rectIndex, index) => {
      const used = Math.min(steps, Math.ceil(widths[rectIndex]! / WIDTH_PER_STEP) + 1);
      const offset = index * steps * classes;
      const text = greedyDecode(probs.data, offset, used, classes, charset);
      const kept = keep ? keptProbabilities(probs.data, offset, Math.min(steps, used + options.padColumns / WIDTH_PER_STEP), classes, keep) : null;
      results[rectIndex] = kept ? { ...text, lattice: { ...kept, rect: rects[rectIndex]! } } : text;
    });
  }
  return results;
}

/** The kept classes' probabilities over the crop and its blank padding (a last character may sit at the edge). */
function keptProbabilities(data: Float32Array, offset: number, steps: number, classes: number, keep: Int32Array): { steps: number; probs: Float32Array } {
  const out = new Float32Array(steps * keep.length);
  for (let t = 0; t < steps; t++) {
    for (let k = 0; k < keep.length; k++) {
      const c = keep[k]!;
      out[t * keep.length + k] = c >= 0 ? data[offset + t * classes + c]! : 0;
    }
  }
  return { steps, probs: out };
}

/** Consecutive runs of the width-sorted crops, within both the crop and the column budget. */
function batches(order: readonly number[], widths: readonly number[], options: RecognizerOptions): number[][] {
  const out: number[][] = [];
  let current: number[] = [];
  for (const index of order) {
    const width = Math.max(options.minWidth, widths[index]!);
    if (current.length > 0 && (current.length >= options.batchSize || (current.length + 1) * width > options.batchColumns)) {
      out.push(current);
      current = [];
    }
    current.push(index);
  }
  if (current.length > 0) out.push(current);
  return out;
}
