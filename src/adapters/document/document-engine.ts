/**
 * PaddleOCR PP-OCRv4 document reader on onnxruntime: detect text lines, find which way is up, recognise each
 * line, sort into reading order, parse the MRZ. One instance per worker thread; `read` keeps no state.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { ModelInfo, RgbImage } from '../image/rgb-image.js';
import { ModelIntegrityError, OnnxSession } from '../runtime/onnx-runtime.js';
import { CtcCharset, type DecodedText } from './ctc-decode.js';
import type { DocumentEngine, DocumentReading, MrzReading, OcrLine, ReadHints, TextBox } from './document.types.js';
import { rectBounds, unionRect, type RotatedRect } from './geometry.js';
import { extractMrz } from './mrz-extract.js';
import { CLS_MODEL, DET_MODEL, modelPath, PADDLE_MODELS, REC_DICTIONARY, REC_MODEL } from './paddle-models.js';
import { alignToPage, opposite, voteOrientation, type PageRotation } from './page-orientation.js';
import { recognitionColumns } from './line-budget.js';
import { isMrzRun, isPrintedText, planReading } from './reading-plan.js';
import { straighten, textSkew } from './page-skew.js';
import { levenshtein } from '../../domain/edit-distance.js';
import { mrzNames, parseMrzLines } from '../../domain/mrz.js';
import { DEFAULT_NAME_POLICY, matchName } from '../../domain/name-match.js';
import { joinMrzFragments, type RowPiece } from './mrz-fragments.js';
import { inPage, readingRows } from './reading-order.js';
import { DEFAULT_DETECTOR_OPTIONS, detectText, type DetectorOptions } from './text-detector.js';
import { DEFAULT_RECOGNIZER_OPTIONS, recognizeText, type RecognitionRequest, type RecognizedText, type RecognizerOptions } from './text-recognizer.js';
import { decodeMrzRows, mrzSourceClasses, withFillerTail, type MrzDecoding, type RowLattice } from './mrz-lattice.js';
import { layoutCost, nameEvidenceOf, type MrzNameEvidence } from './mrz-name-evidence.js';
import { pageNameEvidence } from './page-names.js';
import { correctMrzName, fillersByGlyphs, GlyphPage, glyphFitOf, mrzFontOf, stateCodesByGlyphs } from './mrz-glyph-check.js';
import { loadOcrBGlyphs, OCR_B_GLYPHS, type GlyphSet } from './ocr-b-glyphs.js';
import { loadOtherFontGlyphs, OTHER_FONT_GLYPHS, type FontGlyphs } from './other-font-glyphs.js';

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

/** Long side the text detector sees in findText. */
const FIND_TEXT_SIDE = 640;

/** Classifier verdicts closer than this to 0.5 are checked with the recogniser. */
const UNSURE_MARGIN = 0.15;
/** Words read both ways to settle an unsure orientation (each costs two recogniser crops). */
const SETTLING_VOTERS = 6;

interface Loaded {
  readonly det: OnnxSession;
  readonly rec: OnnxSession;
  readonly cls: OnnxSession;
  readonly charset: CtcCharset;
  /** Recogniser classes the MRZ decoder listens to (mrz-lattice.ts). */
  readonly sourceClasses: Int32Array;
  /** OCR-B templates for the glyph check, or null (check off). */
  readonly glyphs: GlyphSet | null;
  /** Office monospace fonts the MRZ's font is compared with. */
  readonly otherFonts: readonly FontGlyphs[];
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
   * Detection alone at FIND_TEXT_SIDE px: a card held up to the camera prints at a few pixels per stroke even
   * there, and the detector costs a fraction of a full reading (bench/document-in-selfie.ts).
   */
  async findText(image: RgbImage): Promise<TextBox[]> {
    if (!this.loading) throw new Error('document engine not loaded');
    const { det } = await this.loading;
    const found = await detectText(det, image, { ...this.options.detector, maxSide: FIND_TEXT_SIDE, minSide: FIND_TEXT_SIDE });
    return found.map(({ rect, score }) => ({ ...rect, score }));
  }

  private async readPage(image: RgbImage, hints: ReadHints, mayStraighten: boolean): Promise<DocumentReading> {
    const { det, rec, cls, charset, sourceClasses, glyphs, otherFonts } = await this.loading!;
    const detected = await detectText(det, image, this.options.detector);
    if (detected.length === 0) return { lines: [], mrz: null, stoppedEarly: false, rotation: 0 };
    const raw = detected.map((d) => d.rect);
    const skew = textSkew(raw);
    if (mayStraighten && Math.abs(skew) >= this.options.maxSkew) {
      const reading = await this.readPage(await straighten(image, skew), hints, false);
      return { ...reading, straightenedBy: Math.round((skew * 1800) / Math.PI) / 10 };
    }
    // The name line's lattice of every reading decoded under its layout, for the reading finally chosen.
    const evidence = new Map<MrzReading, MrzNameEvidence>();
    // The rows each reading was decoded from, to judge the chosen reading's font.
    const rowsOfReading = new Map<MrzReading, readonly (RotatedRect | undefined)[]>();
    const glyphPage = glyphs ? new GlyphPage(image, glyphs, otherFonts) : null;
    const decode = (lattices: readonly RowLattice[]): MrzReading | null => {
      const judgeShape = glyphPage ? (d: MrzDecoding): number | null => glyphFitOf(glyphPage, d.reading.lines, d.rects) : undefined;
      const decoded = lattices.length >= 2 ? decodeMrzRows(lattices, judgeShape ? { judgeShape } : {}) : null;
      if (!decoded) return null;
      const filled = glyphPage ? fillersByGlyphs(glyphPage, decoded) : null;
      const unfilled = filled ? { ...decoded, reading: filled } : decoded;
      const coded = glyphPage ? stateCodesByGlyphs(glyphPage, unfilled) : null;
      const decoding = coded ? { ...unfilled, reading: coded } : unfilled;
      const found = nameEvidenceOf(decoding);
      // A name line of fillers only holds no name either (MRZ names are mandatory).
      const illegible = found !== null && (!decoding.reading.surname || layoutCost(found) > MAX_NAME_LAYOUT_COST);
      const reading = illegible ? { ...decoding.reading, surname: null, givenNames: null, nameIllegible: true } : decoding.reading;
      if (found) evidence.set(reading, found);
      rowsOfReading.set(reading, decoding.rects);
      return reading;
    };
    const withEvidence = (reading: Omit<DocumentReading, 'mrzEvidence'>): DocumentReading => {
      const found = reading.mrz ? evidence.get(reading.mrz) : undefined;
      const withFont = withMrzFont(reading);
      if (!found || !withFont.mrz) return withFont;
      const corrected = glyphPage ? correctedByGlyphs(withFont.mrz, found, glyphPage) : null;
      return corrected ? { ...withFont, mrz: corrected.mrz, mrzEvidence: corrected.evidence } : { ...withFont, mrzEvidence: found };
    };
    // The font is judged once, on the reading finally chosen (a page is decoded many times on its way there).
    const withMrzFont = <R extends { readonly mrz: MrzReading | null }>(reading: R): R => {
      const rows = reading.mrz ? rowsOfReading.get(reading.mrz) : undefined;
      const font = glyphPage && rows && reading.mrz ? mrzFontOf(glyphPage, reading.mrz.lines, rows) : null;
      return font && reading.mrz ? { ...reading, mrz: { ...reading.mrz, font } } : reading;
    };
    const rotation = await this.pageRotation(cls, rec, charset, image, raw);
    const pieces = alignToPage(raw, rotation);
    const plan = planReading(pieces, rotation);
    // Each MRZ row is read whole, from one box around the pieces the detector cut it into, so that it can be
    // decoded under its layout; the pieces themselves are not read.
    const rows = this.rowBoxes(pieces, rowsOf(pieces, plan.mrz, rotation), rotation, true);
    const rects = [...pieces, ...rows];
    const rowIndices = rows.map((_, k) => pieces.length + k);
    const texts = new Map<number, RecognizedText>();
    let budgetLeft = this.options.columnBudget;
    const readSome = async (indices: readonly number[], request?: RecognitionRequest): Promise<void> => {
      const chosen: number[] = [];
      for (const index of indices) {
        const cost = recognitionColumns(rects[index]!);
        if (cost > budgetLeft) continue;
        budgetLeft -= cost;
        chosen.push(index);
      }
      if (chosen.length === 0) return;
      const read = await recognizeText(rec, charset, image, chosen.map((i) => rects[i]!), this.options.recognizer, request);
      chosen.forEach((index, k) => texts.set(index, read[k]!));
    };

    // Stages in priority order. The first check-valid MRZ found, in this order, is the document's MRZ whatever
    // else is read, so stopping after a stage can never change the MRZ the name is matched against: an early
    // stop returns what the full reading would decide (matchName tries the MRZ before any printed line).
    let settled: MrzReading | null = null;
    let fromRows: MrzReading | null = null;
    for (const stage of [rowIndices, plan.longRows]) {
      const isMrzStage = stage === rowIndices;
      await readSome(stage, isMrzStage ? { keep: sourceClasses, gray: true } : undefined);
      if (settled || stage.length === 0) continue;
      const greedy = extractMrz(this.assemble(image, rects, texts, rotation).map((l) => l.text));
      if (isMrzStage) {
        fromRows = decode(latticesOf(texts, rowIndices));
        // A check-valid reading that already confirms the typed name is final; only other pages pay for this.
        const rowsRead = rowIndices.map((i) => texts.get(i)).filter((r): r is RecognizedText => r?.lattice !== undefined);
        if (fromRows && rowsRead.length === rowIndices.length && !(fromRows.valid && confirmsTypedName(fromRows, hints))) {
          fromRows = await this.squeezedMrzRows(rec, charset, image, rowIndices.map((i) => rects[i]!), rowsRead, fromRows, sourceClasses, decode);
        }
      }
      let found = isMrzStage
        ? preferMrz(fromRows, greedy)
        : preferMrz(await this.longRowMrz(rec, charset, image, pieces, [...plan.mrz, ...stage], rotation, sourceClasses, decode, texts), greedy);
      if (found && !found.valid && isMrzStage) found = await this.retryMrzRows(rec, charset, image, rects, stage, texts, rotation, sourceClasses, decode) ?? found;
      if (found?.valid === true) settled = found;
      if (settled && confirmsTypedName(settled, hints)) {
        await readSome(plan.rest.slice(0, this.options.extraLinesAfterMrz));
        return withEvidence({ lines: this.assemble(image, rects, texts, rotation), mrz: settled, stoppedEarly: true, rotation });
      }
    }
    await readSome(plan.rest);
    const lines = this.assemble(image, rects, texts, rotation);
    return withEvidence({ lines, mrz: settled ?? preferMrz(fromRows, extractMrz(lines.map((line) => line.text))), stoppedEarly: false, rotation });
  }

  /**
   * One box per row (top to bottom) around that row's pieces. With `asBlock` the rows are one MRZ, whose lines
   * all start and end at the same place: each box is stretched to the block's extent, since the detector often
   * misses a line's trailing fillers, and a line read short would have to be padded by guesswork.
   */
  private rowBoxes(pieces: readonly RotatedRect[], rows: readonly (readonly number[])[], rotation: PageRotation, asBlock: boolean): RotatedRect[] {
    const boxes = rows.map((row) => unionRect(row.map((i) => pieces[i]!), widest(row, pieces)));
    if (!asBlock || boxes.length < 2) return boxes;
    const along = (r: RotatedRect): number => inPage(r.cx, r.cy, rotation).along;
    const start = Math.min(...boxes.map((r) => along(r) - r.width / 2));
    const end = Math.max(...boxes.map((r) => along(r) + r.width / 2));
    return boxes.map((r) => {
      const shift = (start + end) / 2 - along(r);
      return { ...r, cx: r.cx + shift * Math.cos(r.angle), cy: r.cy + shift * Math.sin(r.angle), width: end - start };
    });
  }

  /**
   * When the MRZ was not found at the bottom of the page (a footer or watermark line sits below it or was taken
   * for one of its lines), every run of 2-3 adjacent long rows of one height is read whole, stretched to the run's extent as an MRZ block, and decoded
   * under the MRZ layouts, lowest first; the first check-valid reading wins, else the one with the most verified
   * check digits. Only pages whose MRZ was not found pay for this, and runs holding a row read freely as plain
   * words (isPrintedText) are skipped: on ij_id-aut that cut 18 decodings of 2-3 rows to a few (3.4 -> 1.5 s).
   */
  private async longRowMrz(
    rec: OnnxSession,
    charset: CtcCharset,
    image: RgbImage,
    pieces: readonly RotatedRect[],
    longRows: readonly number[],
    rotation: PageRotation,
    keep: Int32Array,
    decode: MrzDecoder,
    texts: ReadonlyMap<number, RecognizedText>,
  ): Promise<MrzReading | null> {
    const rows = rowsOf(pieces, longRows, rotation);
    // A row read freely as words (mixed case, spaces, no filler) is printed text, not an MRZ line.
    const printed = rows.map((row) => isPrintedText(row.map((i) => texts.get(i)?.text)));
    let best: MrzReading | null = null;
    for (let end = rows.length; end >= 2; end--) {
      for (const count of [3, 2]) {
        const run = rows.slice(end - count, end);
        if (run.length !== count || printed.slice(end - count, end).some(Boolean)) continue;
        if (!isMrzRun(run.map((row) => row.map((i) => pieces[i]!)), rotation)) continue;
        const { reading } = await this.readMrzBoxes(rec, charset, image, this.rowBoxes(pieces, run, rotation, true), keep, decode);
        best = preferMrz(best, reading);
        if (best?.valid) return best;
      }
    }
    return best;
  }

  /**
   * Reads MRZ rows (top to bottom) in grey with their lattices and decodes them under the layouts; the reading
   * is null unless every row gave a lattice and they hold an MRZ.
   */
  private async readMrzBoxes(
    rec: OnnxSession,
    charset: CtcCharset,
    image: RgbImage,
    boxes: readonly RotatedRect[],
    keep: Int32Array,
    decode: MrzDecoder,
    squeeze = 1,
  ): Promise<{ reading: MrzReading | null; read: RecognizedText[] }> {
    const read = await recognizeText(rec, charset, image, boxes, this.options.recognizer, { keep, gray: true, squeeze });
    const lattices = read.map((r) => r.lattice).filter((l): l is RowLattice => l !== undefined);
    return { reading: lattices.length === boxes.length ? decode(lattices) : null, read };
  }

  /**
   * The recogniser drops narrow letters in widely spaced print (PUBC<<ON for PUBLIC<<JON on a card set in a
   * wide monospace font), and the layout then has to invent them. When it invented at least MIN_INVENTED
   * letters or digits in a row, the rows are read again squeezed horizontally (MRZ_SQUEEZES, until one needs
   * fewer inventions than that); a reading is taken when it is check-valid and the best so far is not, or, in
   * the same format and validity, when the layout invented fewer.
   * A row read with little confidence (GARBLED_CONFIDENCE) may also be replaced alone, by a squeezed reading of
   * it that the layout changed by at most MAX_SQUEEZED_CHANGES, with its filler run finished (withFillerTail):
   * pe_pass-aus's name line reads only at 0.7, where its second line loses characters.
   * Squeezing every MRZ instead lost 2 check-valid readings and 8 true-name forms (0.85) on the specimens, and
   * finishing the filler runs of whole squeezed readings let them drop letters (MAENNIK, LIN<<MEI<HUA).
   */
  private async squeezedMrzRows(
    rec: OnnxSession,
    charset: CtcCharset,
    image: RgbImage,
    boxes: readonly RotatedRect[],
    firstRead: readonly RecognizedText[],
    first: MrzReading,
    keep: Int32Array,
    decode: MrzDecoder,
  ): Promise<MrzReading> {
    const worst = (counts: readonly number[]): number => Math.max(...counts);
    let best = { reading: first, invented: worst(inventedPerRow(first, firstRead)) };
    if (best.invented < MIN_INVENTED) return first;
    const consider = (other: MrzReading | null, read: readonly RecognizedText[]): void => {
      if (!other) return;
      const count = worst(inventedPerRow(other, read));
      const legible = (m: MrzReading): boolean => m.nameIllegible !== true;
      const better =
        (other.valid && !best.reading.valid) ||
        (other.valid && legible(other) && !legible(best.reading)) ||
        (other.valid === best.reading.valid && legible(other) === legible(best.reading) && other.format === first.format && count < best.invented);
      if (better) best = { reading: other, invented: count };
    };
    const garbled = new GarbledRows(firstRead, decode);
    for (const squeeze of MRZ_SQUEEZES) {
      const { reading: other, read } = await this.readMrzBoxes(rec, charset, image, boxes, keep, decode, squeeze);
      consider(other, read);
      const mixed = garbled.offer(read);
      if (mixed) consider(mixed.reading, mixed.read);
      if (best.invented < MIN_INVENTED) break;
    }
    return best.reading;
  }

  /**
   * Reads the MRZ rows again from tighter boxes; keeps (in `texts`) and returns the second reading only when it
   * gives a check-valid MRZ.
   */
  private async retryMrzRows(
    rec: OnnxSession,
    charset: CtcCharset,
    image: RgbImage,
    rects: readonly RotatedRect[],
    rows: readonly number[],
    texts: Map<number, RecognizedText>,
    rotation: PageRotation,
    keep: Int32Array,
    decode: MrzDecoder,
  ): Promise<MrzReading | null> {
    const read = rows.filter((i) => texts.has(i));
    if (read.length === 0) return null;
    const tight = read.map((i) => ({ ...rects[i]!, height: rects[i]!.height * this.options.mrzRetryHeightScale }));
    const again = await recognizeText(rec, charset, image, tight, this.options.recognizer, { keep, gray: true });
    const trial = new Map(texts);
    read.forEach((index, k) => trial.set(index, again[k]!));
    const found = preferMrz(decode(latticesOf(trial, read)), extractMrz(this.assemble(image, rects, trial, rotation).map((l) => l.text)));
    if (found?.valid !== true) return null;
    for (const index of read) texts.set(index, trial.get(index)!);
    return found;
  }

  /** The lines read so far, in reading order, with MRZ pieces split by the detector joined back. */
  private assemble(image: RgbImage, all: readonly RotatedRect[], texts: ReadonlyMap<number, DecodedText>, rotation: PageRotation): OcrLine[] {
    const indices = [...texts.keys()].sort((a, b) => a - b);
    const rects = indices.map((i) => all[i]!);
    const lines: OcrLine[] = [];
    for (const row of readingRows(rects, rotation)) {
      const pieces: RowPiece[] = [];
      for (const k of row) {
        const read = texts.get(indices[k]!);
        const text = read?.text.trim() ?? '';
        if (!read || text === '' || read.confidence < this.options.minConfidence) continue;
        const rect = rects[k]!;
        const along = inPage(rect.cx, rect.cy, rotation).along;
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
    return lines;
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
      const glyphs = this.options.glyphCheck ? loadOcrBGlyphs() : null;
      return { det, rec, cls, charset, sourceClasses: mrzSourceClasses(charset), glyphs, otherFonts: glyphs ? loadOtherFontGlyphs() : [] };
    } catch (error) {
      await Promise.all(opened.map((session) => session.release()));
      throw error;
    }
  }
}

/**
 * The rows of a first MRZ reading the recogniser could not read at their own aspect (GARBLED_CONFIDENCE), each
 * replaced by the squeezed reading of it offered so far that the layout changed least (at most
 * MAX_SQUEEZED_CHANGES, its filler run finished by withFillerTail); the other rows stay as first read.
 */
class GarbledRows {
  private readonly garbled: readonly boolean[];
  private readonly replacements: ({ read: RecognizedText; changes: number } | null)[];

  constructor(
    private readonly first: readonly RecognizedText[],
    private readonly decode: MrzDecoder,
  ) {
    this.garbled = first.map((row) => row.confidence < GARBLED_CONFIDENCE);
    this.replacements = first.map(() => null);
  }

  /** Takes a squeezed reading of the rows; returns the rows as now mixed and their decoding, if that is new. */
  offer(read: readonly RecognizedText[]): { reading: MrzReading; read: RecognizedText[] } | null {
    if (!this.garbled.some(Boolean) || !read.every((row) => row.lattice)) return null;
    const tailed = read.map((row) => ({ ...row, lattice: withFillerTail(row.lattice!, 2 * MAX_MRZ_LINE) }));
    const alone = this.decode(tailed.map((row) => row.lattice));
    if (!alone) return null;
    disagreementPerRow(alone, tailed).forEach((changes, k) => {
      const held = this.replacements[k];
      if (this.garbled[k] && changes <= MAX_SQUEEZED_CHANGES && (!held || changes < held.changes)) this.replacements[k] = { read: tailed[k]!, changes };
    });
    const mixed = this.first.map((row, k) => this.replacements[k]?.read ?? row);
    // Nothing replaced, or every row from this reading: the latter is the whole squeezed reading with its filler
    // runs finished, which is not taken (it can drop letters cheaply, see squeezedMrzRows).
    if (mixed.every((row, k) => row === this.first[k]) || mixed.every((row, k) => row === tailed[k])) return null;
    const together = this.decode(mixed.map((row) => row.lattice!));
    if (!together) return null;
    // Decoded together, each replaced row must stay as close to its free reading as it was alone.
    const kept = disagreementPerRow(together, mixed).every((changes, k) => !this.replacements[k] || changes <= this.replacements[k]!.changes);
    return kept ? { reading: together, read: mixed } : null;
  }
}

/**
 * Above this layout cost (mrz-name-evidence.ts `layoutCost`, nats) the name line was not read: its names are
 * dropped and the reading flagged `nameIllegible`. Measured: at most 7.7 on correct specimen readings, 16.5 on
 * a synthetic card read right after squeezing (PUBLIC<<JON), 33 and more on names the layout invented.
 */
const MAX_NAME_LAYOUT_COST = 24;

/** Horizontal scales of the further readings of an MRZ whose layout had to invent characters, in order. */
const MRZ_SQUEEZES: readonly number[] = [0.85, 0.7];
const MIN_INVENTED = 2;
/**
 * The reading with its name letters corrected from their glyphs (mrz-glyph-check.ts), and the name line's
 * evidence as corrected; null when nothing changes. A reading whose name line was illegible is left alone.
 */
function correctedByGlyphs(
  mrz: MrzReading,
  evidence: MrzNameEvidence,
  page: GlyphPage,
): { mrz: MrzReading; evidence: MrzNameEvidence } | null {
  if (mrz.nameIllegible || mrz.lines[0] === undefined) return null;
  const found = correctMrzName(evidence, page);
  if (!found) return null;
  const line = found.corrections[0]!.line;
  const parsed = parseMrzLines(mrz.format, mrz.lines.map((l, i) => (i === line ? found.text : l)));
  // The name is no check digit's business: a correction must leave every check as it was.
  if (!parsed || parsed.valid !== mrz.valid) return null;
  const font = mrz.font ? { font: mrz.font } : {};
  return { mrz: { ...parsed, nameCorrections: found.corrections, ...font }, evidence: { ...evidence, text: found.text } };
}

/** Most changes (disagreementPerRow) the layout may make to a squeezed row that replaces a garbled one. */
const MAX_SQUEEZED_CHANGES = 3;
/** A row read freely with less mean confidence than this is garbled (pe_pass-aus's name line: 0.35). */
const GARBLED_CONFIDENCE = 0.5;
/** Characters in the longest MRZ line (TD3). */
const MAX_MRZ_LINE = 44;

/**
 * Per row (top to bottom, as `read`), how many more letters and digits the layout decoding holds there than the
 * recogniser read freely; 0 for rows above the reading's lines, which are the lowest ones.
 */
function inventedPerRow(reading: MrzReading, read: readonly RecognizedText[]): number[] {
  const symbols = (x: string): number => x.replace(/[^A-Z0-9]/gi, '').length;
  return perRow(reading, read, (line, free) => symbols(line) - symbols(free));
}

/**
 * Per row, how far the layout decoding is from what the recogniser read freely, with filler runs counted as
 * one filler (the recogniser often merges them): 0 when the layout only restored fillers, large when it forced
 * a garbled row (P0911252 for P<AUSCITIZEN) into letters. Rows above the reading's lines count 0.
 */
function disagreementPerRow(reading: MrzReading, read: readonly RecognizedText[]): number[] {
  const runs = (x: string): string => x.toUpperCase().replace(/<+/g, '<');
  return perRow(reading, read, (line, free) => levenshtein(runs(line), runs(free)));
}

function perRow(reading: MrzReading, read: readonly RecognizedText[], measure: (line: string, free: string) => number): number[] {
  const offset = read.length - reading.lines.length;
  return read.map((row, k) => (k < offset ? 0 : measure(reading.lines[k - offset]!, row.text)));
}

/** Decodes MRZ rows under their layout (recording the name line's evidence); null when they hold no MRZ. */
type MrzDecoder = (lattices: readonly RowLattice[]) => MrzReading | null;

/** The whole-row readings' lattices, top row first. */
function latticesOf(texts: ReadonlyMap<number, RecognizedText>, rows: readonly number[]): RowLattice[] {
  return rows.map((i) => texts.get(i)?.lattice).filter((l): l is RowLattice => l !== undefined);
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

/**
 * A check-valid reading first; else the one with more verified check digits; the layout-constrained reading
 * (`a`) on a tie, since it cannot have lost or gained a character.
 */
function preferMrz(a: MrzReading | null, b: MrzReading | null): MrzReading | null {
  if (!a || !b) return a ?? b;
  if (a.valid !== b.valid) return a.valid ? a : b;
  const verified = (m: MrzReading): number => m.checks.filter((c) => c.valid).length;
  return verified(b) > verified(a) ? b : a;
}

/** `indices` of `pieces` grouped into reading rows, top to bottom. */
function rowsOf(pieces: readonly RotatedRect[], indices: readonly number[], rotation: PageRotation): number[][] {
  return readingRows(indices.map((i) => pieces[i]!), rotation).map((row) => row.map((k) => indices[k]!));
}

/** The piece of a row the row's box takes its direction from: the longest. */
function widest(row: readonly number[], rects: readonly RotatedRect[]): number {
  let best = 0;
  row.forEach((index, k) => {
    if (rects[index]!.width > rects[row[best]!]!.width) best = k;
  });
  return best;
}

/** Reads a small text asset after checking its hash, the same guarantee the onnx files get. */
async function readVerified(model: ModelInfo): Promise<string> {
  const path = modelPath(model);
  const bytes = await readFile(path);
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== model.sha256) throw new ModelIntegrityError(path, model.sha256, actual);
  return bytes.toString('utf8');
}
