/**
 * The fast decodeTemplate (constrained-ctc.ts) and glyph-cell sampling (glyph-cells.ts) against their first,
 * plain versions (testing/reference-*.ts): the same decodings, scores, grids and correlations, bit for bit, on
 * seeded random lattices (with ties, one-symbol alphabets and no slack) and on rendered OCR-B rows, level and
 * tilted. Real specimen rows are compared by bench:documents' unchanged figures.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { decodeTemplate, type SymbolTable, type TemplateLattice } from './constrained-ctc.js';
import { cellFits, fitAt, fitGlyphGrid, glyphRow, glyphScores } from './glyph-cells.js';
import { renderOcrBGlyphs, type GlyphTemplates } from './ocr-b-glyphs.js';
import { referenceDecodeTemplate } from './testing/reference-constrained-ctc.js';
import * as reference from './testing/reference-glyph-cells.js';
import { renderOcrBRow } from './testing/render-text.js';
import { seededRandom as random } from '../../testing/idsim.js';

const ALPHABETS = ['ABC<', 'AB', '0123456789', '<', 'A', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ<'];

function randomLattice(next: () => number, steps: number, quantised: boolean): TemplateLattice {
  const score = (): number => (quantised ? Math.log([0.05, 0.2, 0.5, 0.9][Math.floor(next() * 4)]!) : Math.log(1e-4 + next()));
  const blank = Float32Array.from({ length: steps }, score);
  const tables: SymbolTable[] = ALPHABETS.map((symbols) => ({ symbols, logp: Float32Array.from({ length: steps * symbols.length }, score) }));
  return { steps, blank, tables };
}

describe('decodeTemplate against the reference', () => {
  it('gives the same decoding, score and alternatives on 300 seeded lattices', () => {
    const next = random(13);
    for (let c = 0; c < 300; c++) {
      const L = 1 + Math.floor(next() * 12);
      // From no slack at all (one step per character) to three steps per character.
      const T = L + Math.floor(next() * (2 * L + 3));
      const lattice = randomLattice(next, T, c % 2 === 0);
      const positions = Array.from({ length: L }, () => Math.floor(next() * ALPHABETS.length));
      assert.deepStrictEqual(decodeTemplate(lattice, positions), referenceDecodeTemplate(lattice, positions), `case ${c}: T ${T}, positions ${positions.join(',')}`);
    }
  });

  it('at MRZ size (44 positions, 130 steps)', () => {
    const next = random(44);
    const lattice = randomLattice(next, 130, false);
    const positions = Array.from({ length: 44 }, (_, k) => [0, 2, 5][k % 3]!);
    const decoded = decodeTemplate(lattice, positions);
    assert.ok(decoded);
    assert.deepStrictEqual(decoded, referenceDecodeTemplate(lattice, positions));
  });
});

const ROW = 'P<UTOMWANGI<<EMMA<WANJIRU<NAOMI<HUGH<<<<<<<<';

describe('glyph cells against the reference', () => {
  let sets: readonly GlyphTemplates[] | null = null;
  before(async () => {
    sets = await renderOcrBGlyphs();
  });

  for (const [pitch, tilt] of [[5.4, 0], [8, 0], [8, 0.03]] as const) {
    it(`at ${pitch} px pitch, tilted ${tilt} rad: the same grid, fits and cell scores`, async (t) => {
      if (!sets?.[0]) return t.skip('needs the OCR-B font (apt-get install fonts-ocr-b)');
      const glyphs = sets[0];
      const { image, rect } = await renderOcrBRow(ROW, pitch);
      const row = glyphRow(image, { ...rect, angle: rect.angle + tilt });
      const grid = fitGlyphGrid(row, ROW, glyphs);
      assert.ok(grid);
      assert.deepStrictEqual(grid, reference.fitGlyphGrid(row, ROW, glyphs));
      const shifted = { ...grid, start: grid.start + 0.37 * grid.pitch };
      assert.equal(fitAt(row, shifted, ROW, glyphs), reference.fitAt(row, shifted, ROW, glyphs));
      assert.deepStrictEqual(cellFits(row, grid, ROW, sets), reference.cellFits(row, grid, ROW, sets));
      for (let k = 0; k < ROW.length; k++) assert.deepStrictEqual(glyphScores(row, grid, k, glyphs), reference.glyphScores(row, grid, k, glyphs), `cell ${k}`);
    });
  }
});
