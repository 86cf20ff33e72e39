/**
 * Reads one page (an upright-or-turned photo whose text was detected and not tilted): finds which way is up,
 * reads the MRZ rows first, then the long rows, then the rest, and returns the lines and the MRZ. One object
 * per page read, holding what the stages share (the boxes, what was read of them, the column budget left), so
 * the stages are methods with named fields rather than closures over shared variables.
 */
import type { RgbImage } from '../image/rgb-image.js';
import type { OnnxSession } from '../runtime/onnx-runtime.js';
import type { CtcCharset, DecodedText } from './ctc-decode.js';
import type { DocumentReading, MrzProblem, MrzReading, OcrLine } from './document.types.js';
import { rectBounds, unionRect, type RotatedRect } from './geometry.js';
import { extractMrz } from './mrz-extract.js';
import { alignToPage, opposite, voteOrientation, type PageRotation } from './page-orientation.js';
import { recognitionColumns } from './line-budget.js';
import { isMrzRun, isPrintedText, planReading } from './reading-plan.js';
import { joinMrzFragments, type RowPiece } from './mrz-fragments.js';
import { inPage, readingRows } from './reading-order.js';
import { recognizeText, type RecognitionRequest, type RecognizedText } from './text-recognizer.js';
import { decodeMrzRows, type MrzDecoding, type RowLattice } from './mrz-lattice.js';
import { layoutCost, nameEvidenceOf } from './mrz-name-evidence.js';
import { fillersByGlyphs, GlyphPage, glyphFitOf, mrzFontOf, stateCodesByGlyphs } from './mrz-glyph-check.js';
import type { GlyphSet } from './ocr-b-glyphs.js';
import type { FontGlyphs } from './other-font-glyphs.js';
import { correctedByGlyphs, GarbledRows, inventedPerRow, plainCandidate, preferMrz, type FinishedMrz, type MrzCandidate, type MrzDecoder } from './mrz-candidate.js';
import { rectifyMrzBlock } from './mrz-block.js';
import { fieldConfidence, nameLetterConfidence } from './mrz-confidence.js';
import { isGlareCovered, lineLengthOf, MIN_MRZ_PITCH, rowPitch } from './mrz-row-quality.js';
import { mrzFieldSpan } from '../../domain/mrz.js';
import type { PaddleEngineOptions } from './document-engine.js';

/** The loaded models and assets a page is read with. */
export interface PageModels {
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

/** Classifier verdicts closer than this to 0.5 are checked with the recogniser. */
const UNSURE_MARGIN = 0.15;
/** Words read both ways to settle an unsure orientation (each costs two recogniser crops). */
const SETTLING_VOTERS = 6;
/**
 * Above this layout cost (mrz-name-evidence.ts `layoutCost`, nats) the name line was not read: its names are
 * dropped and the reading flagged `nameIllegible`. Measured: at most 7.7 on correct specimen readings, 16.5 on
 * a synthetic card read right after squeezing (PUBLIC<<JON), 33 and more on names the layout invented.
 */
const MAX_NAME_LAYOUT_COST = 24;
/**
 * A name letter the recogniser found less sure than this against its runner-up (a margin of 0.4 nats) is a coin
 * flip (mrz-confidence.ts nameLetterConfidence): the names are dropped (`nameIllegible`) rather than reported.
 * Measured: the wrongly read names of check-valid dev zones (OHONG for CHUNG, LIZ for LIN, IVAZ for IVAN) each
 * had a letter at 0.50-0.58.
 */
const MIN_NAME_LETTER_CONFIDENCE = 0.6;
/**
 * Letters the glyph check tells apart by their OCR-B glyphs (M read as N or H, W as V on small rows): a coin
 * flip among them is left to it. N against M was a coin flip on two correct specimen names (pe_pass-nld, egy).
 */
const GLYPH_JUDGED = 'MNHWV';
/** Horizontal scales of the further readings of an MRZ whose layout had to invent characters, in order. */
const MRZ_SQUEEZES: readonly number[] = [0.85, 0.7];
const MIN_INVENTED = 2;
export class PageReader {
  private readonly glyphPage: GlyphPage | null;
  /** Every box that may be read: the detector's pieces (page frame), then one box per MRZ row. */
  private rects: RotatedRect[] = [];
  /** What was read of each box, by index into `rects`. */
  private readonly texts = new Map<number, RecognizedText>();
  private budgetLeft: number;
  private rotation: PageRotation = 0;
  /** The MRZ rows located at the bottom of the page (indices into `rects`). */
  private mrzRows: number[] = [];

  constructor(
    private readonly models: PageModels,
    private readonly options: PaddleEngineOptions,
    private readonly image: RgbImage,
    /** Whether a check-valid MRZ confirms the typed name, so that reading may stop (document-engine.ts). */
    private readonly confirmsName: (mrz: MrzReading) => boolean,
  ) {
    this.glyphPage = models.glyphs ? new GlyphPage(image, models.glyphs, models.otherFonts) : null;
    this.budgetLeft = options.columnBudget;
  }

  /** Reads the page whose text the detector found in `detected` (image frame). */
  async read(detected: readonly RotatedRect[]): Promise<DocumentReading> {
    this.rotation = await this.pageRotation(detected);
    const pieces = alignToPage(detected, this.rotation);
    const plan = planReading(pieces, this.rotation);
    // Each MRZ row is read whole, from one box around the pieces the detector cut it into, so that it can be
    // decoded under its layout; the pieces themselves are not read.
    const rows = this.rowBoxes(pieces, rowsOf(pieces, plan.mrz, this.rotation), true);
    this.rects = [...pieces, ...rows];
    this.mrzRows = rows.map((_, k) => pieces.length + k);
    const { sourceClasses } = this.models;

    // Stages in priority order. The first check-valid MRZ found, in this order, is the document's MRZ whatever
    // else is read, so stopping after a stage can never change the MRZ the name is matched against: an early
    // stop returns what the full reading would decide (matchName tries the MRZ before any printed line).
    let settled: MrzCandidate | null = null;
    let fromRows: MrzCandidate | null = null;
    for (const stage of [this.mrzRows, plan.longRows]) {
      const isMrzStage = stage === this.mrzRows;
      await this.readSome(stage, isMrzStage ? { keep: sourceClasses, gray: true } : undefined);
      if (settled || stage.length === 0) continue;
      const greedy = plainCandidate(extractMrz(this.assemble(this.texts).map((l) => l.text)));
      if (isMrzStage) {
        fromRows = this.decode(this.latticesOf(this.texts, this.mrzRows));
        // A check-valid reading that already confirms the typed name is final; only other pages pay for this.
        const rowsRead = this.mrzRows.map((i) => this.texts.get(i)).filter((r): r is RecognizedText => r?.lattice !== undefined);
        if (fromRows && rowsRead.length === this.mrzRows.length && !(fromRows.reading.valid && this.confirmsName(fromRows.reading))) {
          fromRows = await this.squeezedMrzRows(this.mrzRows.map((i) => this.rects[i]!), rowsRead, fromRows);
        }
      }
      let found = isMrzStage ? preferMrz(fromRows, greedy) : preferMrz(await this.longRowMrz(pieces, [...plan.mrz, ...stage]), greedy);
      if (found && !found.reading.valid && isMrzStage) found = (await this.retryMrzRows(stage)) ?? found;
      if (isMrzStage && found?.reading.valid !== true) found = preferMrz(found, await this.rectifiedMrz());
      if (found?.reading.valid === true) settled = found;
      // A name with a coin-flip letter is dropped when finished, so it cannot settle the name early.
      if (settled && this.confirmsName(settled.reading) && !unsureName(settled.reading, settled.alternatives, this.glyphPage !== null)) {
        await this.readSome(plan.rest.slice(0, this.options.extraLinesAfterMrz));
        return this.finish(this.assemble(this.texts), settled, true);
      }
    }
    await this.readSome(plan.rest);
    const lines = this.assemble(this.texts);
    return this.finish(lines, settled ?? preferMrz(fromRows, plainCandidate(extractMrz(lines.map((line) => line.text)))), false);
  }

  /** Reads the boxes `indices` not yet read, while the column budget lasts. */
  private async readSome(indices: readonly number[], request?: RecognitionRequest): Promise<void> {
    const chosen: number[] = [];
    for (const index of indices) {
      const cost = recognitionColumns(this.rects[index]!);
      if (cost > this.budgetLeft) continue;
      this.budgetLeft -= cost;
      chosen.push(index);
    }
    if (chosen.length === 0) return;
    const read = await recognizeText(this.models.rec, this.models.charset, this.image, chosen.map((i) => this.rects[i]!), this.options.recognizer, request);
    chosen.forEach((index, k) => this.texts.set(index, read[k]!));
  }

  /** Decodes MRZ rows under their layout, with the glyph checks, and keeps what the decoding learnt. */
  private readonly decode: MrzDecoder = (lattices) => {
    const page = this.glyphPage;
    const judgeShape = page ? (d: MrzDecoding): number | null => glyphFitOf(page, d.reading.lines, d.rects) : undefined;
    const decoded = lattices.length >= 2 ? decodeMrzRows(lattices, judgeShape ? { judgeShape } : {}) : null;
    if (!decoded) return null;
    const filled = page ? fillersByGlyphs(page, decoded) : null;
    const unfilled = filled ? { ...decoded, reading: filled } : decoded;
    const coded = page ? stateCodesByGlyphs(page, unfilled) : null;
    const decoding = coded ? { ...unfilled, reading: coded } : unfilled;
    const evidence = nameEvidenceOf(decoding);
    // A name line of fillers only holds no name either (MRZ names are mandatory).
    const illegible = evidence !== null && (!decoding.reading.surname || layoutCost(evidence) > MAX_NAME_LAYOUT_COST);
    const reading = illegible ? { ...decoding.reading, surname: null, givenNames: null, nameIllegible: true } : decoding.reading;
    return { reading, evidence, rows: decoding.rects, alternatives: decoding.lines.map((l) => l.alternatives) };
  };

  /**
   * The chosen MRZ finished once: its font judged, its name letters checked against their glyphs, its fields'
   * confidence, and, when it is not check-valid, why (a page is decoded many times on its way there).
   */
  private finish(lines: OcrLine[], candidate: MrzCandidate | null, stoppedEarly: boolean): DocumentReading {
    const base = { lines, stoppedEarly, rotation: this.rotation };
    if (!candidate) return { ...base, mrz: null, mrzProblem: this.problemWithout() };
    const { mrz, evidence, problem } = candidate.finished ?? this.finishMrz(candidate);
    return { ...base, mrz, ...(evidence ? { mrzEvidence: evidence } : {}), ...(problem ? { mrzProblem: problem } : {}) };
  }

  /** The candidate finished in this reader's image (see finish). */
  private finishMrz(candidate: MrzCandidate): FinishedMrz {
    const page = this.glyphPage;
    const font = page && candidate.rows ? mrzFontOf(page, candidate.reading.lines, candidate.rows) : null;
    let mrz: MrzReading = font ? { ...candidate.reading, font } : candidate.reading;
    let evidence = candidate.evidence;
    const corrected = page && evidence ? correctedByGlyphs(mrz, evidence, page) : null;
    if (corrected) ({ mrz, evidence } = corrected);
    if (candidate.alternatives) mrz = { ...mrz, fieldConfidence: fieldConfidence(mrz.format, mrz.lines, candidate.alternatives) };
    if (unsureName(mrz, candidate.alternatives, page !== null)) mrz = { ...mrz, surname: null, givenNames: null, nameIllegible: true };
    mrz = this.withoutGlaredName(mrz, candidate.rows);
    // A highlight over the zone leaves the layout to fill cells in: fields no check digit covers (nationality,
    // names) would be guesses, so such a reading is refused whatever its check digits say.
    const problem = mrz.valid && !this.glared(candidate) ? null : this.problemOf(candidate);
    if (problem === 'MRZ_GLARE') mrz = { ...mrz, valid: false };
    return { mrz, evidence, problem };
  }

  /**
   * The MRZ rows read again from their block flattened (mrz-block.ts), decoded and finished in that flat
   * image: a zone photographed at an angle shrinks along its rows and its rows' boxes cut letters.
   */
  private async rectifiedMrz(): Promise<MrzCandidate | null> {
    const flat = rectifyMrzBlock(this.image, this.mrzRows.map((i) => this.rects[i]!));
    if (!flat) return null;
    const block = new PageReader(this.models, this.options, flat.image, this.confirmsName);
    const { candidate, read } = await block.readMrzBoxes(flat.rows);
    if (!candidate) return null;
    const best = read.every((r) => r.lattice) ? await block.squeezedMrzRows(flat.rows, read, candidate) : candidate;
    return { ...best, finished: block.finishMrz(best) };
  }

  /**
   * No check digit covers the names: a name row a highlight washed out would be filled in by the layout, so
   * its names are dropped (refused, not guessed) and the reading flagged `nameIllegible`.
   */
  private withoutGlaredName(mrz: MrzReading, rows: MrzCandidate['rows']): MrzReading {
    const span = mrzFieldSpan(mrz.format, 'name');
    const row = span && rows ? rows[span.line] : undefined;
    if (!row || mrz.nameIllegible || !isGlareCovered(this.image, row, mrz.lines[0]!.length)) return mrz;
    return { ...mrz, surname: null, givenNames: null, nameIllegible: true };
  }

  /** Whether a row the candidate was decoded from is covered by glare. */
  private glared(candidate: MrzCandidate): boolean {
    const length = candidate.reading.lines[0]?.length ?? 44;
    return (candidate.rows ?? []).some((r) => r !== undefined && isGlareCovered(this.image, r, length));
  }

  /** Why a located zone gave no check-valid reading. */
  private problemOf(candidate: MrzCandidate): MrzProblem {
    const rows = (candidate.rows ?? []).filter((r): r is RotatedRect => r !== undefined);
    const length = candidate.reading.lines[0]?.length ?? 44;
    if (this.glared(candidate)) return 'MRZ_GLARE';
    if (rows.length > 0 && Math.min(...rows.map((r) => rowPitch(r, length))) < MIN_MRZ_PITCH) return 'MRZ_TOO_SMALL';
    return 'MRZ_NOT_VALID';
  }

  /** Why no MRZ at all was read: rows located but unreadable, or none located. */
  private problemWithout(): MrzProblem {
    const rows = this.mrzRows.map((i) => this.rects[i]!);
    if (rows.length < 2) return 'MRZ_NOT_FOUND';
    const length = lineLengthOf(rows.length, rows[0]!.width / rows[0]!.height);
    if (rows.some((r) => isGlareCovered(this.image, r, length))) return 'MRZ_GLARE';
    if (Math.min(...rows.map((r) => rowPitch(r, length))) < MIN_MRZ_PITCH) return 'MRZ_TOO_SMALL';
    return 'MRZ_NOT_FOUND';
  }

  /**
   * One box per row (top to bottom) around that row's pieces. With `asBlock` the rows are one MRZ, whose lines
   * all start and end at the same place: each box is stretched to the block's extent, since the detector often
   * misses a line's trailing fillers, and a line read short would have to be padded by guesswork.
   */
  private rowBoxes(pieces: readonly RotatedRect[], rows: readonly (readonly number[])[], asBlock: boolean): RotatedRect[] {
    const boxes = rows.map((row) => unionRect(row.map((i) => pieces[i]!), widest(row, pieces)));
    if (!asBlock || boxes.length < 2) return boxes;
    const along = (r: RotatedRect): number => inPage(r.cx, r.cy, this.rotation).along;
    const start = Math.min(...boxes.map((r) => along(r) - r.width / 2));
    const end = Math.max(...boxes.map((r) => along(r) + r.width / 2));
    return boxes.map((r) => {
      const shift = (start + end) / 2 - along(r);
      return { ...r, cx: r.cx + shift * Math.cos(r.angle), cy: r.cy + shift * Math.sin(r.angle), width: end - start };
    });
  }

  /**
   * When the MRZ was not found at the bottom of the page (a footer or watermark line sits below it or was taken
   * for one of its lines), every run of 2-3 adjacent long rows of one height is read whole, stretched to the
   * run's extent as an MRZ block, and decoded under the MRZ layouts, lowest first; the first check-valid
   * reading wins, else the one with the most verified check digits. Only pages whose MRZ was not found pay for
   * this, and runs holding a row read freely as plain words (isPrintedText) are skipped: on ij_id-aut that cut
   * 18 decodings of 2-3 rows to a few (3.4 -> 1.5 s).
   */
  private async longRowMrz(pieces: readonly RotatedRect[], longRows: readonly number[]): Promise<MrzCandidate | null> {
    const rows = rowsOf(pieces, longRows, this.rotation);
    // A row read freely as words (mixed case, spaces, no filler) is printed text, not an MRZ line.
    const printed = rows.map((row) => isPrintedText(row.map((i) => this.texts.get(i)?.text)));
    let best: MrzCandidate | null = null;
    for (let end = rows.length; end >= 2; end--) {
      for (const count of [3, 2]) {
        const run = rows.slice(end - count, end);
        if (run.length !== count || printed.slice(end - count, end).some(Boolean)) continue;
        if (!isMrzRun(run.map((row) => row.map((i) => pieces[i]!)), this.rotation)) continue;
        const { candidate } = await this.readMrzBoxes(this.rowBoxes(pieces, run, true));
        best = preferMrz(best, candidate);
        if (best?.reading.valid) return best;
      }
    }
    return best;
  }

  /**
   * Reads MRZ rows (top to bottom) in grey with their lattices and decodes them under the layouts; the
   * candidate is null unless every row gave a lattice and they hold an MRZ.
   */
  private async readMrzBoxes(boxes: readonly RotatedRect[], squeeze = 1): Promise<{ candidate: MrzCandidate | null; read: RecognizedText[] }> {
    const { rec, charset, sourceClasses } = this.models;
    const read = await recognizeText(rec, charset, this.image, boxes, this.options.recognizer, { keep: sourceClasses, gray: true, squeeze });
    const lattices = read.map((r) => r.lattice).filter((l): l is RowLattice => l !== undefined);
    return { candidate: lattices.length === boxes.length ? this.decode(lattices) : null, read };
  }

  /**
   * The recogniser drops narrow letters in widely spaced print (PUBC<<ON for PUBLIC<<JON on a card set in a
   * wide monospace font), and the layout then has to invent them. When it invented at least MIN_INVENTED
   * letters or digits in a row, the rows are read again squeezed horizontally (MRZ_SQUEEZES, until one needs
   * fewer inventions than that); a reading is taken when it is check-valid and the best so far is not, or, in
   * the same format and validity, when the layout invented fewer.
   * A row read with little confidence may also be replaced alone, by a squeezed reading of it that the layout
   * changed little, with its filler run finished (GarbledRows): pe_pass-aus's name line reads only at 0.7,
   * where its second line loses characters.
   * Squeezing every MRZ instead lost 2 check-valid readings and 8 true-name forms (0.85) on the specimens, and
   * finishing the filler runs of whole squeezed readings let them drop letters (MAENNIK, LIN<<MEI<HUA).
   */
  private async squeezedMrzRows(boxes: readonly RotatedRect[], firstRead: readonly RecognizedText[], first: MrzCandidate): Promise<MrzCandidate> {
    const worst = (counts: readonly number[]): number => Math.max(...counts);
    let best = { candidate: first, invented: worst(inventedPerRow(first.reading, firstRead)) };
    if (best.invented < MIN_INVENTED) return first;
    const consider = (other: MrzCandidate | null, read: readonly RecognizedText[]): void => {
      if (!other) return;
      const count = worst(inventedPerRow(other.reading, read));
      const legible = (m: MrzReading): boolean => m.nameIllegible !== true;
      const [o, b] = [other.reading, best.candidate.reading];
      const better =
        (o.valid && !b.valid) ||
        (o.valid && legible(o) && !legible(b)) ||
        (o.valid === b.valid && legible(o) === legible(b) && o.format === first.reading.format && count < best.invented);
      if (better) best = { candidate: other, invented: count };
    };
    const garbled = new GarbledRows(firstRead, this.decode);
    for (const squeeze of MRZ_SQUEEZES) {
      const { candidate: other, read } = await this.readMrzBoxes(boxes, squeeze);
      consider(other, read);
      const mixed = garbled.offer(read);
      if (mixed) consider(mixed.candidate, mixed.read);
      if (best.invented < MIN_INVENTED) break;
    }
    return best.candidate;
  }

  /**
   * Reads the MRZ rows again from tighter boxes; keeps (in `texts`) and returns the second reading only when it
   * gives a check-valid MRZ.
   */
  private async retryMrzRows(rows: readonly number[]): Promise<MrzCandidate | null> {
    const read = rows.filter((i) => this.texts.has(i));
    if (read.length === 0) return null;
    const tight = read.map((i) => ({ ...this.rects[i]!, height: this.rects[i]!.height * this.options.mrzRetryHeightScale }));
    const { rec, charset, sourceClasses } = this.models;
    const again = await recognizeText(rec, charset, this.image, tight, this.options.recognizer, { keep: sourceClasses, gray: true });
    const trial = new Map(this.texts);
    read.forEach((index, k) => trial.set(index, again[k]!));
    const found = preferMrz(this.decode(this.latticesOf(trial, read)), plainCandidate(extractMrz(this.assemble(trial).map((l) => l.text))));
    if (found?.reading.valid !== true) return null;
    for (const index of read) this.texts.set(index, trial.get(index)!);
    return found;
  }

  /** The whole-row readings' lattices, top row first. */
  private latticesOf(texts: ReadonlyMap<number, RecognizedText>, rows: readonly number[]): RowLattice[] {
    return rows.map((i) => texts.get(i)?.lattice).filter((l): l is RowLattice => l !== undefined);
  }

  /** The lines read so far (in `texts`), in reading order, with MRZ pieces split by the detector joined back. */
  private assemble(texts: ReadonlyMap<number, DecodedText>): OcrLine[] {
    const indices = [...texts.keys()].sort((a, b) => a - b);
    const rects = indices.map((i) => this.rects[i]!);
    const lines: OcrLine[] = [];
    for (const row of readingRows(rects, this.rotation)) {
      const pieces: RowPiece[] = [];
      for (const k of row) {
        const read = texts.get(indices[k]!);
        const text = read?.text.trim() ?? '';
        if (!read || text === '' || read.confidence < this.options.minConfidence) continue;
        const rect = rects[k]!;
        const along = inPage(rect.cx, rect.cy, this.rotation).along;
        pieces.push({
          text,
          confidence: read.confidence,
          box: rectBounds(rect, this.image.width, this.image.height),
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
  private async pageRotation(rects: readonly RotatedRect[]): Promise<PageRotation> {
    const { cls, rec, charset } = this.models;
    const vote = await voteOrientation(cls, this.image, rects);
    if (Math.abs(vote.upsideDown - 0.5) >= UNSURE_MARGIN || vote.voters.length === 0) return vote.rotation;
    const voters = vote.voters.slice(0, SETTLING_VOTERS);
    const other = opposite(vote.rotation);
    const reads = await recognizeText(rec, charset, this.image, [...voters, ...alignToPage(voters, other)], this.options.recognizer);
    const score = (from: number): number => reads.slice(from, from + voters.length).reduce((sum, r) => sum + r.confidence, 0);
    return score(voters.length) > score(0) ? other : vote.rotation;
  }
}

/**
 * Whether a name letter of the reading is a coin flip (MIN_NAME_LETTER_CONFIDENCE); letters the glyph check
 * corrected are judged by their glyphs, not here.
 */
function unsureName(mrz: MrzReading, alternatives: MrzCandidate['alternatives'], glyphs: boolean): boolean {
  if (!alternatives || mrz.nameIllegible) return false;
  const corrected = new Set((mrz.nameCorrections ?? []).map((c) => `${c.line}:${c.position}`));
  return nameLetterConfidence(mrz.format, mrz.lines, alternatives, corrected, glyphs ? GLYPH_JUDGED : '') < MIN_NAME_LETTER_CONFIDENCE;
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
