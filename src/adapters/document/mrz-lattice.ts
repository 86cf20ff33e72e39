/**
 * Reads an MRZ from the recogniser's raw output (per-step probabilities) of its rows rather than from the
 * text a free reading produced. Each row is decoded under its format's template (constrained-ctc.ts): the
 * exact line length, letters where the layout has letters, digits where it has digits. A position's second
 * choices then let a failing check digit pick the cheapest repair that makes the whole zone verify, and only
 * when no other repair comes close.
 */
import {
  DIGIT_TO_LETTER,
  LETTER_TO_DIGIT,
  MRZ_SHAPES,
  mrzCharClasses,
  mrzCheckPositions,
  mrzFieldSpan,
  mrzFormatOf,
  parseMrzLines,
  type MrzCharClass,
  type MrzFormat,
} from '../../domain/mrz.js';
import type { MrzReading } from '../../domain/mrz.types.js';
import { ICAO_STATE_CODES } from '../../domain/icao-codes.js';
import type { CtcCharset } from './ctc-decode.js';
import type { RotatedRect } from './geometry.js';
import { decodeTemplate, type Alternative, type SymbolTable, type TemplateLattice } from './constrained-ctc.js';

/** Recogniser characters an MRZ reading listens to (the blank comes first, before these). */
export const MRZ_SOURCE_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789<«‹ ';

/** The recogniser's probabilities for one MRZ row, reduced to the blank and MRZ_SOURCE_CHARS. */
export interface RowLattice {
  readonly steps: number;
  /** `steps × (1 + MRZ_SOURCE_CHARS.length)`: column 0 the blank, then the source characters in order. */
  readonly probs: Float32Array;
  /** Where the row was read from, in the page image. */
  readonly rect?: RotatedRect;
}

/**
 * The row followed by `steps` frames that each say blank or filler with even odds. A squeezed reading of a long
 * filler run can lack the frames its fillers need (a filler repeated needs a blank between each two); after the
 * crop, fillers then cost nothing more than the blank every reading pays there, while letters and digits stay
 * impossible, so the tail can only finish a filler run the crop ran out of room for.
 */
export function withFillerTail(row: RowLattice, steps: number): RowLattice {
  const probs = new Float32Array((row.steps + steps) * WIDTH);
  probs.set(row.probs.subarray(0, row.steps * WIDTH));
  for (let t = row.steps; t < row.steps + steps; t++) {
    probs[t * WIDTH] = 0.5;
    probs[t * WIDTH + FILLER_COLUMN] = 0.5;
  }
  return row.rect ? { steps: row.steps + steps, probs, rect: row.rect } : { steps: row.steps + steps, probs };
}

/** Recogniser class of the blank and each MRZ_SOURCE_CHARS character (-1 where the dictionary lacks it). */
export function mrzSourceClasses(charset: CtcCharset): Int32Array {
  return Int32Array.from([0, ...[...MRZ_SOURCE_CHARS].map((c) => (c === ' ' ? charset.classCount - 1 : charset.classOf(c)))]);
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';

/** The symbols of each class and, per symbol, the source characters whose probabilities it collects. */
const CLASS_SOURCES: Readonly<Record<MrzCharClass, readonly (readonly [string, string])[]>> = Object.freeze({
  A: [...LETTERS].map((l) => [l, letterSources(l)] as const),
  a: [...[...LETTERS].map((l) => [l, letterSources(l)] as const), ['<', '<«‹'] as const],
  9: [...DIGITS].map((d) => [d, digitSources(d)] as const),
  c: [...[...DIGITS].map((d) => [d, digitSources(d)] as const), ['<', '<«‹'] as const],
  x: [...[...LETTERS].map((l) => [l, l + l.toLowerCase()] as const), ...[...DIGITS].map((d) => [d, d] as const), ['<', '<«‹'] as const],
  s: [['M', 'Mm'], ['F', 'Ff'], ['X', 'Xx'], ['<', '<«‹']],
});

/** A letter position: the letter in either case, and the digits OCR reads for it (0 for O, 8 for B). */
function letterSources(letter: string): string {
  return letter + letter.toLowerCase() + Object.keys(DIGIT_TO_LETTER).filter((d) => DIGIT_TO_LETTER[d] === letter).join('');
}

/** A digit position: the digit, and the letters OCR reads for it (O and D for 0, B for 8), either case. */
function digitSources(digit: string): string {
  const letters = Object.keys(LETTER_TO_DIGIT).filter((l) => LETTER_TO_DIGIT[l] === digit);
  return digit + letters.join('') + letters.join('').toLowerCase();
}

const CLASS_ORDER: readonly MrzCharClass[] = ['A', 'a', '9', 'c', 'x', 's'];
const FLOOR = 1e-9;
/** Columns of a RowLattice row: the blank, then MRZ_SOURCE_CHARS. */
const WIDTH = 1 + MRZ_SOURCE_CHARS.length;
const SPACE_COLUMN = 1 + MRZ_SOURCE_CHARS.indexOf(' ');
const FILLER_COLUMN = 1 + MRZ_SOURCE_CHARS.indexOf('<');
/** Per class, its symbols and, per symbol, the RowLattice columns whose probabilities it collects. */
const CLASS_TABLES = CLASS_ORDER.map((cls) => ({
  symbols: CLASS_SOURCES[cls].map(([s]) => s).join(''),
  columns: CLASS_SOURCES[cls].map(([, from]) => [...from].map((ch) => 1 + MRZ_SOURCE_CHARS.indexOf(ch))),
}));

/** Where a layout class's symbols sit in `latticeOf(...).tables`. */
export function classTableIndex(cls: string): number {
  return CLASS_ORDER.indexOf(cls as MrzCharClass);
}

/** Per-step log-scores of every class's symbols, normalised over the MRZ characters (a space counts as blank). */
function latticeOf(row: RowLattice): TemplateLattice {
  const blank = new Float32Array(row.steps);
  const tables: SymbolTable[] = CLASS_TABLES.map((c) => ({ symbols: c.symbols, logp: new Float32Array(row.steps * c.columns.length) }));
  for (let t = 0; t < row.steps; t++) {
    const base = t * WIDTH;
    let z = 0;
    for (let c = 0; c < WIDTH; c++) z += row.probs[base + c]!;
    z = Math.max(z, FLOOR);
    blank[t] = Math.log(Math.max(FLOOR, (row.probs[base]! + row.probs[base + SPACE_COLUMN]!) / z));
    CLASS_TABLES.forEach(({ columns }, k) => {
      columns.forEach((from, j) => {
        let sum = 0;
        for (const c of from) sum += row.probs[base + c]!;
        tables[k]!.logp[t * columns.length + j] = Math.log(Math.max(FLOOR, sum / z));
      });
    });
  }
  return { steps: row.steps, blank, tables };
}

export interface LineDecoding {
  readonly text: string;
  readonly score: number;
  readonly alternatives: readonly (readonly Alternative[])[];
}

function decodeLine(lattice: TemplateLattice, classes: string): LineDecoding | null {
  return decodeTemplate(lattice, [...classes].map((c) => CLASS_ORDER.indexOf(c as MrzCharClass)));
}

/**
 * Repairs are looked for among second choices costing up to MAX_SEARCH_LOSS in all, and one is taken only when
 * it costs at most MAX_REPAIR_LOSS and beats every other repair found by the margin. A character the recogniser
 * preferred by more than MAX_REPAIR_LOSS (about 55 to 1) was read confidently and is not changed to make a
 * check pass: the true repairs measured (bench:mrz-small) cost at most 3, while zones printed with a wrong check
 * digit were "repaired" at 4.4-4.8 by turning a confidently read 0 into O. Rivals are still sought up to 6, so
 * a cheap repair with a rival at 5 stays refused.
 */
const MAX_SEARCH_LOSS = 6;
const MAX_REPAIR_LOSS = 4;
const REPAIR_MARGIN = 2;
/** Second choices considered per failing zone, cheapest first (pairs are formed among them). */
const MAX_REPAIR_CANDIDATES = 24;

export interface LatticeOptions {
  readonly today?: Date;
  /**
   * How well a decoding's lines match the glyphs printed on the rows (higher is better; null when it cannot
   * tell). Asked only when 2x36 explains two rows better than 2x44: a recogniser that drops letters on small
   * rows reads 44 characters as about 36, and a TD3 with an empty personal number then passes every TD2 check
   * digit (the composite sums the same digits).
   */
  readonly judgeShape?: (decoding: MrzDecoding) => number | null;
}

/**
 * How much better the 44-character decoding must match the glyphs to overrule the path score, and how well it
 * must match them itself (a row read as garbage, pe_pass-aus's name line before it is squeezed, fits under 0.8
 * as 44 characters too, and is left to the squeezed readings).
 */
const SHAPE_JUDGE_MARGIN = 0.1;
const SHAPE_JUDGE_MIN_FIT = 0.8;

/** The winning decoding of a zone: its reading, and each line's text with its second choices. */
export interface MrzDecoding {
  readonly reading: MrzReading;
  readonly lines: readonly LineDecoding[];
  /** Log-score of the best paths of all lines. */
  readonly score: number;
  /** The rows the format was decoded from (the lowest `lines.length` of those given), as log-score tables. */
  readonly lattices: readonly TemplateLattice[];
  /** Where those rows were read from, when known. */
  readonly rects: readonly (RotatedRect | undefined)[];
}

/**
 * The MRZ of 2 or 3 rows (top to bottom), decoded under each format the row count allows. Between formats of
 * the same rows (2x36 against 2x44) the better-explained rows win, whatever the check digits say: forcing 44
 * characters into 36 can pass check digits by chance. Between three rows (TD1) and the lowest two, a
 * check-valid reading wins, else the higher score per row. Null when the rows cannot hold any MRZ format.
 */
export function readMrzLattices(rows: readonly RowLattice[], options: LatticeOptions = {}): MrzReading | null {
  return decodeMrzRows(rows, options)?.reading ?? null;
}

/** As readMrzLattices, with the lines' second choices (for tests and diagnostics). */
export function decodeMrzRows(rows: readonly RowLattice[], options: LatticeOptions = {}): MrzDecoding | null {
  const lattices = rows.map(latticeOf);
  const byCount = new Map<number, MrzDecoding>();
  for (const shape of MRZ_SHAPES) {
    if (lattices.length < shape.lineCount) continue;
    const used = lattices.slice(lattices.length - shape.lineCount);
    const rects = rows.slice(rows.length - shape.lineCount).map((row) => row.rect);
    const decoded = decodeShape(used, rects, shape.lineCount, shape.lineLength, options);
    const current = byCount.get(shape.lineCount);
    if (decoded && (!current || betterShape(decoded, current, options))) byCount.set(shape.lineCount, decoded);
  }
  const [a, b] = [...byCount.values()];
  if (!a || !b) return a ?? b ?? null;
  if (a.reading.valid !== b.reading.valid) return a.reading.valid ? a : b;
  return a.score / a.lines.length >= b.score / b.lines.length ? a : b;
}

/** Whether `a` explains the same rows better than `b`: by path score, unless the glyphs say 44 against 36. */
function betterShape(a: MrzDecoding, b: MrzDecoding, options: LatticeOptions): boolean {
  const byScore = a.score > b.score;
  const [short, long] = a.lines[0]!.text.length < b.lines[0]!.text.length ? [a, b] : [b, a];
  if (!options.judgeShape || (byScore ? a : b) !== short) return byScore;
  const shortFit = options.judgeShape(short);
  const longFit = options.judgeShape(long);
  if (shortFit === null || longFit === null || longFit < SHAPE_JUDGE_MIN_FIT || longFit - shortFit <= SHAPE_JUDGE_MARGIN) return byScore;
  return a === long;
}

function decodeShape(
  lattices: readonly TemplateLattice[],
  rects: readonly (RotatedRect | undefined)[],
  lineCount: number,
  lineLength: number,
  options: LatticeOptions,
): MrzDecoding | null {
  // The first character decides visa or not; every format of one shape starts with the same classes.
  const probe = mrzFormatOf(lineCount, lineLength, 'P');
  if (!probe) return null;
  const probeFirstLine = mrzCharClasses(probe)[0]!;
  const first = decodeLine(lattices[0]!, probeFirstLine);
  if (!first) return null;
  const format = mrzFormatOf(lineCount, lineLength, first.text);
  if (!format) return null;
  const classes = mrzCharClasses(format);
  const lines: LineDecoding[] = [];
  for (let i = 0; i < lineCount; i++) {
    const line = i === 0 && classes[0] === probeFirstLine ? first : decodeLine(lattices[i]!, classes[i]!);
    if (!line) return null;
    lines.push(line);
  }
  const withCodes = numericStateCodes(format, lattices, fillerAfterDocumentCode(lines));
  const reading = repairWithAlternatives(format, withCodes, options);
  if (!reading) return null;
  return { reading, lines: withCodes, score: lines.reduce((sum, l) => sum + l.score, 0), lattices, rects };
}

/** The fields that hold a state code, which no check digit covers. */
export const STATE_FIELDS = ['issuingState', 'nationality'] as const;

/** How much likelier than `<` another letter must be after the document code's first letter to be kept. */
const CODE_FILLER_PRIOR = 1;

/**
 * The second character of the document code is `<` on most documents ("P<", "I<", "V<") and a letter on a
 * few ("PA", "ID"); the recogniser confuses `<` with A, C and K there. A letter the recogniser barely
 * preferred to `<` is read as `<`. No check digit covers this character.
 */
function fillerAfterDocumentCode(lines: readonly LineDecoding[]): LineDecoding[] {
  const [first, ...rest] = lines;
  if (!first || first.text.charAt(1) === '<') return [...lines];
  const filler = first.alternatives[1]?.find((a) => a.char === '<');
  if (!filler || filler.loss > CODE_FILLER_PRIOR) return [...lines];
  return [{ ...first, text: first.text.charAt(0) + '<' + first.text.slice(2) }, ...rest];
}

/**
 * Some national layouts put digits where ICAO has a state code (the Romanian card's nationality). Decoded as
 * letters such a field reads as nonsense; where a field is no known code and none is near, its line is decoded
 * once more with the field open to digits, and a field that then reads as digits only is kept as digits.
 */
function numericStateCodes(format: MrzFormat, lattices: readonly TemplateLattice[], lines: readonly LineDecoding[]): LineDecoding[] {
  const out = [...lines];
  for (const field of STATE_FIELDS) {
    const span = mrzFieldSpan(format, field);
    if (!span) continue;
    const line = out[span.line]!;
    // A field a known code is near is snapped to it later (snapStateCodes), not read as digits.
    if (ICAO_STATE_CODES.has(line.text.slice(span.start, span.end)) || knownCodeNear(line, span)) continue;
    const classes = mrzCharClasses(format)[span.line]!;
    const open = classes.slice(0, span.start) + 'x'.repeat(span.end - span.start) + classes.slice(span.end);
    const again = decodeLine(lattices[span.line]!, open);
    const value = again?.text.slice(span.start, span.end) ?? '';
    if (/^[0-9]+$/.test(value)) out[span.line] = { ...line, text: line.text.slice(0, span.start) + value + line.text.slice(span.end) };
  }
  return out;
}

/** A misread state code may move to a known one at most this costly, and must beat the next one by the margin. */
const MAX_CODE_LOSS = 5;
const CODE_MARGIN = 1.5;

/**
 * The decoded lines with each issuing state and nationality that is no known code ("OAN", "LUM") replaced by
 * the known code the recogniser found cheapest, when it is cheap and clearly cheaper than any other; a field
 * of digits only is a national layout (the Romanian card) and stays as read.
 */
function snapStateCodes(format: MrzFormat, lines: readonly LineDecoding[]): string[] {
  const out = lines.map((l) => [...l.text]);
  for (const field of STATE_FIELDS) {
    const span = mrzFieldSpan(format, field);
    if (!span) continue;
    const read = out[span.line]!.slice(span.start, span.end).join('');
    if (ICAO_STATE_CODES.has(read) || /^[0-9]+$/.test(read)) continue;
    const code = knownCodeNear(lines[span.line]!, span);
    if (code) out[span.line]!.splice(span.start, code.length, ...code);
  }
  return out.map((l) => l.join(''));
}

/**
 * What spelling `code` over a field costs, from the field's per-position alternatives (Infinity where one of
 * its characters is not among them); the sum stops once it passes `limit`.
 */
export function codeCost(alternatives: readonly (readonly Alternative[])[], code: string, limit = Infinity): number {
  let loss = 0;
  for (let i = 0; i < code.length && loss <= limit; i++) loss += alternatives[i]?.find((a) => a.char === code.charAt(i))?.loss ?? Infinity;
  return loss;
}

/**
 * The known state code the line's second choices make cheapest in `span`, when it costs at most MAX_CODE_LOSS
 * and beats the next by CODE_MARGIN; else null.
 */
function knownCodeNear(line: LineDecoding, span: { readonly start: number; readonly end: number }): string | null {
  const alternatives = line.alternatives.slice(span.start, span.end);
  const costs: { code: string; loss: number }[] = [];
  for (const code of ICAO_STATE_CODES) {
    const loss = codeCost(alternatives, code, MAX_CODE_LOSS);
    if (loss <= MAX_CODE_LOSS) costs.push({ code, loss });
  }
  costs.sort((a, b) => a.loss - b.loss);
  const [best, next] = costs;
  return best && (!next || next.loss - best.loss >= CODE_MARGIN) ? best.code : null;
}

interface Edit {
  readonly line: number;
  readonly pos: number;
  readonly char: string;
  readonly loss: number;
}

/**
 * A 0 read where a letter may stand (a document number) is not turned into O, D or Q to pass a check: the
 * shapes are too close for the recogniser's second choice to mean anything, so such a "repair" only finds
 * some zero that makes a wrong printed check digit pass (the chn visa specimens, E000000000 -> EO00000000 at
 * 3.5-4.8). A digit whose second choice is a letter of another shape (0 -> C on a passport photographed at an
 * angle) is a misread like any other and may be repaired.
 */
function zeroAsLookAlikeLetter(read: string, repaired: string): boolean {
  return read === '0' && /[ODQ]/.test(repaired);
}

function applyEdits(lines: readonly string[], edits: readonly Edit[]): string[] {
  const out = lines.map((l) => [...l]);
  for (const e of edits) out[e.line]![e.pos] = e.char;
  return out.map((l) => l.join(''));
}

/**
 * The decoded lines, or where a check digit fails, the cheapest set of one or two second choices within the
 * failing checks' positions that makes every check verify. Taken only when it costs little and no different
 * repair comes within REPAIR_MARGIN of it: check digits pass by chance one time in ten, so a repair that merely
 * verifies proves nothing unless the recogniser also preferred it clearly.
 */
function repairWithAlternatives(format: MrzFormat, lines: readonly LineDecoding[], options: LatticeOptions): MrzReading | null {
  const texts = snapStateCodes(format, lines);
  const reading = parseMrzLines(format, texts, options);
  if (!reading || reading.valid) return reading;
  const failing = new Set(reading.checks.filter((c) => !c.valid).map((c) => c.field));
  const checked = mrzCheckPositions(format);
  const positions = checked.filter((c) => failing.has(c.field)).flatMap((c) => c.positions);
  const seen = new Set<string>();
  const edits: Edit[] = [];
  for (const { line, pos } of positions) {
    const key = `${line}:${pos}`;
    if (seen.has(key)) continue;
    seen.add(key);
    for (const alt of lines[line]!.alternatives[pos]!.slice(1)) {
      if (alt.loss <= MAX_SEARCH_LOSS) edits.push({ line, pos, char: alt.char, loss: alt.loss });
    }
  }
  edits.sort((a, b) => a.loss - b.loss);
  const pool = edits.slice(0, MAX_REPAIR_CANDIDATES);
  const trials: Edit[][] = pool.map((e) => [e]);
  for (let i = 0; i < pool.length; i++) {
    for (let j = i + 1; j < pool.length; j++) {
      const a = pool[i]!;
      const b = pool[j]!;
      if ((a.line !== b.line || a.pos !== b.pos) && a.loss + b.loss <= MAX_SEARCH_LOSS) trials.push([a, b]);
    }
  }
  const found: { loss: number; reading: MrzReading; key: string; edits: Edit[] }[] = [];
  for (const trial of trials) {
    const loss = trial.reduce((sum, e) => sum + e.loss, 0);
    const repaired = parseMrzLines(format, applyEdits(texts, trial), options);
    if (repaired?.valid) found.push({ loss, reading: repaired, key: repaired.lines.join('\n'), edits: trial });
  }
  found.sort((a, b) => a.loss - b.loss);
  const winner = found[0];
  if (!winner || winner.loss > MAX_REPAIR_LOSS) return reading;
  // A check digit that verified as read vouches for its field: changing that field takes a second, compensating
  // change under the same check, and two misreads that cancel are far rarer than a zone printed with a wrong
  // composite (the aut and hun specimen cards were "repaired" that way: 999<6 -> 997<0).
  const vouched = new Set(checked.filter((c) => !failing.has(c.field)).flatMap((c) => c.positions.map(({ line, pos }) => `${line}:${pos}`)));
  if (winner.edits.some((e) => vouched.has(`${e.line}:${e.pos}`) || zeroAsLookAlikeLetter(texts[e.line]!.charAt(e.pos), e.char))) return reading;
  const rival = found.find((f) => f.key !== winner.key);
  return !rival || rival.loss - winner.loss >= REPAIR_MARGIN ? winner.reading : reading;
}
