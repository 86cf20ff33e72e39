/**
 * PaddleOCR PP-OCRv4 document reader on onnxruntime: detect text lines, find which way is up, recognise each
 * line, sort into reading order, parse the MRZ. One instance per worker thread; `read` keeps no state.
 */
import type { ModelInfo, RgbImage } from '../image/rgb-image.js';
import { OnnxSession } from '../runtime/onnx-runtime.js';
import { fuseConvolutionTails } from '../runtime/onnx-graph-fusion.js';
import { readVerifiedModelFile } from '../runtime/model-files.js';
import { CtcCharset } from './ctc-decode.js';
import type { DocumentEngine, DocumentReading, MrzReading, ReadHints, TextBox } from './document.types.js';
import { CLS_MODEL, DET_MODEL, modelPath, PADDLE_MODELS, REC_DICTIONARY, REC_MODEL } from './paddle-models.js';
import { straighten, textSkew } from './page-skew.js';
import { mrzNames } from '../../domain/mrz.js';
import { DEFAULT_NAME_POLICY, matchName } from '../../domain/name-match.js';
import { DEFAULT_DETECTOR_OPTIONS, detectText, type DetectorOptions } from './text-detector.js';
import { DEFAULT_RECOGNIZER_OPTIONS, type RecognizerOptions } from './text-recognizer.js';
import { mrzSourceClasses } from './mrz-lattice.js';
import { loadOcrBGlyphs, OCR_B_GLYPHS } from './ocr-b-glyphs.js';
import { loadOtherFontGlyphs, OTHER_FONT_GLYPHS } from './other-font-glyphs.js';
import { PageReader, type PageModels } from './page-reader.js';
import { pageNameEvidence } from './page-names.js';
import { findTextInTwoPasses } from './find-text.js';

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
  /**
   * When the typed name is confirmed by a check-valid MRZ, this many more boxes (largest print first) are read
   * before stopping, so the printed zone can still be cross-checked against the MRZ. 0 = stop at the MRZ.
   */
  readonly extraLinesAfterMrz: number;
  /**
   * When the MRZ rows do not give a check-valid MRZ, they are read once more from boxes this much lower
   * (centred), which gives each character more recogniser columns; the second reading is kept only if it
   * makes the MRZ check-valid. Read that way always, it fixed some lines and broke others on the specimens.
   */
  readonly mrzRetryHeightScale: number;
  /**
   * A page whose text lines are tilted by at least this much (radians) is straightened and detected again
   * (page-skew.ts): tilted MRZ lines are otherwise cut into pieces that do not sit in one row.
   */
  readonly maxSkew: number;
  /** onnxruntime intra-op threads per model. */
  readonly threads: number;
  /**
   * Check the MRZ against the shipped OCR-B glyph templates (mrz-glyph-check.ts): name letters, fillers, state
   * codes, the zone's shape, and how well the zone fits OCR-B at all.
   */
  readonly glyphCheck: boolean;
}

export const DEFAULT_ENGINE_OPTIONS: PaddleEngineOptions = Object.freeze({
  detector: DEFAULT_DETECTOR_OPTIONS,
  recognizer: DEFAULT_RECOGNIZER_OPTIONS,
  minConfidence: 0.4,
  columnBudget: Infinity,
  extraLinesAfterMrz: 0,
  mrzRetryHeightScale: 0.88,
  maxSkew: (5 * Math.PI) / 180,
  threads: 1,
  glyphCheck: true,
});

interface Loaded extends PageModels {
  readonly det: OnnxSession;
}

/** Every file the document engine loads (the PaddleOCR models and the OCR-B glyphs), for MODELS.md and /ready. */
export const DOCUMENT_MODELS: readonly ModelInfo[] = Object.freeze([...PADDLE_MODELS, OCR_B_GLYPHS, OTHER_FONT_GLYPHS]);

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

  async read(image: RgbImage, hints: ReadHints = {}): Promise<DocumentReading> {
    if (!this.loading) throw new Error('document engine not loaded');
    if (image.width < 1 || image.height < 1 || image.data.length !== image.width * image.height * 3) {
      throw new Error(`invalid RGB image ${image.width}x${image.height} with ${image.data.length} bytes`);
    }
    const reading = await this.readPage(image, hints, true);
    // The typed name is matched here, once, on the reading finally chosen (its MRZ name corrected by glyphs).
    if (hints.typedName === undefined) return reading;
    return { ...reading, name: pageNameEvidence(reading, hints.typedName, hints.namePolicy ?? DEFAULT_NAME_POLICY) };
  }

  /**
   * Detection alone, at most FIND_TEXT_SIDE px (find-text.ts): a card held up to the camera prints at a few
   * pixels per stroke even there, and the detector costs a fraction of a full reading (bench/document-in-selfie.ts).
   */
  async findText(image: RgbImage): Promise<TextBox[]> {
    if (!this.loading) throw new Error('document engine not loaded');
    const { det } = await this.loading;
    const found = await findTextInTwoPasses((side) => detectText(det, image, { ...this.options.detector, maxSide: side, minSide: side }));
    return found.map(({ rect, score }) => ({ ...rect, score }));
  }

  private async readPage(image: RgbImage, hints: ReadHints, mayStraighten: boolean): Promise<DocumentReading> {
    const loaded = await this.loading!;
    const detected = await detectText(loaded.det, image, this.options.detector);
    if (detected.length === 0) return { lines: [], mrz: null, stoppedEarly: false, rotation: 0, mrzProblem: 'MRZ_NOT_FOUND' };
    const raw = detected.map((d) => d.rect);
    const skew = textSkew(raw);
    if (mayStraighten && Math.abs(skew) >= this.options.maxSkew) {
      const reading = await this.readPage(await straighten(image, skew), hints, false);
      return { ...reading, straightenedBy: Math.round((skew * 1800) / Math.PI) / 10 };
    }
    return new PageReader(loaded, this.options, image, (mrz) => confirmsTypedName(mrz, hints)).read(raw);
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
      OnnxSession.create({ path: modelPath(model), sha256: model.sha256, threads, rewrite: (bytes) => fuseConvolutionTails(bytes).bytes });
    const opened: OnnxSession[] = [];
    try {
      for (const model of [DET_MODEL, REC_MODEL, CLS_MODEL]) opened.push(await open(model));
      const [det, rec, cls] = opened as [OnnxSession, OnnxSession, OnnxSession];
      // Warm-up: the first run of each graph pays for kernel selection and allocation; do it before /ready.
      await det.run({ x: { data: new Float32Array(3 * 64 * 64), dims: [1, 3, 64, 64] } });
      await rec.run({ x: { data: new Float32Array(3 * 48 * 320), dims: [1, 3, 48, 320] } });
      await cls.run({ x: { data: new Float32Array(3 * 48 * 192), dims: [1, 3, 48, 192] } });
      const glyphs = this.options.glyphCheck ? loadOcrBGlyphs() : null;
      return { det, rec, cls, charset, sourceClasses: mrzSourceClasses(charset), glyphs, otherFonts: glyphs ? loadOtherFontGlyphs() : [] };
    } catch (error) {
      await Promise.all(opened.map((session) => session.release()));
      throw error;
    }
  }
}

/**
 * The typed name is confirmed by the MRZ alone (rule mrz_exact or mrz_fuzzy). `matchName` tries the MRZ before
 * any printed line and returns its verdict unchanged when it matches, so no line read later can undo it.
 */
function confirmsTypedName(mrz: MrzReading, hints: ReadHints): boolean {
  const names = mrzNames(mrz);
  if (!hints.typedName || !names) return false;
  const result = matchName(hints.typedName, { mrz: names, lines: [] }, hints.namePolicy ?? DEFAULT_NAME_POLICY);
  return result.match && (result.rule === 'mrz_exact' || result.rule === 'mrz_fuzzy');
}

/** Reads a small text asset after checking its hash, the same guarantee the onnx files get. */
async function readVerified(model: ModelInfo): Promise<string> {
  return (await readVerifiedModelFile(model)).toString('utf8');
}
