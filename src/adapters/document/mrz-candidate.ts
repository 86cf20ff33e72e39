/**
 * An MRZ reading on its way through the page reader (page-reader.ts), with what was learnt while decoding it:
 * the name line's evidence, the rows it was read from and each line's second choices. Kept together so that
 * the reading finally chosen carries its own evidence (no lookup by object identity).
 */
import { levenshtein } from '../../domain/edit-distance.js';
import { parseMrzLines } from '../../domain/mrz.js';
import type { Alternative } from './constrained-ctc.js';
import type { MrzProblem, MrzReading } from './document.types.js';
import type { RotatedRect } from './geometry.js';
import { correctMrzName, type GlyphPage } from './mrz-glyph-check.js';
import { withFillerTail, type RowLattice } from './mrz-lattice.js';
import type { MrzNameEvidence } from './mrz-name-evidence.js';
import type { RecognizedText } from './text-recognizer.js';

export interface MrzCandidate {
  readonly reading: MrzReading;
  /** The name line's lattice and second choices, when decoded under the layout (mrz-name-evidence.ts). */
  readonly evidence: MrzNameEvidence | null;
  /** The rows the reading was decoded from, top to bottom (null for a reading parsed from plain lines). */
  readonly rows: readonly (RotatedRect | undefined)[] | null;
  /** Each line's per-position alternatives from the layout decoding (null for plain lines). */
  readonly alternatives: readonly (readonly (readonly Alternative[])[])[] | null;
  /**
   * The reading already finished (font, glyph corrections, confidence, glare) in the frame it was read in,
   * when that is not the page's own: the MRZ block flattened by mrz-block.ts.
   */
  readonly finished?: FinishedMrz;
}

/** An MRZ reading finished for the response, with the name line's evidence and why it is not check-valid. */
export interface FinishedMrz {
  readonly mrz: MrzReading;
  readonly evidence: MrzNameEvidence | null;
  readonly problem: MrzProblem | null;
}

/** A reading parsed from plain OCR lines: no lattice, no rows. */
export function plainCandidate(reading: MrzReading | null): MrzCandidate | null {
  return reading ? { reading, evidence: null, rows: null, alternatives: null } : null;
}

/** Decodes MRZ rows under their layout; null when they hold no MRZ. */
export type MrzDecoder = (lattices: readonly RowLattice[]) => MrzCandidate | null;

/**
 * A check-valid reading first; else the one with more verified check digits; the layout-constrained reading
 * (`a`) on a tie, since it cannot have lost or gained a character.
 */
export function preferMrz(a: MrzCandidate | null, b: MrzCandidate | null): MrzCandidate | null {
  if (!a || !b) return a ?? b;
  if (a.reading.valid !== b.reading.valid) return a.reading.valid ? a : b;
  const verified = (m: MrzReading): number => m.checks.filter((c) => c.valid).length;
  return verified(b.reading) > verified(a.reading) ? b : a;
}

/**
 * The reading with its name letters corrected from their glyphs (mrz-glyph-check.ts), and the name line's
 * evidence as corrected; null when nothing changes. A reading whose name line was illegible is left alone.
 */
export function correctedByGlyphs(
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
 * The rows of a first MRZ reading the recogniser could not read at their own aspect (GARBLED_CONFIDENCE), each
 * replaced by the squeezed reading of it offered so far that the layout changed least (at most
 * MAX_SQUEEZED_CHANGES, its filler run finished by withFillerTail); the other rows stay as first read.
 */
export class GarbledRows {
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
  offer(read: readonly RecognizedText[]): { candidate: MrzCandidate; read: RecognizedText[] } | null {
    if (!this.garbled.some(Boolean) || !read.every((row) => row.lattice)) return null;
    const tailed = read.map((row) => ({ ...row, lattice: withFillerTail(row.lattice!, 2 * MAX_MRZ_LINE) }));
    const alone = this.decode(tailed.map((row) => row.lattice));
    if (!alone) return null;
    disagreementPerRow(alone.reading, tailed).forEach((changes, k) => {
      const held = this.replacements[k];
      if (this.garbled[k] && changes <= MAX_SQUEEZED_CHANGES && (!held || changes < held.changes)) this.replacements[k] = { read: tailed[k]!, changes };
    });
    const mixed = this.first.map((row, k) => this.replacements[k]?.read ?? row);
    // Nothing replaced, or every row from this reading: the latter is the whole squeezed reading with its filler
    // runs finished, which is not taken (it can drop letters cheaply, see PageReader.squeezedMrzRows).
    if (mixed.every((row, k) => row === this.first[k]) || mixed.every((row, k) => row === tailed[k])) return null;
    const together = this.decode(mixed.map((row) => row.lattice!));
    if (!together) return null;
    // Decoded together, each replaced row must stay as close to its free reading as it was alone.
    const kept = disagreementPerRow(together.reading, mixed).every((changes, k) => !this.replacements[k] || changes <= this.replacements[k]!.changes);
    return kept ? { candidate: together, read: mixed } : null;
  }
}

/**
 * Per row (top to bottom, as `read`), how many more letters and digits the layout decoding holds there than the
 * recogniser read freely; 0 for rows above the reading's lines, which are the lowest ones.
 */
export function inventedPerRow(reading: MrzReading, read: readonly RecognizedText[]): number[] {
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
