/**
 * CPU time per call of the MRZ reader's two hot paths, the fast versions against their plain references
 * (src/adapters/document/testing/reference-*.ts), and whether each pair gave identical results: decodeTemplate
 * on seeded random lattices at MRZ size (44 positions, 130-200 steps, as the recogniser emits for a TD3 line),
 * and the glyph-cell grid fit, per-font cell fits and per-cell scores on OCR-B rows rendered at 5.4, 8 and 16 px
 * pitch. CPU time (process.cpuUsage), so other load on the machine disturbs it less than wall time.
 * Needs no evaluation data; the glyph part needs the OCR-B font (Debian fonts-ocr-b).
 *
 *   npm run bench:mrz-hot [-- --reps 5]
 */
import { isDeepStrictEqual } from 'node:util';
import { decodeTemplate, type SymbolTable, type TemplateLattice } from '../src/adapters/document/constrained-ctc.js';
import * as fast from '../src/adapters/document/glyph-cells.js';
import { renderOcrBGlyphs } from '../src/adapters/document/ocr-b-glyphs.js';
import { referenceDecodeTemplate } from '../src/adapters/document/testing/reference-constrained-ctc.js';
import * as reference from '../src/adapters/document/testing/reference-glyph-cells.js';
import { renderOcrBRow } from '../src/adapters/document/testing/render-text.js';

const arg = process.argv.indexOf('--reps');
const reps = arg > 0 ? Math.max(1, Number(process.argv[arg + 1])) : 5;

/** CPU milliseconds per call of `run` over `reps` passes, and its result of the first pass. */
function timed<T>(run: () => T): { readonly ms: number; readonly result: T } {
  const result = run();
  const start = process.cpuUsage();
  for (let r = 0; r < reps; r++) run();
  const used = process.cpuUsage(start);
  return { ms: (used.user + used.system) / 1000 / reps, result };
}

function report(name: string, calls: number, plain: { ms: number; result: unknown }, quick: { ms: number; result: unknown }): void {
  const same = isDeepStrictEqual(plain.result, quick.result) ? 'identical' : 'DIFFERENT';
  console.log(
    `${name.padEnd(34)} ${String(calls).padStart(4)} calls  reference ${(plain.ms / calls).toFixed(3).padStart(8)} ms/call  fast ${(quick.ms / calls).toFixed(3).padStart(8)} ms/call  x${(plain.ms / quick.ms).toFixed(1).padStart(5)}  ${same}`,
  );
}

/** mulberry32, so every run draws the same lattices. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABETS = ['ABCDEFGHIJKLMNOPQRSTUVWXYZ<', '0123456789<', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<', '<'];
const next = random(1);
const lattices: { lattice: TemplateLattice; positions: number[] }[] = [];
for (let c = 0; c < 8; c++) {
  const steps = 130 + Math.floor(next() * 70);
  const score = (): number => Math.log(1e-4 + next());
  const tables: SymbolTable[] = ALPHABETS.map((symbols) => ({ symbols, logp: Float32Array.from({ length: steps * symbols.length }, score) }));
  const lattice = { steps, blank: Float32Array.from({ length: steps }, score), tables };
  lattices.push({ lattice, positions: Array.from({ length: 44 }, () => Math.floor(next() * ALPHABETS.length)) });
}
report(
  'decodeTemplate, 44 positions',
  lattices.length,
  timed(() => lattices.map((l) => referenceDecodeTemplate(l.lattice, l.positions))),
  timed(() => lattices.map((l) => decodeTemplate(l.lattice, l.positions))),
);

const sets = await renderOcrBGlyphs();
if (!sets?.[0]) {
  console.log('glyph cells: skipped, the OCR-B font is not installed (apt-get install fonts-ocr-b)');
} else {
  const glyphs = sets[0];
  const text = 'P<UTOMWANGI<<EMMA<WANJIRU<NAOMI<HUGH<<<<<<<<';
  for (const pitch of [5.4, 8, 16]) {
    const { image, rect } = await renderOcrBRow(text, pitch);
    const row = fast.glyphRow(image, rect);
    const grid = fast.fitGlyphGrid(row, text, glyphs);
    if (!grid) throw new Error(`no grid at ${pitch} px`);
    report(`fitGlyphGrid, ${pitch} px pitch`, 1, timed(() => reference.fitGlyphGrid(row, text, glyphs)), timed(() => fast.fitGlyphGrid(row, text, glyphs)));
    report(`cellFits (${sets.length} fonts), ${pitch} px`, 1, timed(() => reference.cellFits(row, grid, text, sets)), timed(() => fast.cellFits(row, grid, text, sets)));
    const cells = [...text].map((_, k) => k);
    report(
      `glyphScores, ${pitch} px`,
      cells.length,
      timed(() => cells.map((k) => reference.glyphScores(row, grid, k, glyphs))),
      timed(() => cells.map((k) => fast.glyphScores(row, grid, k, glyphs))),
    );
  }
}
