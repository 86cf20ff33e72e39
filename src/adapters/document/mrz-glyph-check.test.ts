/**
 * correctMrzName on synthetic recogniser output over a name line rendered in OCR-B: a cell is corrected only
 * to M, W or `<`, only where its template says so, and only when the recogniser had the correction as a close
 * second choice.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { decodeMrzRows } from './mrz-lattice.js';
import { correctMrzName, GlyphPage } from './mrz-glyph-check.js';
import { nameEvidenceOf, type MrzNameEvidence } from './mrz-name-evidence.js';
import { renderOcrBGlyphs, type GlyphSet } from './ocr-b-glyphs.js';
import { renderOcrBRow, type OcrBRow } from './testing/render-text.js';
import { glyphsOf, misread, rowOf, type Glyph } from './testing/synthetic-lattice.js';

const TD1 = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6'] as const;
const NAME = 'MWANGI<<EMMA<<<<<<<<<<<<<<<<<<';
const NO_FONT = 'needs the OCR-B font (apt-get install fonts-ocr-b)';

/** The name line's evidence when the recogniser saw `glyphs` on the row drawn in `row`. */
function evidenceOf(glyphs: readonly Glyph[], row: OcrBRow | null): MrzNameEvidence {
  const rows = [rowOf(glyphsOf(TD1[0])), rowOf(glyphsOf(TD1[1])), row ? { ...rowOf(glyphs), rect: row.rect } : rowOf(glyphs)];
  const decoding = decodeMrzRows(rows, { today: new Date('2026-01-01T00:00:00Z') });
  assert.ok(decoding);
  const found = nameEvidenceOf(decoding);
  assert.ok(found);
  return found;
}

function edited(text: string, ...edits: ((g: Glyph[]) => void)[]): Glyph[] {
  const g = glyphsOf(text);
  for (const edit of edits) edit(g);
  return g;
}

describe('correctMrzName', () => {
  let glyphs: GlyphSet | null = null;
  let printed: OcrBRow;
  before(async () => {
    glyphs = await renderOcrBGlyphs();
    printed = await renderOcrBRow(NAME, 6);
  });

  it('corrects N to M and V to W where the recogniser had them second', (t) => {
    if (!glyphs) return t.skip(NO_FONT);
    const evidence = evidenceOf(edited(NAME, misread(0, 'N'), misread(1, 'V')), printed);
    assert.equal(evidence.text, 'NVANGI<<EMMA<<<<<<<<<<<<<<<<<<');
    const found = correctMrzName(evidence, new GlyphPage(printed.image, glyphs));
    assert.ok(found);
    assert.equal(found.text, NAME);
    assert.deepEqual(found.corrections, [
      { line: 2, position: 0, read: 'N', corrected: 'M' },
      { line: 2, position: 1, read: 'V', corrected: 'W' },
    ]);
  });

  it('corrects a letter to the filler between surname and given names', (t) => {
    if (!glyphs) return t.skip(NO_FONT);
    const evidence = evidenceOf(edited(NAME, misread(7, 'C')), printed);
    assert.equal(evidence.text, 'MWANGI<CEMMA<<<<<<<<<<<<<<<<<<');
    assert.equal(correctMrzName(evidence, new GlyphPage(printed.image, glyphs))?.text, NAME);
  });

  it('leaves a printed N alone, though the recogniser had M second', async (t) => {
    if (!glyphs) return t.skip(NO_FONT);
    const line = 'NWANGI<<EMMA<<<<<<<<<<<<<<<<<<';
    const row = await renderOcrBRow(line, 6);
    const evidence = evidenceOf(edited(line, misread(0, 'N', 0.55, 0.4)), row);
    assert.equal(evidence.text, line);
    assert.equal(correctMrzName(evidence, new GlyphPage(row.image, glyphs)), null);
  });

  it('leaves a letter alone when the recogniser never considered the glyph', (t) => {
    if (!glyphs) return t.skip(NO_FONT);
    const sure = (g: Glyph[]): void => {
      g[0] = { char: 'N', p: 0.9, second: 'R', q: 0.05 };
    };
    const evidence = evidenceOf(edited(NAME, sure), printed);
    assert.equal(evidence.text.charAt(0), 'N');
    assert.equal(correctMrzName(evidence, new GlyphPage(printed.image, glyphs)), null);
  });

  it('does nothing on a row in another font, or without the row\'s rectangle', async (t) => {
    if (!glyphs) return t.skip(NO_FONT);
    const serif = await renderOcrBRow(NAME, 6, 'DejaVu Serif');
    assert.equal(correctMrzName(evidenceOf(edited(NAME, misread(0, 'N')), serif), new GlyphPage(serif.image, glyphs)), null);
    assert.equal(correctMrzName(evidenceOf(edited(NAME, misread(0, 'N')), null), new GlyphPage(printed.image, glyphs)), null);
  });
});
