/**
 * The MRZ checked against the OCR-B glyphs printed on its rows (ocr-b-glyphs.ts, glyph-cells.ts), where the
 * recogniser fails on small rows and no check digit helps:
 * - `correctMrzName`: letters of the name field. No check digit covers the name, so a misread letter there
 *   (NABROUK for MABROUK, KINGDOH for KINGDOM on 5.4-px rows) would otherwise stand. The recogniser confuses
 *   the widest glyphs with narrower ones on small rows (M read as N or H, W as V, a filler as C or S); a
 *   template separates them, but confuses other pairs (O with D or Q, H with R) that the recogniser gets
 *   right. So a cell is corrected only to M, W or `<`, only when that template matches the cell best of all,
 *   and only when the recogniser finds the correction nearly as likely as what it read (maxLoss).
 * - `glyphFitOf`: how well a decoding matches the rows (judges 2x36 against 2x44 in mrz-lattice.ts).
 * - `fillersByGlyphs`: fillers outside the name read as letters or digits, set back before the check digits
 *   are verified again.
 * - `stateCodesByGlyphs`: state codes that are no known code.
 */
import { ICAO_STATE_CODES } from '../../domain/icao-codes.js';
import { mrzFieldSpan, parseMrzLines } from '../../domain/mrz.js';
import type { MrzFont, MrzNameCorrection, MrzReading } from '../../domain/mrz.types.js';
import type { RgbImage } from '../image/rgb-image.js';
import type { RotatedRect } from './geometry.js';
import { cellFits, fitAt, fitGlyphGrid, glyphRow, glyphScores, type GlyphGrid, type GlyphRow } from './glyph-cells.js';
import type { FontGlyphs } from './other-font-glyphs.js';
import { rereadMrzName, type MrzNameEvidence } from './mrz-name-evidence.js';
import { codeCost, STATE_FIELDS, type MrzDecoding } from './mrz-lattice.js';
import type { GlyphSet, GlyphTemplates } from './ocr-b-glyphs.js';

/** The only characters a cell may be corrected to: the glyphs the recogniser reads as narrower ones. */
const CORRECTED_TO = 'MW<';
/**
 * Most log-score (nats) a correction may cost the recogniser, against the line as read. The 6 corrections on
 * the specimens cost 0.3-2.8; of the other template choices on good rows only one cost under 3.7 (2.7, O as
 * D, which CORRECTED_TO excludes).
 */
const MAX_CORRECTION_LOSS = 3;
/**
 * A filler may cost the recogniser more (MAX_FILLER_LOSS): its glyph, a small chevron, is the easiest to tell
 * from every letter, and a blurred row reads fillers as C (HAMMOND<CVIVIANCMAE on synthetic 6-px rows blurred
 * by 0.8 px, where the filler cost 3-6 nats).
 */
function maxLoss(glyph: string): number {
  return glyph === '<' ? MAX_FILLER_LOSS : MAX_CORRECTION_LOSS;
}

/**
 * Least grid fit (mean correlation of the row's cells with the templates of what was read) for the row to be
 * taken as OCR-B: 0.82-0.97 on specimen rows in OCR-B, under 0.7 on rows in other fonts or under a
 * watermark.
 */
const MIN_GRID_FIT = 0.8;

/**
 * The glyph evidence of one page: its rows' luminance and grids, kept while the page is read (a row is decoded
 * many times, at several squeezes, and its grid does not move). Not shared between pages or requests.
 */
export class GlyphPage {
  private readonly rows = new Map<RotatedRect, { row: GlyphRow; grids: Map<number, GlyphGrid> }>();

  constructor(
    private readonly image: RgbImage,
    private readonly glyphs: GlyphSet,
    /** Office fonts the zone is compared with (other-font-glyphs.ts); none leaves the font unjudged. */
    private readonly others: readonly FontGlyphs[] = [],
  ) {}

  /** The row of `rect` and its grid for `text` (fit = how well `text` matches it), or null. */
  gridFor(rect: RotatedRect, text: string): { row: GlyphRow; grid: GlyphGrid } | null {
    let entry = this.rows.get(rect);
    if (!entry) {
      entry = { row: glyphRow(this.image, rect), grids: new Map() };
      this.rows.set(rect, entry);
    }
    const known = entry.grids.get(text.length);
    if (known) {
      // The same cells under another reading: refit only when this reading matches them much worse.
      const fit = fitAt(entry.row, known, text, this.glyphs[0]);
      if (fit >= known.fit - REFIT_DROP) return { row: entry.row, grid: { ...known, fit } };
    }
    const grid = fitGlyphGrid(entry.row, text, this.glyphs[0]);
    if (!grid) return null;
    if (!known || grid.fit > known.fit) entry.grids.set(text.length, grid);
    return { row: entry.row, grid };
  }

  /**
   * How well `text` on the row of `rect` is OCR-B, and how well each office font family: each the mean cell
   * correlation under that font's best variant and blur. Null when the row cannot be gridded or there is no
   * font to compare with.
   */
  fontFit(rect: RotatedRect, text: string): { ocrB: number; others: Map<string, number>; pitch: number } | null {
    const found = this.gridFor(rect, text);
    if (!found || this.others.length === 0) return null;
    const fonts = [{ family: 'OCR B', set: this.glyphs }, ...this.others];
    const fits = cellFits(found.row, found.grid, text, fonts.flatMap((f) => [...f.set]));
    let offset = 0;
    const perFont = fonts.map((f) => {
      const best = Math.max(...fits.slice(offset, offset + f.set.length));
      offset += f.set.length;
      return { family: f.family, fit: best };
    });
    const others = new Map<string, number>();
    for (const { family, fit } of perFont.slice(1)) others.set(family, Math.max(others.get(family) ?? -1, fit));
    return { ocrB: perFont[0]!.fit, others, pitch: found.grid.pitch };
  }

  /**
   * The row and grid of `rect` for `text`, with the templates blurred as the row is (those it fits best under
   * the grid), when the row fits OCR-B (MIN_GRID_FIT); else null.
   */
  ocrB(rect: RotatedRect, text: string): { row: GlyphRow; grid: GlyphGrid; templates: GlyphTemplates } | null {
    const found = this.gridFor(rect, text);
    if (!found || found.grid.fit < MIN_GRID_FIT) return null;
    const { row, grid } = found;
    let templates = this.glyphs[0];
    let best = grid.fit;
    for (const other of this.glyphs.slice(1)) {
      const fit = fitAt(row, grid, text, other);
      if (fit > best) [templates, best] = [other, fit];
    }
    return { row, grid, templates };
  }
}

/**
 * How well an MRZ as read is printed in OCR-B on its rows, against the office font closest to it (means over the
 * lines), and the narrowest row's character pitch in image pixels (how far the comparison can be trusted); null
 * when a row's rectangle is unknown or a row cannot be gridded.
 */
export function mrzFontOf(page: GlyphPage, lines: readonly string[], rects: readonly (RotatedRect | undefined)[]): MrzFont | null {
  let ocrB = 0;
  const other = new Map<string, number>();
  let pitch = Infinity;
  for (const [i, line] of lines.entries()) {
    const rect = rects[i];
    const found = rect ? page.fontFit(rect, line) : null;
    if (!found) return null;
    ocrB += found.ocrB / lines.length;
    for (const [family, fit] of found.others) other.set(family, (other.get(family) ?? 0) + fit / lines.length);
    pitch = Math.min(pitch, found.pitch);
  }
  if (lines.length === 0) return null;
  // Each family is averaged over every row, so a zone is compared with one font throughout.
  const [closestFont, otherFit] = [...other].reduce((a, b) => (b[1] > a[1] ? b : a));
  return { ocrBFit: ocrB, otherFit: otherFit, closestOtherFont: closestFont, pitchPx: pitch };
}

/** A reading that matches a row's known grid this much worse than the reading it was fitted to is refitted. */
const REFIT_DROP = 0.05;

/**
 * How well the lines of a decoding match the OCR-B glyphs printed on their rows: the mean grid fit over the
 * lines, or null when a row's rectangle is unknown. A decoding of the wrong length (36 characters read from a
 * row of 44) misplaces every cell after the first slip and fits far worse.
 */
export function glyphFitOf(page: GlyphPage, lines: readonly string[], rects: readonly (RotatedRect | undefined)[]): number | null {
  let sum = 0;
  for (const [i, line] of lines.entries()) {
    const rect = rects[i];
    if (!rect) return null;
    sum += page.gridFor(rect, line)?.grid.fit ?? -1;
  }
  return lines.length ? sum / lines.length : null;
}

/** The name field corrected, or null when nothing is (no rectangle, no font, not OCR-B, nothing to correct). */
export function correctMrzName(
  evidence: MrzNameEvidence,
  page: GlyphPage,
): { readonly text: string; readonly corrections: readonly MrzNameCorrection[] } | null {
  const span = mrzFieldSpan(evidence.format, 'name');
  const rect = evidence.rect;
  if (!span || !rect || evidence.format === 'FRA_ID') return null;
  // Cells where the recogniser itself found M, W or `<` close: a correction costs at least that much (the
  // alternatives let every other position change too), so no other cell can pass. Most rows have none.
  const open: number[] = [];
  for (let p = span.start; p < span.end; p++) {
    const read = evidence.text.charAt(p);
    const close = evidence.alternatives[p]?.some((a) => a.char !== read && CORRECTED_TO.includes(a.char) && a.loss <= maxLoss(a.char));
    if (close) open.push(p - span.start);
  }
  if (open.length === 0) return null;
  const found = page.ocrB(rect, evidence.text);
  if (!found) return null;
  const { row, grid, templates } = found;
  const field = evidence.text.slice(span.start, span.end);
  // What the line as read scores, decoded only once a cell asks for a correction (most rows have none).
  let asRead: number | null | undefined;
  const corrections: MrzNameCorrection[] = [];
  let corrected = field;
  for (const i of open) {
    const read = field.charAt(i);
    const scores = glyphScores(row, grid, span.start + i, templates);
    if (!scores) continue;
    let top = 0;
    for (let t = 1; t < scores.length; t++) if (scores[t]! > scores[top]!) top = t;
    const glyph = templates.chars.charAt(top);
    if (glyph === read || !CORRECTED_TO.includes(glyph)) continue;
    if (asRead === undefined) asRead = rereadMrzName(evidence, [field])?.loss ?? null;
    const trial = asRead === null ? null : rereadMrzName(evidence, [field.slice(0, i) + glyph + field.slice(i + 1)]);
    const loss = trial && asRead !== null ? trial.loss - asRead : Infinity;
    if (loss > maxLoss(glyph)) continue;
    corrections.push({ line: span.line, position: span.start + i, read, corrected: glyph });
    corrected = corrected.slice(0, i) + glyph + corrected.slice(i + 1);
  }
  if (corrections.length === 0) return null;
  const text = evidence.text.slice(0, span.start) + corrected + evidence.text.slice(span.end);
  return { text, corrections };
}

/**
 * How much better (summed correlation over the field) the best known code must match the cells than the field
 * as read, and than the next known code to be taken on the glyphs alone. UTO read as 010 on the synthetic
 * 5.4-px rows: UTO 2.81, as read 2.55 (O and 0 look alike in OCR-B), next code UZB 2.56. GBR read as 689 on
 * pe_pass-gbr: GBR 2.87, GBN 2.81, GBP 2.78, settled by the recogniser (R 3.3 nats, N 6.7, P 6.5).
 */
const MIN_CODE_GAIN = 0.15;
const MIN_CODE_MARGIN = 0.1;
/** How much cheaper (nats) for the recogniser one of the codes the glyphs cannot separate must be. */
const CODE_COST_MARGIN = 1.5;

/**
 * The reading with each state code that is no known code (UTO read as 010 on 5.4-px rows, where the recogniser
 * saw no letter there) replaced by the known code whose glyphs match its cells clearly best; null when none
 * is. Needs the rows' rectangles and rows that fit OCR-B.
 */
export function stateCodesByGlyphs(page: GlyphPage, decoding: MrzDecoding): MrzReading | null {
  const { reading } = decoding;
  const lines = [...reading.lines];
  let changed = false;
  for (const field of STATE_FIELDS) {
    const span = mrzFieldSpan(reading.format, field);
    const rect = span ? decoding.rects[span.line] : undefined;
    const line = span ? lines[span.line] : undefined;
    if (!span || !rect || line === undefined || ICAO_STATE_CODES.has(line.slice(span.start, span.end))) continue;
    const found = page.ocrB(rect, line);
    if (!found) continue;
    const { row, grid, templates } = found;
    const cells: Float32Array[] = [];
    for (let p = span.start; p < span.end; p++) {
      const scores = glyphScores(row, grid, p, templates);
      if (scores) cells.push(scores);
    }
    if (cells.length !== span.end - span.start) continue;
    const score = (code: string): number => [...code].reduce((sum, ch, i) => sum + (cells[i]![templates.chars.indexOf(ch)] ?? -1), 0);
    const ranked = [...ICAO_STATE_CODES].filter((c) => c.length === cells.length).map((code) => ({ code, score: score(code) })).sort((a, b) => b.score - a.score);
    const best = ranked[0];
    if (!best || best.score - score(line.slice(span.start, span.end)) < MIN_CODE_GAIN) continue;
    // Codes the glyphs cannot tell apart (GBR, GBN, GBP on a 5.4-px row) are settled by the recogniser's own
    // second choices there, when one is clearly the cheapest.
    const close = ranked.filter((r) => best.score - r.score < MIN_CODE_MARGIN);
    const alternatives = decoding.lines[span.line]?.alternatives.slice(span.start, span.end) ?? [];
    const byCost = close.map((r) => ({ code: r.code, cost: codeCost(alternatives, r.code) })).sort((a, b) => a.cost - b.cost);
    const chosen = byCost.length === 1 ? byCost[0] : byCost[0] && byCost[0].cost + CODE_COST_MARGIN <= byCost[1]!.cost ? byCost[0] : undefined;
    if (!chosen) continue;
    lines[span.line] = line.slice(0, span.start) + chosen.code + line.slice(span.end);
    changed = true;
  }
  if (!changed) return null;
  const parsed = parseMrzLines(reading.format, lines);
  // No check digit covers a state code: a correction must leave every check as it was. (It may make the zone
  // well formed, mrz-form.ts: that is what reading the code right is for.)
  const digitsVerify = (m: MrzReading): boolean => m.checks.every((c) => c.valid);
  return parsed && digitsVerify(parsed) === digitsVerify(reading) ? parsed : null;
}

/**
 * How much better the filler's template must match a cell than the character read there, and how close a
 * second choice the filler must have been for the recogniser (nats), for a cell outside the name to be read
 * as a filler. On synthetic 6-px rows blurred by 0.8 px the recogniser reads empty personal-number fields as
 * 4s and 6s, and check-digit repair then finds digits that pass (5 of 32 zones check-valid and wrong).
 */
const MIN_FILLER_GAIN = 0.06;
const MAX_FILLER_LOSS = 6;

/**
 * The reading with every cell outside the name field that its glyph clearly shows as a filler, but that was
 * read as a letter or digit, set back to `<`, and its check digits verified again; null when no cell is.
 * A check-valid reading whose fillers were read as digits can thus lose its validity: the check digits
 * passed on characters the page does not show.
 */
export function fillersByGlyphs(page: GlyphPage, decoding: MrzDecoding): MrzReading | null {
  const { reading } = decoding;
  const name = mrzFieldSpan(reading.format, 'name');
  const lines = [...reading.lines];
  let changed = false;
  for (const [index, line] of reading.lines.entries()) {
    const rect = decoding.rects[index];
    const alternatives = decoding.lines[index]?.alternatives;
    if (!rect || !alternatives) continue;
    const inName = (p: number): boolean => !!name && name.line === index && p >= name.start && p < name.end;
    const open: number[] = [];
    for (let p = 0; p < line.length; p++) {
      if (line.charAt(p) === '<' || inName(p)) continue;
      if (alternatives[p]?.some((a) => a.char === '<' && a.loss <= MAX_FILLER_LOSS)) open.push(p);
    }
    if (open.length === 0) continue;
    const found = page.ocrB(rect, line);
    if (!found) continue;
    const { row, grid, templates } = found;
    const filler = templates.chars.indexOf('<');
    const chars = [...line];
    for (const p of open) {
      const scores = glyphScores(row, grid, p, templates);
      const read = scores ? scores[templates.chars.indexOf(line.charAt(p))] : undefined;
      if (!scores || read === undefined || Math.max(...scores) !== scores[filler] || scores[filler]! - read < MIN_FILLER_GAIN) continue;
      chars[p] = '<';
      changed = true;
    }
    lines[index] = chars.join('');
  }
  return changed ? parseMrzLines(reading.format, lines) : null;
}
