/**
 * PaddleOCR PP-OCRv4 document reader on onnxruntime: detect text lines, find which way is up, recognise each
 * line, sort into reading order, parse the MRZ. One instance per worker thread; `read` keeps no state.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { ModelInfo, RgbImage } from '../image/rgb-image.js';
import { ModelIntegrityError, OnnxSession } from '../runtime/onnx-runtime.js';
import { CtcCharset } from './ctc-decode.js';
import type { DocumentEngine, DocumentReading, OcrLine } from './document.types.js';
import { rectBounds, type RotatedRect } from './geometry.js';
import { extractMrz } from './mrz-extract.js';
import { CLS_MODEL, DET_MODEL, DOCUMENT_MODELS, modelPath, REC_DICTIONARY, REC_MODEL } from './paddle-models.js';
import { alignToPage, opposite, voteOrientation, type PageRotation } from './page-orientation.js';
import { withinBudget } from './line-budget.js';
import { joinMrzFragments, type RowPiece } from './mrz-fragments.js';
import { readingRows } from './reading-order.js';
import { DEFAULT_DETECTOR_OPTIONS, detectText, type DetectorOptions } from './text-detector.js';
import { DEFAULT_RECOGNIZER_OPTIONS, recognizeText, type RecognizerOptions } from './text-recognizer.js';

export interface PaddleEngineOptions {
  readonly detector: DetectorOptions;
  readonly recognizer: RecognizerOptions;
  /** Lines read with a lower mean character confidence are dropped as noise (PaddleOCR drop_score). */
  readonly minConfidence: number;
  /**
   * Most recogniser input columns per page (Infinity = read every line). Recognition is ~0.2 ms per column on
   * one core and a passport page holds 10-15k; a budget keeps the MRZ and the largest print (see line-budget.ts).
   */
  readonly columnBudget: number;
  /** onnxruntime intra-op threads per model. */
  readonly threads: number;
}

export const DEFAULT_ENGINE_OPTIONS: PaddleEngineOptions = Object.freeze({
  detector: DEFAULT_DETECTOR_OPTIONS,
  recognizer: DEFAULT_RECOGNIZER_OPTIONS,
  minConfidence: 0.4,
  columnBudget: Infinity,
  threads: 1,
});

/** Classifier verdicts closer than this to 0.5 are checked with the recogniser. */
const UNSURE_MARGIN = 0.15;
/** Words read both ways to settle an unsure orientation (each costs two recogniser crops). */
const SETTLING_VOTERS = 6;

interface Loaded {
  readonly det: OnnxSession;
  readonly rec: OnnxSession;
  readonly cls: OnnxSession;
  readonly charset: CtcCharset;
}

/** Reads document photos with PaddleOCR; see docs/ocr-notes.md for accuracy and speed. */
export class PaddleDocumentEngine implements DocumentEngine {
  readonly models: readonly ModelInfo[] = DOCUMENT_MODELS;
  private readonly options: PaddleEngineOptions;
  private loading: Promise<Loaded> | null = null;

  constructor(options: Partial<PaddleEngineOptions> = {}) {
    this.options = { ...DEFAULT_ENGINE_OPTIONS, ...options };
  }

  /** Loads and warms all models once; concurrent callers share the same load. */
  load(): Promise<void> {
    if (!this.loading) {
      const loading = this.loadModels();
      this.loading = loading;
      // A failed load (missing or corrupt file) may be retried after the cause is fixed.
      loading.catch(() => {
        if (this.loading === loading) this.loading = null;
      });
    }
    return this.loading.then(() => undefined);
  }

  async read(image: RgbImage): Promise<DocumentReading> {
    if (!this.loading) throw new Error('document engine not loaded');
    const { det, rec, cls, charset } = await this.loading;
    if (image.width < 1 || image.height < 1 || image.data.length !== image.width * image.height * 3) {
      throw new Error(`invalid RGB image ${image.width}x${image.height} with ${image.data.length} bytes`);
    }
    const detected = await detectText(det, image, this.options.detector);
    if (detected.length === 0) return { lines: [], mrz: null };
    const raw = detected.map((d) => d.rect);
    const rotation = await this.pageRotation(cls, rec, charset, image, raw);
    const aligned = alignToPage(raw, rotation);
    const rects = withinBudget(aligned, this.options.columnBudget).map((i) => aligned[i]!);
    const texts = await recognizeText(rec, charset, image, rects, this.options.recognizer);
    const lines: OcrLine[] = [];
    for (const row of readingRows(rects, rotation)) {
      const pieces: RowPiece[] = [];
      for (const index of row) {
        const read = texts[index];
        const text = read?.text.trim() ?? '';
        if (!read || text === '' || read.confidence < this.options.minConfidence) continue;
        const rect = rects[index]!;
        const along = alongReading(rect.cx, rect.cy, rotation);
        pieces.push({
          text,
          confidence: read.confidence,
          box: rectBounds(rect, image.width, image.height),
          start: along - rect.width / 2,
          end: along + rect.width / 2,
          height: rect.height,
        });
      }
      for (const piece of joinMrzFragments(pieces)) lines.push({ text: piece.text, confidence: piece.confidence, box: piece.box });
    }
    return { lines, mrz: extractMrz(lines.map((line) => line.text)) };
  }

  /**
   * The angle classifier alone misjudged 1 in 98 specimen orientations, always with a mean verdict between
   * 0.35 and 0.65; in that band the recogniser reads six words both ways and the more confident way wins.
   */
  private async pageRotation(
    cls: OnnxSession,
    rec: OnnxSession,
    charset: CtcCharset,
    image: RgbImage,
    rects: readonly RotatedRect[],
  ): Promise<PageRotation> {
    const vote = await voteOrientation(cls, image, rects);
    if (Math.abs(vote.upsideDown - 0.5) >= UNSURE_MARGIN || vote.voters.length === 0) return vote.rotation;
    const voters = vote.voters.slice(0, SETTLING_VOTERS);
    const other = opposite(vote.rotation);
    const reads = await recognizeText(rec, charset, image, [...voters, ...alignToPage(voters, other)], this.options.recognizer);
    const score = (from: number): number =>
      reads.slice(from, from + voters.length).reduce((sum, r) => sum + r.confidence, 0);
    return score(voters.length) > score(0) ? other : vote.rotation;
  }

  async dispose(): Promise<void> {
    const loading = this.loading;
    this.loading = null;
    const loaded = await loading?.catch(() => null);
    if (!loaded) return;
    await Promise.all([loaded.det.release(), loaded.rec.release(), loaded.cls.release()]);
  }

  private async loadModels(): Promise<Loaded> {
    const charset = CtcCharset.fromDictionary(await readVerified(REC_DICTIONARY));
    const threads = this.options.threads;
    const open = (model: ModelInfo): Promise<OnnxSession> =>
      OnnxSession.create({ path: modelPath(model), sha256: model.sha256, threads });
    const opened: OnnxSession[] = [];
    try {
      for (const model of [DET_MODEL, REC_MODEL, CLS_MODEL]) opened.push(await open(model));
      const [det, rec, cls] = opened as [OnnxSession, OnnxSession, OnnxSession];
      // Warm-up: the first run of each graph pays for kernel selection and allocation; do it before /ready.
      await det.run({ x: { data: new Float32Array(3 * 64 * 64), dims: [1, 3, 64, 64] } });
      await rec.run({ x: { data: new Float32Array(3 * 48 * 320), dims: [1, 3, 48, 320] } });
      await cls.run({ x: { data: new Float32Array(3 * 48 * 192), dims: [1, 3, 48, 192] } });
      return { det, rec, cls, charset };
    } catch (error) {
      await Promise.all(opened.map((session) => session.release()));
      throw error;
    }
  }
}

/** Position of a point along the page's reading direction. */
function alongReading(x: number, y: number, rotation: PageRotation): number {
  const t = (rotation * Math.PI) / 180;
  return x * Math.cos(t) + y * Math.sin(t);
}

/** Reads a small text asset after checking its hash, the same guarantee the onnx files get. */
async function readVerified(model: ModelInfo): Promise<string> {
  const path = modelPath(model);
  const bytes = await readFile(path);
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== model.sha256) throw new ModelIntegrityError(path, model.sha256, actual);
  return bytes.toString('utf8');
}
