/** The OCR-B templates: one per MRZ character, normalised, distinct; none when the font is missing. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { GLYPH_CHARS, GLYPH_SIZE, loadOcrBGlyphs, normaliseCell, renderOcrBCells, renderOcrBGlyphs, shippedOcrBCells, type GlyphTemplates } from './ocr-b-glyphs.js';

describe('shipped OCR-B glyphs', () => {
  it('load without any font, hash-checked, at every blur', () => {
    const set = loadOcrBGlyphs();
    assert.ok(set.length >= 2 && set.every((g) => g.chars === GLYPH_CHARS && g.cells.length === GLYPH_CHARS.length * GLYPH_SIZE));
  });

  it('are what the system font renders (npm run make:ocr-b-glyphs writes them)', async (t) => {
    const rendered = await renderOcrBCells();
    if (!rendered) return t.skip('needs the OCR-B font (apt-get install fonts-ocr-b)');
    const shipped = shippedOcrBCells();
    let worst = 0;
    for (let i = 0; i < shipped.length; i++) worst = Math.max(worst, Math.abs(shipped[i]! - rendered[i]!));
    // The renderer's antialiasing may differ by a grey level or two between library builds, never by a glyph.
    assert.ok(worst <= 8, `largest sample difference ${worst}`);
  });
});

describe('renderOcrBGlyphs', () => {
  let glyphs: GlyphTemplates | null = null;
  before(async () => {
    glyphs = (await renderOcrBGlyphs())?.[0] ?? null;
  });

  it('renders one zero-mean, unit-norm template per MRZ character when OCR-B is installed', (t) => {
    if (!glyphs) return t.skip('needs the OCR-B font (apt-get install fonts-ocr-b)');
    assert.equal(glyphs.chars, GLYPH_CHARS);
    assert.equal(glyphs.cells.length, GLYPH_CHARS.length * GLYPH_SIZE);
    for (let k = 0; k < GLYPH_CHARS.length; k++) {
      const cell = glyphs.cells.subarray(k * GLYPH_SIZE, (k + 1) * GLYPH_SIZE);
      const mean = cell.reduce((a, b) => a + b, 0) / GLYPH_SIZE;
      const norm = Math.sqrt(cell.reduce((a, b) => a + b * b, 0));
      assert.ok(Math.abs(mean) < 1e-4 && Math.abs(norm - 1) < 1e-4, `${GLYPH_CHARS[k]}: mean ${mean}, norm ${norm}`);
    }
  });

  it('keeps the glyphs the recogniser confuses apart (M from N and H, W from V)', (t) => {
    if (!glyphs) return t.skip('needs the OCR-B font (apt-get install fonts-ocr-b)');
    const g = glyphs;
    const correlation = (a: string, b: string): number => {
      const i = g.chars.indexOf(a) * GLYPH_SIZE;
      const j = g.chars.indexOf(b) * GLYPH_SIZE;
      let sum = 0;
      for (let k = 0; k < GLYPH_SIZE; k++) sum += g.cells[i + k]! * g.cells[j + k]!;
      return sum;
    };
    for (const [a, b] of [['M', 'N'], ['M', 'H'], ['W', 'V'], ['<', 'C']] as const) {
      assert.ok(correlation(a, b) < 0.95, `${a}/${b}: ${correlation(a, b)}`);
    }
  });

  it('draws the same glyphs at each blur, sharpest first', async (t) => {
    const set = await renderOcrBGlyphs();
    if (!set) return t.skip('needs the OCR-B font (apt-get install fonts-ocr-b)');
    assert.deepEqual(set.map((g) => g.blur), [...set.map((g) => g.blur)].sort((a, b) => a - b));
    assert.ok(set.length >= 2 && set.every((g) => g.chars === GLYPH_CHARS));
  });

  it('is null for a font family the system lacks (the renderer would draw another)', async () => {
    assert.equal(await renderOcrBGlyphs('identity-check-missing-family'), null);
  });
});

describe('normaliseCell', () => {
  const table: readonly { name: string; cell: number[]; ok: boolean }[] = [
    { name: 'a ramp', cell: [0, 1, 2, 3], ok: true },
    { name: 'a flat cell', cell: [7, 7, 7, 7], ok: false },
    { name: 'a single dark sample', cell: [200, 200, 10, 200], ok: true },
  ];
  for (const row of table) {
    it(`${row.name} -> ${row.ok ? 'zero mean, unit norm' : 'false'}`, () => {
      const cell = Float32Array.from(row.cell);
      assert.equal(normaliseCell(cell), row.ok);
      if (!row.ok) return;
      assert.ok(Math.abs(cell.reduce((a, b) => a + b, 0)) < 1e-5);
      assert.ok(Math.abs(cell.reduce((a, b) => a + b * b, 0) - 1) < 1e-5);
    });
  }

  it('gives, to the bit, what the plain two-pass form over the stored floats gives', () => {
    const plain = (cell: Float32Array): boolean => {
      let mean = 0;
      for (const v of cell) mean += v;
      mean /= cell.length;
      let norm = 0;
      for (let i = 0; i < cell.length; i++) {
        cell[i] = cell[i]! - mean;
        norm += cell[i]! * cell[i]!;
      }
      if (norm < 1e-6) return false;
      const scale = 1 / Math.sqrt(norm);
      for (let i = 0; i < cell.length; i++) cell[i] = cell[i]! * scale;
      return true;
    };
    for (let seed = 0; seed < 50; seed++) {
      const values = Float32Array.from({ length: GLYPH_SIZE }, (_, i) => 128 + 120 * Math.sin(i * 0.37 + seed * 1.3) ** (seed % 3 + 1));
      const fast = values.slice();
      const reference = values.slice();
      assert.equal(normaliseCell(fast), plain(reference));
      assert.deepEqual(fast, reference);
    }
  });
});
