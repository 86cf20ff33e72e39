/**
 * Synthetic recogniser output for the MRZ decoders' tests: rows of per-step probabilities built from text as
 * a recogniser would see it (two steps per character, then a blank step), with injected misreadings.
 */
import { MRZ_SOURCE_CHARS, type RowLattice } from '../mrz-lattice.js';

export const WIDTH = 1 + MRZ_SOURCE_CHARS.length;

/** What the recogniser sees for one printed character. */
export interface Glyph {
  /** The source character it prefers ('' for the blank). */
  readonly char: string;
  /** Its probability at each of the glyph's steps (default 0.9). */
  readonly p?: number;
  /** A runner-up source character and its probability. */
  readonly second?: string;
  readonly q?: number;
  /** Steps of the character (default 2). */
  readonly steps?: number;
  /** Probability of the blank step that follows; null for no blank step (default 0.9). */
  readonly blank?: number | null;
}

export function column(c: string): number {
  if (c === '') return 0;
  const i = MRZ_SOURCE_CHARS.indexOf(c);
  if (i < 0) throw new Error(`not a source character: ${c}`);
  return i + 1;
}

/** One step: the given columns at their probabilities, the rest of the mass spread evenly over the others. */
function pushStep(out: number[], top: readonly (readonly [string, number])[]): void {
  const used = top.map(([c]) => column(c));
  const rest = (1 - top.reduce((sum, [, p]) => sum + p, 0)) / (WIDTH - used.length);
  const row = Array.from({ length: WIDTH }, (_, c) => (used.includes(c) ? 0 : rest));
  for (const [c, p] of top) row[column(c)] = p;
  out.push(...row);
}

export function rowOf(glyphs: readonly Glyph[]): RowLattice {
  const out: number[] = [];
  for (const g of glyphs) {
    const top: [string, number][] = [[g.char, g.p ?? 0.9]];
    if (g.second !== undefined) top.push([g.second, g.q ?? 0.35]);
    for (let s = 0; s < (g.steps ?? 2); s++) pushStep(out, top);
    if (g.blank !== null) pushStep(out, [['', g.blank ?? 0.9]]);
  }
  return { steps: out.length / WIDTH, probs: Float32Array.from(out) };
}

export const glyphsOf = (text: string): Glyph[] => [...text].map((char) => ({ char }));

/** The glyphs of `text` with `edit` applied to a copy. */
export function withEdit(text: string, edit: (g: Glyph[]) => void): Glyph[] {
  const g = glyphsOf(text);
  edit(g);
  return g;
}

/** Recogniser prefers `as` at `at`, the printed character being the runner-up. */
export const misread = (at: number, as: string, p = 0.55, q = 0.4) => (g: Glyph[]): void => {
  g[at] = { char: as, p, second: g[at]!.char, q };
};

