/**
 * Reads the machine-readable zone (ICAO 9303) out of the OCR text lines of a whole document.
 *
 * OCR of an MRZ is noisy: spaces inside lines, `<` read as K, L, C or «, letter/digit look-alikes, extra or
 * missing fillers, lines split in two. This module finds the MRZ lines, cleans them position by position
 * (a date position can only hold digits, a state code only letters), repairs a character only where a check
 * digit then proves the repair, and reports every check digit. It never invents: when a check digit does not
 * verify the reading is returned with `valid: false`.
 *
 * The layouts are ICAO 9303 Parts 4-7. The `mrz` npm package is used by the tests as an independent oracle
 * for the check-digit results; it is not the runtime parser because it drops the values of fields it judges
 * invalid (the specimen state UTO), rejects visas (document code V) and routes some noisy 2x36 zones to its
 * French-ID parser.
 */
import type { MrzReading } from './mrz.types.js';
import { foldPlain } from './text-normalise.js';
import { mrzFormProblems } from './mrz-form.js';

export type MrzFormat = MrzReading['format'];

/** `names`: given names only, several separated by `<<` (the French card), unlike an ICAO name field. */
type FieldKind = 'code' | 'alpha' | 'name' | 'names' | 'numeric' | 'check' | 'alnum' | 'sex';

interface FieldSpec {
  readonly name: string;
  readonly line: number;
  readonly start: number;
  readonly end: number;
  readonly kind: FieldKind;
}

interface Span {
  readonly line: number;
  readonly start: number;
  readonly end: number;
}

interface CheckSpec {
  /** Name reported in `MrzReading.checks`. */
  readonly field: string;
  readonly covers: readonly Span[];
  readonly digit: { readonly line: number; readonly pos: number };
}

interface Layout {
  readonly format: MrzFormat;
  readonly lineCount: number;
  readonly lineLength: number;
  readonly fields: readonly FieldSpec[];
  readonly checks: readonly CheckSpec[];
}

const f = (name: string, line: number, start: number, end: number, kind: FieldKind): FieldSpec => ({
  name,
  line,
  start,
  end,
  kind,
});
const span = (line: number, start: number, end: number): Span => ({ line, start, end });
const check = (field: string, covers: readonly Span[], line: number, pos: number): CheckSpec => ({
  field,
  covers,
  digit: { line, pos },
});

/** Line 2 of TD2/TD3/MRV: identical up to position 28 in all four formats. */
function line2Head(): readonly FieldSpec[] {
  return [
    f('documentNumber', 1, 0, 9, 'alnum'),
    f('documentNumberCheck', 1, 9, 10, 'check'),
    f('nationality', 1, 10, 13, 'alpha'),
    f('birthDate', 1, 13, 19, 'numeric'),
    f('birthDateCheck', 1, 19, 20, 'check'),
    f('sex', 1, 20, 21, 'sex'),
    f('expirationDate', 1, 21, 27, 'numeric'),
    f('expirationDateCheck', 1, 27, 28, 'check'),
  ];
}

function line1Head(length: number): readonly FieldSpec[] {
  return [f('documentCode', 0, 0, 2, 'code'), f('issuingState', 0, 2, 5, 'alpha'), f('name', 0, 5, length, 'name')];
}

const HEAD_CHECKS: readonly CheckSpec[] = [
  check('documentNumber', [span(1, 0, 9)], 1, 9),
  check('birthDate', [span(1, 13, 19)], 1, 19),
  check('expirationDate', [span(1, 21, 27)], 1, 27),
];

const LAYOUTS: Readonly<Record<MrzFormat, Layout>> = Object.freeze({
  TD3: {
    format: 'TD3',
    lineCount: 2,
    lineLength: 44,
    fields: [
      ...line1Head(44),
      ...line2Head(),
      f('personalNumber', 1, 28, 42, 'alnum'),
      f('personalNumberCheck', 1, 42, 43, 'check'),
      f('composite', 1, 43, 44, 'check'),
    ],
    checks: [
      ...HEAD_CHECKS,
      check('personalNumber', [span(1, 28, 42)], 1, 42),
      check('composite', [span(1, 0, 10), span(1, 13, 20), span(1, 21, 43)], 1, 43),
    ],
  },
  MRVA: {
    format: 'MRVA',
    lineCount: 2,
    lineLength: 44,
    fields: [...line1Head(44), ...line2Head(), f('optional', 1, 28, 44, 'alnum')],
    checks: HEAD_CHECKS,
  },
  TD2: {
    format: 'TD2',
    lineCount: 2,
    lineLength: 36,
    fields: [...line1Head(36), ...line2Head(), f('optional', 1, 28, 35, 'alnum'), f('composite', 1, 35, 36, 'check')],
    checks: [...HEAD_CHECKS, check('composite', [span(1, 0, 10), span(1, 13, 20), span(1, 21, 35)], 1, 35)],
  },
  FRA_ID: {
    format: 'FRA_ID',
    lineCount: 2,
    lineLength: 36,
    fields: [
      f('documentCode', 0, 0, 2, 'code'),
      f('issuingState', 0, 2, 5, 'alpha'),
      f('name', 0, 5, 30, 'name'),
      f('office', 0, 30, 36, 'alnum'),
      f('documentNumber', 1, 0, 12, 'alnum'),
      f('documentNumberCheck', 1, 12, 13, 'check'),
      f('givenNames', 1, 13, 27, 'names'),
      f('birthDate', 1, 27, 33, 'numeric'),
      f('birthDateCheck', 1, 33, 34, 'check'),
      f('sex', 1, 34, 35, 'sex'),
      f('composite', 1, 35, 36, 'check'),
    ],
    checks: [
      check('documentNumber', [span(1, 0, 12)], 1, 12),
      check('birthDate', [span(1, 27, 33)], 1, 33),
      check('composite', [span(0, 0, 36), span(1, 0, 35)], 1, 35),
    ],
  },
  MRVB: {
    format: 'MRVB',
    lineCount: 2,
    lineLength: 36,
    fields: [...line1Head(36), ...line2Head(), f('optional', 1, 28, 36, 'alnum')],
    checks: HEAD_CHECKS,
  },
  TD1: {
    format: 'TD1',
    lineCount: 3,
    lineLength: 30,
    fields: [
      f('documentCode', 0, 0, 2, 'code'),
      f('issuingState', 0, 2, 5, 'alpha'),
      f('documentNumber', 0, 5, 14, 'alnum'),
      f('documentNumberCheck', 0, 14, 15, 'check'),
      f('optional1', 0, 15, 30, 'alnum'),
      f('birthDate', 1, 0, 6, 'numeric'),
      f('birthDateCheck', 1, 6, 7, 'check'),
      f('sex', 1, 7, 8, 'sex'),
      f('expirationDate', 1, 8, 14, 'numeric'),
      f('expirationDateCheck', 1, 14, 15, 'check'),
      f('nationality', 1, 15, 18, 'alpha'),
      f('optional2', 1, 18, 29, 'alnum'),
      f('composite', 1, 29, 30, 'check'),
      f('name', 2, 0, 30, 'name'),
    ],
    checks: [
      check('documentNumber', [span(0, 5, 14)], 0, 14),
      check('birthDate', [span(1, 0, 6)], 1, 6),
      check('expirationDate', [span(1, 8, 14)], 1, 14),
      check('composite', [span(0, 5, 30), span(1, 0, 7), span(1, 8, 15), span(1, 18, 29)], 1, 29),
    ],
  },
});

/** Letters OCR produces for digits; used only in positions that can hold nothing but digits. */
export const LETTER_TO_DIGIT: Readonly<Record<string, string>> = Object.freeze({
  O: '0',
  Q: '0',
  D: '0',
  U: '0',
  I: '1',
  L: '1',
  J: '1',
  Z: '2',
  S: '5',
  G: '6',
  B: '8',
});

/** Digits OCR produces for letters; used only in the name field, where ICAO allows no digits. */
export const DIGIT_TO_LETTER: Readonly<Record<string, string>> = Object.freeze({
  '0': 'O',
  '1': 'I',
  '2': 'Z',
  '5': 'S',
  '6': 'G',
  '8': 'B',
});

/** Characters OCR engines produce for the `<` filler. */
const FILLER_LOOKALIKES = new Set(['<', 'K', 'L', 'C']);
const CHECK_WEIGHTS = [7, 3, 1] as const;

function charValue(ch: string): number {
  if (ch >= '0' && ch <= '9') return ch.charCodeAt(0) - 48;
  if (ch >= 'A' && ch <= 'Z') return ch.charCodeAt(0) - 55;
  return 0;
}

/**
 * ICAO 9303 Part 3 check digit: weights 7, 3, 1 repeating; digits count their value, A-Z count 10-35, the
 * filler `<` counts 0; the sum modulo 10. Any other character also counts 0, as the specification has none.
 */
export function mrzCheckDigit(s: string): number {
  let sum = 0;
  for (let i = 0; i < s.length; i++) sum += charValue(s.charAt(i)) * (CHECK_WEIGHTS[i % 3] ?? 1);
  return sum % 10;
}

function slice(lines: readonly string[], s: Span): string {
  return (lines[s.line] ?? '').slice(s.start, s.end);
}

/**
 * The TD1 document number may be longer than 9 characters: position 15 is then `<` and the number goes
 * on in the optional field, ending with its check digit (ICAO 9303 Part 5, note j).
 */
function td1LongNumber(lines: readonly string[]): { readonly value: string; readonly digit: string } | null {
  const line = lines[0] ?? '';
  if (line.charAt(14) !== '<' || line.charAt(15) === '<' || line.length < 16) return null;
  const tail = line.slice(15).split('<')[0] ?? '';
  if (tail.length < 1) return null;
  return { value: line.slice(5, 14) + tail.slice(0, -1), digit: tail.slice(-1) };
}

function checkVerifies(covered: string, digit: string): boolean {
  if (digit === '<') return /^<*$/.test(covered);
  return /^[0-9]$/.test(digit) && Number(digit) === mrzCheckDigit(covered);
}

function evaluateCheck(layout: Layout, lines: readonly string[], c: CheckSpec): boolean {
  if (layout.format === 'TD1' && c.field === 'documentNumber') {
    const long = td1LongNumber(lines);
    if (long) return checkVerifies(long.value, long.digit);
  }
  const covered = c.covers.map((s) => slice(lines, s)).join('');
  const digit = (lines[c.digit.line] ?? '').charAt(c.digit.pos);
  return checkVerifies(covered, digit);
}

function evaluateChecks(layout: Layout, lines: readonly string[]): { field: string; valid: boolean }[] {
  return layout.checks.map((c) => ({ field: c.field, valid: evaluateCheck(layout, lines, c) }));
}

function countValid(layout: Layout, lines: readonly string[]): number {
  return evaluateChecks(layout, lines).filter((c) => c.valid).length;
}

// ---------------------------------------------------------------------------------------------------------
// Finding the MRZ lines

/** Upper case, diacritics folded, filler look-alikes `«` `‹` to `<`, whitespace removed. */
function compactLine(raw: string): string {
  return foldPlain(raw.replace(/[«‹≪]/g, '<')).replace(/\s+/g, '');
}

function looksLikeMrz(compact: string): boolean {
  if (compact.length < 8) return false;
  const mrzChars = compact.replace(/[^A-Z0-9<]/g, '').length;
  if (mrzChars / compact.length < 0.9) return false;
  const digits = compact.replace(/[^0-9]/g, '').length;
  return compact.includes('<') || /[<KLC]{4,}/.test(compact) || digits / compact.length >= 0.25;
}

interface Block {
  readonly layoutLength: number;
  readonly lines: readonly string[];
  readonly deviation: number;
  readonly position: number;
}

const LENGTH_TOLERANCE = 4;

/** Builds `count` lines of about `length` characters from candidates starting at `start`, joining split lines. */
function blockAt(cands: readonly string[], start: number, count: number, length: number): Block | null {
  const lines: string[] = [];
  let i = start;
  let deviation = 0;
  while (lines.length < count && i < cands.length) {
    const one = cands[i] ?? '';
    const two = one + (cands[i + 1] ?? '');
    if (Math.abs(one.length - length) <= LENGTH_TOLERANCE) {
      lines.push(one);
      deviation += Math.abs(one.length - length);
      i += 1;
    } else if (i + 1 < cands.length && Math.abs(two.length - length) <= LENGTH_TOLERANCE) {
      lines.push(two);
      deviation += Math.abs(two.length - length) + 1;
      i += 2;
    } else {
      return null;
    }
  }
  return lines.length === count ? { layoutLength: length, lines, deviation, position: start } : null;
}

/** Line lengths and line counts of the MRZ formats, in the order a reader should try them. */
export const MRZ_SHAPES: readonly { readonly lineCount: number; readonly lineLength: number }[] = Object.freeze([
  { lineCount: 3, lineLength: 30 },
  { lineCount: 2, lineLength: 36 },
  { lineCount: 2, lineLength: 44 },
]);

function findBlock(cands: readonly string[]): Block | null {
  let best: Block | null = null;
  for (let start = 0; start < cands.length; start++) {
    for (const shape of MRZ_SHAPES) {
      const b = blockAt(cands, start, shape.lineCount, shape.lineLength);
      if (!b) continue;
      const better =
        !best || b.deviation < best.deviation || (b.deviation === best.deviation && b.position >= best.position);
      if (better) best = b;
    }
  }
  return best;
}

function chooseLayout(block: Block): Layout {
  // findBlock only builds blocks of the MRZ_SHAPES, each of which has a format.
  const format = mrzFormatOf(block.lines.length, block.layoutLength, block.lines[0] ?? '');
  if (!format) throw new Error(`no MRZ format has ${block.lines.length} lines of ${block.layoutLength}`);
  return LAYOUTS[format];
}

// ---------------------------------------------------------------------------------------------------------
// Fixing line lengths

function fillerRuns(line: string): { start: number; end: number }[] {
  const runs: { start: number; end: number }[] = [];
  for (const m of line.matchAll(/<+/g)) runs.push({ start: m.index, end: m.index + m[0].length });
  return runs;
}

/** Candidate repairs of a line's length: every filler run grown or shrunk by the difference, or the end. */
function lengthVariants(line: string, length: number, nameLine: boolean): string[] {
  const delta = length - line.length;
  if (delta === 0) return [line];
  const atEnd = delta > 0 ? line + '<'.repeat(delta) : line.slice(0, length);
  if (nameLine) return [delta > 0 ? atEnd : trimNameLine(line, length)];
  const variants = [atEnd];
  for (const run of fillerRuns(line)) {
    if (delta > 0) variants.push(line.slice(0, run.end) + '<'.repeat(delta) + line.slice(run.end));
    else if (run.end - run.start >= -delta) variants.push(line.slice(0, run.start) + line.slice(run.start - delta));
  }
  return [...new Set(variants)];
}

/** A name line that is too long lost nothing but fillers: drop `<` from the longest filler runs first. */
function trimNameLine(line: string, length: number): string {
  let out = line;
  while (out.length > length) {
    const runs = fillerRuns(out).sort((a, b) => b.end - b.start - (a.end - a.start) || b.start - a.start);
    const run = runs[0];
    if (!run || run.end - run.start < 2) return out.slice(0, length);
    out = out.slice(0, run.start) + out.slice(run.start + 1);
  }
  return out;
}

function product(options: readonly (readonly string[])[]): string[][] {
  let acc: string[][] = [[]];
  for (const opts of options) acc = acc.flatMap((prefix) => opts.map((o) => [...prefix, o]));
  return acc;
}

// ---------------------------------------------------------------------------------------------------------
// Cleaning by position

function mapChars(text: string, table: Readonly<Record<string, string>>): string {
  return text
    .split('')
    .map((ch) => table[ch] ?? ch)
    .join('');
}

/** Index where trailing filler starts: the terminal run of `<`/K/L/C, from its first real `<` on. */
function trailingFillerStart(text: string): number {
  let i = text.length;
  while (i > 0 && FILLER_LOOKALIKES.has(text.charAt(i - 1))) i--;
  const firstFiller = text.indexOf('<', i);
  if (firstFiller >= 0) return firstFiller;
  return text.length - i >= 4 ? i : text.length;
}

function fillTrailing(text: string): string {
  const at = trailingFillerStart(text);
  return text.slice(0, at) + '<'.repeat(text.length - at);
}

/**
 * ICAO separates the primary from the secondary identifier with `<<` and the secondary identifier's names with
 * a single `<`: a second `<<` ends the name, and what follows can only be filler ("LOES<ALBERTINE<<S<<S<<<"
 * is noise after ALBERTINE).
 */
function endAtSecondSeparator(text: string): string {
  const first = text.indexOf('<<');
  if (first < 0) return text;
  let givenStart = first + 2;
  while (text.charAt(givenStart) === '<') givenStart++;
  const second = text.indexOf('<<', givenStart);
  return second < 0 ? text : text.slice(0, second) + '<'.repeat(text.length - second);
}

function isAllFillerLike(text: string): boolean {
  return text.split('').every((ch) => FILLER_LOOKALIKES.has(ch));
}

function cleanField(text: string, kind: FieldKind, coveredLooksEmpty: boolean): string {
  switch (kind) {
    case 'name':
      return endAtSecondSeparator(fillTrailing(mapChars(text, DIGIT_TO_LETTER)));
    case 'names':
      return fillTrailing(mapChars(text, DIGIT_TO_LETTER));
    case 'numeric':
      return mapChars(text, LETTER_TO_DIGIT);
    case 'check':
      return coveredLooksEmpty && FILLER_LOOKALIKES.has(text) ? '<' : mapChars(text, LETTER_TO_DIGIT);
    case 'sex':
      return FILLER_LOOKALIKES.has(text) ? '<' : text;
    case 'alnum':
      return isAllFillerLike(text) ? '<'.repeat(text.length) : fillTrailing(text);
    case 'code':
    case 'alpha':
      // State codes and the document code are letters (or fillers): a digit there is a misread letter
      // (UT0 -> UTO, P0L -> POL). No check digit covers these fields, so this is the only guard they get.
      // A field of digits only is no misread code but a non-ICAO layout (the Romanian card), left as read.
      return /[A-Z]/.test(text) ? mapChars(text, DIGIT_TO_LETTER) : text;
  }
}

function replaceAt(lines: readonly string[], s: Span, value: string): string[] {
  return lines.map((l, i) => (i === s.line ? l.slice(0, s.start) + value + l.slice(s.end) : l));
}

/** The field a single check digit protects, so a `<` check digit on an empty field can be recognised. */
function fieldBeforeCheck(layout: Layout, spec: FieldSpec): FieldSpec | undefined {
  return layout.fields.find((x) => x.line === spec.line && x.end === spec.start && x.kind !== 'check');
}

function cleanLines(layout: Layout, lines: readonly string[]): string[] {
  let out = [...lines];
  for (const spec of layout.fields) {
    const text = slice(out, spec);
    const guarded = spec.name.endsWith('Check') ? fieldBeforeCheck(layout, spec) : undefined;
    const emptyGuarded = guarded ? isAllFillerLike(slice(out, guarded)) : false;
    out = replaceAt(out, spec, cleanField(text, spec.kind, emptyGuarded));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Repair under a check digit

const REPAIRABLE = ['documentNumber', 'personalNumber', 'optional1'] as const;

/**
 * Candidate repairs: one letter between two digits, read where a digit was printed, turned back into that
 * digit. Letters at either end are left alone: document numbers often start with real letters (ZE, PA, D).
 * Only this direction is tried. Digit-to-letter swaps multiply the candidates (every 0 could be O, D or Q) and each
 * candidate passes a check digit by chance one time in ten, so trying them turned ordinary misreads into
 * confident wrong repairs in simulation on the specimens (see docs/name-matching.md, "MRZ").
 */
function singleSubstitutions(text: string): string[] {
  const out: string[] = [];
  for (let i = 1; i < text.length - 1; i++) {
    const digit = LETTER_TO_DIGIT[text.charAt(i)];
    const amidDigits = /[0-9]/.test(text.charAt(i - 1)) && /[0-9]/.test(text.charAt(i + 1));
    if (digit !== undefined && amidDigits) out.push(text.slice(0, i) + digit + text.slice(i + 1));
  }
  return out;
}

function checkFor(layout: Layout, field: string): CheckSpec | undefined {
  return layout.checks.find((c) => c.field === field);
}

function isValid(layout: Layout, lines: readonly string[], field: string): boolean {
  const c = checkFor(layout, field);
  return c ? evaluateCheck(layout, lines, c) : true;
}

/**
 * Tries every single letter-to-digit substitution in one alphanumeric field. A repair is accepted only when
 * exactly one candidate makes the field's check digit verify and, where the format has one, the composite
 * check digit too. Two or more candidates mean the evidence cannot choose, so nothing is changed.
 */
function repairField(layout: Layout, lines: readonly string[], fieldName: string): string[] {
  const spec = layout.fields.find((x) => x.name === fieldName);
  const checkName = fieldName === 'optional1' ? 'documentNumber' : fieldName;
  if (!spec || !checkFor(layout, checkName) || isValid(layout, lines, checkName)) return [...lines];
  const hasComposite = checkFor(layout, 'composite') !== undefined;
  const accepted = new Map<string, string[]>();
  for (const candidate of singleSubstitutions(slice(lines, spec))) {
    const trial = replaceAt(lines, spec, candidate);
    if (!isValid(layout, trial, checkName)) continue;
    if (hasComposite && !isValid(layout, trial, 'composite')) continue;
    accepted.set(trial.join('\n'), trial);
  }
  const only = accepted.size === 1 ? [...accepted.values()][0] : undefined;
  return only ?? [...lines];
}

function repair(layout: Layout, lines: readonly string[]): string[] {
  let out = [...lines];
  for (const name of REPAIRABLE) {
    if (name === 'optional1' && td1LongNumber(out) === null) continue;
    out = repairField(layout, out, name);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Reading the fields

function isoDate(yymmdd: string, century: (yy: number) => number): string | null {
  if (!/^[0-9]{6}$/.test(yymmdd)) return null;
  const yy = Number(yymmdd.slice(0, 2));
  const mm = Number(yymmdd.slice(2, 4));
  const dd = Number(yymmdd.slice(4, 6));
  const year = century(yy);
  const d = new Date(Date.UTC(year, mm - 1, dd));
  if (d.getUTCMonth() !== mm - 1 || d.getUTCDate() !== dd) return null;
  return `${String(year).padStart(4, '0')}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}`;
}

/** Birth dates are in the past: the latest century that does not put the year after this one. */
function birthCentury(currentYear: number): (yy: number) => number {
  return (yy) => (2000 + yy > currentYear ? 1900 + yy : 2000 + yy);
}

/** Expiry dates sit within fifty years either side of today (documents expired long ago still get read). */
function expiryCentury(currentYear: number): (yy: number) => number {
  return (yy) => {
    const year = 2000 + yy;
    if (year > currentYear + 49) return year - 100;
    if (year < currentYear - 50) return year + 100;
    return year;
  };
}

function nonEmpty(text: string): string | null {
  const t = text.replace(/<+/g, ' ').trim().replace(/\s+/g, ' ');
  return t.length > 0 ? t : null;
}

/**
 * Splits the ICAO name field: primary identifier (surname) before `<<`, secondary identifiers after it, a
 * single `<` between words of either. A field without `<<` holds a primary identifier only.
 */
export function splitMrzName(field: string): { readonly surname: string | null; readonly givenNames: string | null } {
  const body = field.replace(/<+$/, '');
  const sep = body.indexOf('<<');
  if (sep < 0) return { surname: nonEmpty(body), givenNames: null };
  return { surname: nonEmpty(body.slice(0, sep)), givenNames: nonEmpty(body.slice(sep + 2)) };
}

function sexOf(ch: string): string | null {
  if (ch === 'M' || ch === 'F') return ch;
  if (ch === '<' || ch === 'X') return 'X';
  return null;
}

function documentNumberOf(layout: Layout, lines: readonly string[]): string | null {
  const long = layout.format === 'TD1' ? td1LongNumber(lines) : null;
  const spec = layout.fields.find((x) => x.name === 'documentNumber');
  const raw = long ? long.value : spec ? slice(lines, spec) : '';
  return nonEmpty(raw)?.replace(/ /g, '') ?? null;
}

function fieldText(layout: Layout, lines: readonly string[], name: string): string {
  const spec = layout.fields.find((x) => x.name === name);
  return spec ? slice(lines, spec) : '';
}

function hasField(layout: Layout, name: string): boolean {
  return layout.fields.some((x) => x.name === name);
}

function nationalityAt(layout: Layout): { readonly line: number; readonly start: number } | null {
  const spec = layout.fields.find((x) => x.name === 'nationality');
  return spec ? { line: spec.line, start: spec.start } : null;
}

function readFields(layout: Layout, lines: readonly string[], today: Date): MrzReading {
  const checks = evaluateChecks(layout, lines);
  const year = today.getUTCFullYear();
  const given = hasField(layout, 'givenNames') ? nonEmpty(fieldText(layout, lines, 'givenNames')) : undefined;
  // The French card holds the surname alone on line 1 and the given names on line 2.
  const name = given === undefined ? splitMrzName(fieldText(layout, lines, 'name')) : { surname: nonEmpty(fieldText(layout, lines, 'name')), givenNames: given };
  const birthDate = isoDate(fieldText(layout, lines, 'birthDate'), birthCentury(year));
  const expirationDate = isoDate(fieldText(layout, lines, 'expirationDate'), expiryCentury(year));
  const sex = sexOf(fieldText(layout, lines, 'sex'));
  // Check digits can verify by chance on a misplaced reading (one time in ten each); a reading whose sex
  // or dates are not even well formed is not reported valid, whatever its digits say
  // (Shape only, not the calendar: a specimen prints 29 February of a non-leap year.)
  const dateShaped = (name: string): boolean => /^[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])$/.test(fieldText(layout, lines, name));
  // The document code starts with a letter and the issuing state is letters then fillers ("UTO", "D<<"): a
  // line shifted by a lost or added character ("<<<<T0D2314589...", "I<<UT0D2314589...") can still pass its
  // check digits by chance.
  const state = /^[A-Z]([A-Z]{2}|[A-Z]<|<<)$/;
  // (Not that the codes exist: specimens print BDR, SI< and an empty nationality, a national card digits.)
  const codesShaped = /^[A-Z][A-Z<]$/.test(fieldText(layout, lines, 'documentCode')) && state.test(fieldText(layout, lines, 'issuingState'));
  const wellFormed = sex !== null && codesShaped && dateShaped('birthDate') && (!hasField(layout, 'expirationDate') || dateShaped('expirationDate'));
  // Letters where the layout puts letters, digits where it puts digits, expiry after birth (mrz-form.ts): a
  // garbled line forced into shape by chance still holds a digit in a name or a letter in a date.
  const formProblems = mrzFormProblems({
    classes: mrzCharClasses(layout.format),
    lines,
    birthDate,
    expirationDate,
    rawBirthDate: fieldText(layout, lines, 'birthDate'),
    rawExpirationDate: hasField(layout, 'expirationDate') ? fieldText(layout, lines, 'expirationDate') : null,
    issuingState: fieldText(layout, lines, 'issuingState'),
    nationality: hasField(layout, 'nationality') ? fieldText(layout, lines, 'nationality') : null,
    nationalityAt: nationalityAt(layout),
  }, today);
  return {
    format: layout.format,
    lines,
    valid: wellFormed && formProblems.length === 0 && checks.every((c) => c.valid),
    checks,
    ...(formProblems.length > 0 ? { formProblems } : {}),
    documentCode: nonEmpty(fieldText(layout, lines, 'documentCode')),
    issuingState: nonEmpty(fieldText(layout, lines, 'issuingState')),
    surname: name.surname,
    givenNames: name.givenNames,
    documentNumber: documentNumberOf(layout, lines),
    nationality: nonEmpty(fieldText(layout, lines, 'nationality')),
    birthDate,
    expirationDate,
    sex,
  };
}

function nameLineIndex(layout: Layout): number {
  return layout.format === 'TD1' ? 2 : 0;
}

/** Length variants of every line, cleaned and repaired; the combination with the most verified checks wins. */
function bestReading(layout: Layout, block: Block): string[] {
  const variants = block.lines.map((l, i) => lengthVariants(l, layout.lineLength, i === nameLineIndex(layout)));
  let best: { lines: string[]; score: number } | null = null;
  for (const combo of product(variants)) {
    const repaired = repair(layout, cleanLines(layout, combo));
    const score = countValid(layout, repaired);
    if (!best || score > best.score) best = { lines: repaired, score };
  }
  return best?.lines ?? [...block.lines];
}

/** Where a TD2/TD3/MRV first line really starts: a document code letter, a code or filler, and a state code. */
const LINE1_START = /[ACIPV][A-Z<][A-Z<]{3}/;
/** Most characters of printed text the detector may glue before an MRZ line (a date printed beside it). */
const MAX_LEADING_NOISE = 14;

/**
 * Drops text glued before the first line of a two-line MRZ ("23APRAVRIZP<GBR..." when a printed date sits in
 * the same row). Only when that prefix holds a digit, which the document and state codes never do, and the
 * line really starts further on; the name line's length is repaired afterwards as usual.
 */
function withoutLeadingNoise(block: Block): Block {
  const first = block.lines[0] ?? '';
  if (block.layoutLength === 30) return block;
  if (LINE1_START.test(mapChars(first.slice(0, 5), DIGIT_TO_LETTER)) && /^[ACIPV]/.test(first)) return block;
  // The real start: a code followed by a filler (P<, I<, V<) if there is one, else the last code-like start.
  const starts: number[] = [];
  for (let k = 1; k <= Math.min(MAX_LEADING_NOISE, first.length - 5); k++) if (LINE1_START.test(first.slice(k, k + 5))) starts.push(k);
  const at = starts.find((k) => first.charAt(k + 1) === '<') ?? starts[starts.length - 1] ?? -1;
  if (at <= 0 || at > MAX_LEADING_NOISE || !/[0-9]/.test(first.slice(0, at))) return block;
  return { ...block, lines: [first.slice(at), ...block.lines.slice(1)] };
}

export interface ExtractMrzOptions {
  /** "Today", for the century of two-digit years. Injected so the function stays pure in tests. */
  readonly today?: Date;
}

/**
 * Finds, cleans, repairs and parses the MRZ among the OCR text lines of a whole document.
 * Returns null when no block of lines has the shape of an ICAO MRZ (TD1 3x30, TD2/MRV-B 2x36, TD3/MRV-A
 * 2x44). A returned reading may be invalid: `valid` and `checks` say which check digits verify.
 */
export function extractMrz(lines: readonly string[], options: ExtractMrzOptions = {}): MrzReading | null {
  const candidates = lines
    .map(compactLine)
    .filter(looksLikeMrz)
    .map((l) => l.replace(/[^A-Z0-9<]/g, ''));
  const found = findBlock(candidates);
  if (!found) return null;
  const block = withoutLeadingNoise(found);
  const layout = chooseLayout(block);
  return readFields(layout, bestReading(layout, block), options.today ?? new Date());
}

/**
 * The MRZ name as the name matcher wants it, with whether the name field is full: ICAO truncates names that
 * do not fit, so a full field means its last word may be cut short.
 */
export function mrzNames(
  reading: MrzReading,
): { readonly surname: string; readonly givenNames: string; readonly truncated: boolean; readonly valid: boolean } | null {
  if (!reading.surname) return null;
  const layout = LAYOUTS[reading.format];
  const nameField = layout.fields.find((x) => x.name === 'name');
  const text = nameField ? slice(reading.lines, nameField) : '';
  return {
    surname: reading.surname,
    givenNames: reading.givenNames ?? '',
    truncated: text.length > 0 && !text.endsWith('<'),
    // The name matcher lets a verified zone overrule the printed text (domain/mrz-agreement.ts).
    valid: reading.valid,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Per-position character classes, for recognisers that decode under the layout

/**
 * What one MRZ position may hold, for a recogniser that decodes a line under its layout:
 * `A` a letter (first character of the document code), `a` a letter or `<` (codes, states, names),
 * `9` a digit (dates), `c` a digit or `<` (check digits), `x` a letter, digit or `<` (numbers, optional
 * data), `s` the sex (`M`, `F`, `X` or `<`).
 */
export type MrzCharClass = 'A' | 'a' | '9' | 'c' | 'x' | 's';

const CLASS_OF_KIND: Readonly<Record<FieldKind, MrzCharClass>> = Object.freeze({
  code: 'a',
  alpha: 'a',
  name: 'a',
  names: 'a',
  numeric: '9',
  check: 'c',
  alnum: 'x',
  sex: 's',
});

/**
 * The character class of every position of every line of a format, one string per line
 * (`mrzCharClasses('TD3')[1][9] === 'c'`: the document number's check digit).
 */
export function mrzCharClasses(format: MrzFormat): readonly string[] {
  const layout = LAYOUTS[format];
  const lines = Array.from({ length: layout.lineCount }, () => Array<MrzCharClass>(layout.lineLength).fill('x'));
  for (const spec of layout.fields) for (let i = spec.start; i < spec.end; i++) lines[spec.line]![i] = CLASS_OF_KIND[spec.kind];
  lines[0]![0] = 'A';
  return lines.map((l) => l.join(''));
}

/** The format of a zone of `lineCount` lines of `lineLength` characters whose first line is `first`. */
export function mrzFormatOf(lineCount: number, lineLength: number, first: string): MrzFormat | null {
  const visa = first.startsWith('V');
  if (lineCount === 3 && lineLength === 30) return 'TD1';
  if (lineCount === 2 && lineLength === 36) return first.startsWith('IDFRA') ? 'FRA_ID' : visa ? 'MRVB' : 'TD2';
  if (lineCount === 2 && lineLength === 44) return visa ? 'MRVA' : 'TD3';
  return null;
}

/**
 * Parses lines already cut to their format's exact length (a recogniser that decoded them under the layout),
 * with the same cleaning, check-digit repair and well-formedness rules as `extractMrz`. Null when the lines
 * do not have the format's shape.
 */
export function parseMrzLines(format: MrzFormat, lines: readonly string[], options: ExtractMrzOptions = {}): MrzReading | null {
  const layout = LAYOUTS[format];
  if (lines.length !== layout.lineCount || lines.some((l) => l.length !== layout.lineLength || !/^[A-Z0-9<]+$/.test(l))) return null;
  return readFields(layout, repair(layout, cleanLines(layout, lines)), options.today ?? new Date());
}

/**
 * Every check digit of a format with the positions it protects (the covered characters and the digit itself),
 * so a reader that knows its second choices can look for a repair where a check fails.
 */
export function mrzCheckPositions(
  format: MrzFormat,
): readonly { readonly field: string; readonly positions: readonly { readonly line: number; readonly pos: number }[] }[] {
  return LAYOUTS[format].checks.map((c) => ({
    field: c.field,
    positions: [
      ...c.covers.flatMap((s) => Array.from({ length: s.end - s.start }, (_, k) => ({ line: s.line, pos: s.start + k }))),
      c.digit,
    ],
  }));
}

/** Where a named field (`issuingState`, `nationality`, `name`, ...) stands in a format, or null. */
export function mrzFieldSpan(format: MrzFormat, name: string): { readonly line: number; readonly start: number; readonly end: number } | null {
  const spec = LAYOUTS[format].fields.find((x) => x.name === name);
  return spec ? { line: spec.line, start: spec.start, end: spec.end } : null;
}
