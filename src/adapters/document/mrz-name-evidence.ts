/**
 * How well the image supports a typed spelling of the MRZ name. No check digit covers the name, so a
 * misread letter there (PUBLHC for PUBLIC on a clean card, NABROUK for MABROUK on a 268-px page) would refuse
 * the true holder. The recogniser's own probabilities say how much less likely the typed spelling is than
 * what was read: the line is decoded again with every position of the name field forced to the typed
 * spelling and every other position to what was reported, and the loss is the difference in log-score from
 * the same line with the name field left free. A misread letter costs little; a different name costs a lot.
 */
import { mrzCharClasses, mrzFieldSpan, splitMrzName, type MrzFormat } from '../../domain/mrz.js';
import { MRZ_FREE_TAIL as FREE_TAIL, type MrzReread } from '../../domain/name-match.js';
import { decodeTemplate, type Alternative, type SymbolTable, type TemplateLattice } from './constrained-ctc.js';
import type { RotatedRect } from './geometry.js';
import { classTableIndex, type MrzDecoding } from './mrz-lattice.js';

/** The MRZ name line as the recogniser saw it (kept with a reading decoded under its layout). */
export interface MrzNameEvidence {
  readonly format: MrzFormat;
  /** The line as reported (after repairs), which fixes every position outside the name field. */
  readonly text: string;
  /** The line's per-step log-scores, as the layout decoding used them. */
  readonly lattice: TemplateLattice;
  /** Log-score of the line's best path under its layout (before any check-digit repair). */
  readonly layoutScore: number;
  /** Per position of the line as decoded, each character's loss against the best path (constrained-ctc.ts). */
  readonly alternatives: readonly (readonly Alternative[])[];
  /** Where the line was read from, in the page image, when known. */
  readonly rect?: RotatedRect;
}

/** The name line of a decoding, or null for a format without one name field. */
export function nameEvidenceOf(decoding: MrzDecoding): MrzNameEvidence | null {
  const { format, lines } = decoding.reading;
  const span = mrzFieldSpan(format, 'name');
  const lattice = span ? decoding.lattices[span.line] : undefined;
  const text = span ? lines[span.line] : undefined;
  const line = span ? decoding.lines[span.line] : undefined;
  if (!span || !lattice || !line || text === undefined || format === 'FRA_ID') return null;
  const rect = decoding.rects[span.line];
  const found = { format, text, lattice, layoutScore: line.score, alternatives: line.alternatives };
  return rect ? { ...found, rect } : found;
}

/**
 * What the layout cost the name line: the log-score of the recogniser's best path over the line, free, minus
 * that of the best path holding the line's layout (exact length, letters in the name). Near 0 when the
 * recogniser saw the characters the layout needs (at most 7.7 nats on the 41 check-valid specimen readings);
 * large when the layout had to invent letters in a line read as fillers or not at all (33-107 nats on the
 * project's widely spaced synthetic cards, whose name lines then decode as LHCLHE<<UHCC).
 */
export function layoutCost(evidence: MrzNameEvidence): number {
  const { lattice } = evidence;
  const any = lattice.tables[classTableIndex('x')]!;
  const size = any.symbols.length;
  let free = 0;
  for (let t = 0; t < lattice.steps; t++) {
    let best = lattice.blank[t]!;
    for (let j = 0; j < size; j++) best = Math.max(best, any.logp[t * size + j]!);
    free += best;
  }
  return Math.max(0, free - evidence.layoutScore);
}

/**
 * The cheapest of `fields` (MRZ name fields such as "PUBLIC<<JON", optionally ending in FREE_TAIL; shorter
 * ones are padded with `<`, longer ones cut as the MRZ truncates), or null when the evidence has no single
 * name field (FRA_ID splits it over two lines) or no candidate fits.
 */
export function rereadMrzName(evidence: MrzNameEvidence, fields: readonly string[]): MrzReread | null {
  const span = mrzFieldSpan(evidence.format, 'name');
  if (!span || evidence.format === 'FRA_ID') return null;
  const { lattice } = evidence;
  const classes = mrzCharClasses(evidence.format)[span.line]!;
  const free = decodeForced(lattice, classes, evidence.text, span, FREE_TAIL);
  if (!free) return null;
  let best: MrzReread | null = null;
  for (const field of fields) {
    const forced = decodeForced(lattice, classes, evidence.text, span, field);
    if (!forced) continue;
    const loss = Math.max(0, free.score - forced.score);
    if (best && loss >= best.loss) continue;
    const spelled = forced.text.slice(span.start, span.end);
    const { surname, givenNames } = splitMrzName(spelled);
    best = { surname: surname ?? '', givenNames: givenNames ?? '', loss, spelled, read: free.text.slice(span.start, span.end) };
  }
  return best;
}

/**
 * The line decoded with the name field spelled as `field` (FREE_TAIL and everything after it left to the
 * recogniser, among letters and `<`) and every other position fixed to `text`.
 */
function decodeForced(
  lattice: TemplateLattice,
  classes: string,
  text: string,
  span: { readonly start: number; readonly end: number },
  field: string,
): { text: string; score: number } | null {
  if (text.length !== classes.length) return null;
  const tail = field.indexOf(FREE_TAIL);
  const spelled = tail < 0 ? field : field.slice(0, tail);
  const tables: SymbolTable[] = [];
  for (let p = 0; p < classes.length; p++) {
    const inName = p >= span.start && p < span.end;
    const i = p - span.start;
    if (inName && tail >= 0 && i >= tail) {
      tables.push(lattice.tables[classTableIndex('a')]!);
      continue;
    }
    const ch = inName ? (spelled.charAt(i) || '<') : text.charAt(p);
    const table = single(lattice, inName ? 'a' : classes.charAt(p), ch);
    if (!table) return null;
    tables.push(table);
  }
  const decoded = decodeTemplate({ ...lattice, tables }, tables.map((_, k) => k));
  return decoded ? { text: decoded.text, score: decoded.score } : null;
}

/** One symbol's scores from a class table: that position may hold only this character. */
function single(lattice: TemplateLattice, cls: string, ch: string): SymbolTable | null {
  const table = lattice.tables[classTableIndex(cls)];
  const j = table ? table.symbols.indexOf(ch) : -1;
  if (!table || j < 0) return null;
  const size = table.symbols.length;
  const logp = new Float32Array(lattice.steps);
  for (let t = 0; t < lattice.steps; t++) logp[t] = table.logp[t * size + j]!;
  return { symbols: ch, logp };
}
