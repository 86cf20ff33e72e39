/**
 * Cells of MRZ rows rendered in OCR-B at the pitches of real captures (5.4 px on the smallest specimen photos,
 * 8 and 16 px): the grid lands on the characters, and each cell matches its own template best.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { fitGlyphGrid, glyphRow, glyphScores } from './glyph-cells.js';
import { renderOcrBGlyphs, type GlyphTemplates } from './ocr-b-glyphs.js';
import { renderOcrBRow } from './testing/render-text.js';

const ROW = 'P<UTOMWANGI<<EMMA<WANJIRU<NAOMI<HUGH<<<<<<<<';
const NO_FONT = 'needs the OCR-B font (apt-get install fonts-ocr-b)';

describe('glyph cells of an OCR-B row', () => {
  let glyphs: GlyphTemplates | null = null;
  before(async () => {
    glyphs = (await renderOcrBGlyphs())?.[0] ?? null;
  });

  for (const pitch of [5.4, 8, 16]) {
    it(`at ${pitch} px pitch: the grid fits and every cell reads as printed`, async (t) => {
      if (!glyphs) return t.skip(NO_FONT);
      const { image, rect } = await renderOcrBRow(ROW, pitch);
      const row = glyphRow(image, rect);
      const grid = fitGlyphGrid(row, ROW, glyphs);
      assert.ok(grid && grid.fit > 0.85, `fit ${grid?.fit}`);
      assert.ok(Math.abs(grid.pitch / pitch - 1) < 0.03, `pitch ${grid.pitch}`);
      const misread: string[] = [];
      for (let k = 0; k < ROW.length; k++) {
        const scores = glyphScores(row, grid, k, glyphs);
        assert.ok(scores);
        let top = 0;
        for (let c = 1; c < scores.length; c++) if (scores[c]! > scores[top]!) top = c;
        if (glyphs.chars[top] !== ROW[k]) misread.push(`${k}:${ROW[k]}->${glyphs.chars[top]}`);
      }
      assert.deepEqual(misread, []);
    });
  }

  it('a row in another font fits too poorly to be taken for OCR-B', async (t) => {
    if (!glyphs) return t.skip(NO_FONT);
    const { image, rect } = await renderOcrBRow(ROW, 8, 'DejaVu Serif');
    const grid = fitGlyphGrid(glyphRow(image, rect), ROW, glyphs);
    assert.ok(grid && grid.fit < 0.8, `fit ${grid?.fit}`);
  });

  it('a blank row has no cells to score', async (t) => {
    if (!glyphs) return t.skip(NO_FONT);
    const { image, rect } = await renderOcrBRow(' '.repeat(ROW.length), 8);
    const row = glyphRow(image, rect);
    const grid = fitGlyphGrid(row, ROW, glyphs);
    assert.ok(grid);
    assert.equal(glyphScores(row, grid, 3, glyphs), null);
  });
});
