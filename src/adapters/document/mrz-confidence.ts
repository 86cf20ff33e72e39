/**
 * Per-field recogniser confidence of an MRZ decoded under its layout (issue 15, item 6). For each position the
 * max-marginals of the constrained decoding (constrained-ctc.ts) say how much worse the best path with the
 * runner-up character there scores than the best path with the character reported; the position's confidence
 * is the two-way softmax of that margin, and a field's is its least confident position. A character the
 * reader put in after decoding (a check-digit repair, a glyph correction) has a negative margin and so a
 * confidence under 0.5.
 */
import { mrzFieldSpan, type MrzFormat } from '../../domain/mrz.js';
import type { MrzFieldConfidence } from '../../domain/mrz.types.js';
import type { Alternative } from './constrained-ctc.js';

/** The fields confidence is reported for, as `mrzFieldSpan` names them. */
const FIELDS = ['documentCode', 'issuingState', 'documentNumber', 'birthDate', 'sex', 'expirationDate', 'nationality', 'name', 'givenNames'] as const;

/** Confidence (0..1) that `char` is right, given the position's alternatives from the decoding. */
export function positionConfidence(alternatives: readonly Alternative[] | undefined, char: string): number {
  if (!alternatives || alternatives.length === 0) return 0;
  const own = alternatives.find((a) => a.char === char)?.loss;
  if (own === undefined) return 0;
  const rival = alternatives.reduce((best, a) => (a.char !== char && a.loss < best ? a.loss : best), Infinity);
  if (rival === Infinity) return 1;
  return 1 / (1 + Math.exp(own - rival));
}

/**
 * Each field's confidence in the reported `lines`, from each line's per-position alternatives (the decoding's
 * lines, top to bottom, as long as `lines`). Fields the format does not have are left out.
 */
export function fieldConfidence(format: MrzFormat, lines: readonly string[], alternatives: readonly (readonly (readonly Alternative[])[])[]): MrzFieldConfidence {
  const out: Record<string, number> = {};
  for (const field of FIELDS) {
    const span = mrzFieldSpan(format, field);
    if (!span) continue;
    const text = lines[span.line] ?? '';
    let least = 1;
    for (let i = span.start; i < span.end; i++) least = Math.min(least, positionConfidence(alternatives[span.line]?.[i], text.charAt(i)));
    out[field === 'name' ? 'names' : field] = Math.round(least * 1000) / 1000;
  }
  if (out.givenNames !== undefined) {
    // The French card: surname on line 1, given names on line 2; report both under `names`.
    out.names = Math.min(out.names ?? 1, out.givenNames);
    delete out.givenNames;
  }
  return out as MrzFieldConfidence;
}

/**
 * The least confidence of the letters in the name field(s) of `lines` (fillers left out; FRA_ID has two name
 * fields), skipping the positions in `skip` ("line:position": characters the glyph check set from other
 * evidence); 1 when no letter is left. No check digit covers a name, so a letter the recogniser found about as
 * likely as another (N against Z, C against O on a reader-device scan) is a coin flip a check-valid reading
 * would otherwise report as read. Two letters both in `judged` (the glyph check's M, N, H, W, V) are not
 * weighed against each other here: their glyphs settle them (mrz-glyph-check.ts).
 */
export function nameLetterConfidence(
  format: MrzFormat,
  lines: readonly string[],
  alternatives: readonly (readonly (readonly Alternative[])[])[],
  skip: ReadonlySet<string> = new Set(),
  judged = '',
): number {
  let least = 1;
  for (const field of ['name', 'givenNames']) {
    const span = mrzFieldSpan(format, field);
    if (!span) continue;
    const text = lines[span.line] ?? '';
    for (let i = span.start; i < span.end; i++) {
      const ch = text.charAt(i);
      if (ch < 'A' || ch > 'Z' || skip.has(`${span.line}:${i}`)) continue;
      const options = alternatives[span.line]?.[i];
      const weighed = judged.includes(ch) ? options?.filter((a) => a.char === ch || !judged.includes(a.char)) : options;
      least = Math.min(least, positionConfidence(weighed, ch));
    }
  }
  return least;
}
