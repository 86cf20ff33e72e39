/**
 * Test oracle: the glyph-cell functions as first written, one state and one sample point at a time, before the hot paths were
 * made cheaper (../glyph-cells.ts). The fast version must give the same results bit for bit;
 * ../reference-equality.test.ts compares the two. Not used outside tests.
 */
import type { RgbImage } from '../../image/rgb-image.js';
import type { RotatedRect } from '../geometry.js';
import { CELL_CAP_HEIGHTS, GLYPH_CHARS, GLYPH_COLUMNS, GLYPH_ROWS, GLYPH_SIZE, normaliseCell, type GlyphTemplates } from '../ocr-b-glyphs.js';

/** Where a row's cells are, in the row's rectangle (x along it from its left edge, y from its centre line). */
export interface GlyphGrid {
  readonly start: number;
  readonly pitch: number;
  readonly offset: number;
  readonly cellHeight: number;
  /** Mean correlation of the sampled cells with the templates of the characters read there (1 = identical). */
  readonly fit: number;
}

/** Cells used to fit the grid: every third one (15 of 44) is enough to pin the pitch. */
const FIT_STRIDE = 3;
/** Cap height as a share of the row box height, tried when fitting. */
const CAP_SHARES = [0.5, 0.6, 0.7, 0.8] as const;
/** Vertical offsets tried, in row box heights. */
const OFFSETS = [-0.1, -0.05, 0, 0.05, 0.1] as const;
/** Local shifts of one cell when scoring it (print and sampling are not exactly on one pitch). */
const CELL_SHIFTS_X = [-0.18, -0.09, 0, 0.09, 0.18] as const;
const CELL_SHIFTS_Y = [-0.05, 0, 0.05] as const;

/** A row's rectangle and the luminance of the image around it, sampled once for all its cells. */
export interface GlyphRow {
  readonly rect: RotatedRect;
  readonly grey: Grey;
}

/** The row of `rect` in `image`. */
export function glyphRow(image: RgbImage, rect: RotatedRect): GlyphRow {
  return { rect, grey: greyAround(image, rect) };
}

/** The grid under which `text` (the row as read) best matches the templates, or null for an empty row. */
export function fitGlyphGrid(row: GlyphRow, text: string, templates: GlyphTemplates): GlyphGrid | null {
  const { rect } = row;
  const n = text.length;
  if (n < 2 || rect.width < n) return null;
  const nominal = rect.width / n;
  const step = nominal / 22;
  const score = (start: number, pitch: number, offset: number, cellHeight: number): number =>
    fitAt(row, { start, pitch, offset, cellHeight }, text, templates);
  // Pitch and start at a middle height; then height and offset; then pitch and start, finer and finer.
  let best = { start: 0, pitch: nominal, offset: 0, cellHeight: rect.height * 0.6 * CELL_CAP_HEIGHTS, fit: -Infinity };
  const consider = (start: number, pitch: number, offset: number, cellHeight: number): void => {
    const fit = score(start, pitch, offset, cellHeight);
    if (fit > best.fit) best = { start, pitch, offset, cellHeight, fit };
  };
  for (let pitch = rect.width / (n + 2); pitch <= rect.width / (n - 1); pitch += step / 2) {
    for (let start = -nominal / 2; start <= rect.width - n * pitch + nominal / 2; start += step) consider(start, pitch, best.offset, best.cellHeight);
  }
  const coarse = best;
  for (const share of CAP_SHARES) for (const offset of OFFSETS) consider(coarse.start, coarse.pitch, offset * rect.height, rect.height * share * CELL_CAP_HEIGHTS);
  // Finer, between the coarse pitches and starts: a change of pitch turns the grid about the row's middle.
  const refine = (pitchStep: number, startStep: number): void => {
    const mid = best;
    for (let dp = -4; dp <= 4; dp++) {
      const pitch = mid.pitch + dp * pitchStep;
      for (let ds = -2; ds <= 2; ds++) consider(mid.start + ds * startStep - (n / 2) * (pitch - mid.pitch), pitch, mid.offset, mid.cellHeight);
    }
  };
  refine(step / 8, step / 2);
  refine(step / 32, step / 8);
  return best.fit > -Infinity ? best : null;
}

/**
 * Mean correlation of every third cell of the grid with the template of the character `text` has there (-1
 * when no cell could be compared): how well the reading matches the row under this grid.
 */
export function fitAt(row: GlyphRow, grid: Omit<GlyphGrid, 'fit'>, text: string, templates: GlyphTemplates): number {
  const cell = new Float32Array(GLYPH_SIZE);
  let sum = 0;
  let count = 0;
  for (let k = 0; k < text.length; k += FIT_STRIDE) {
    const t = templates.chars.indexOf(text.charAt(k));
    if (t < 0) continue;
    sum += sampleCell(row.grey, row.rect, grid, k, 0, 0, cell) ? correlate(cell, templates, t) : 0;
    count++;
  }
  return count ? sum / count : -1;
}

/**
 * For each template set, the mean over every cell of the row of its correlation with that set's template of
 * the character `text` has there, each the best over small shifts of the cell: how well the row is that font.
 * Cells that are flat or hold a character no set has are left out.
 */
export function cellFits(row: GlyphRow, grid: GlyphGrid, text: string, sets: readonly GlyphTemplates[]): number[] {
  const { rect, grey } = row;
  const sums = new Float64Array(sets.length);
  const best = new Float64Array(sets.length);
  const cell = new Float32Array(GLYPH_SIZE);
  let count = 0;
  for (let k = 0; k < text.length; k++) {
    const t = GLYPH_CHARS_INDEX.get(text.charAt(k));
    if (t === undefined) continue;
    best.fill(-1);
    let any = false;
    for (const dx of CELL_SHIFTS_X) {
      for (const dy of CELL_SHIFTS_Y) {
        if (!sampleCell(grey, rect, grid, k, dx * grid.pitch, dy * rect.height, cell)) continue;
        any = true;
        sets.forEach((set, s) => {
          best[s] = Math.max(best[s]!, correlate(cell, set, t));
        });
      }
    }
    if (!any) continue;
    count++;
    for (let s = 0; s < sets.length; s++) sums[s] = sums[s]! + best[s]!;
  }
  return [...sums].map((sum) => (count ? sum / count : -1));
}

const GLYPH_CHARS_INDEX = new Map([...GLYPH_CHARS].map((c, i) => [c, i]));

/**
 * The correlation of cell `index` with every template (in `templates.chars` order), each the best over small
 * shifts of the cell; null when the cell is flat.
 */
export function glyphScores(row: GlyphRow, grid: GlyphGrid, index: number, templates: GlyphTemplates): Float32Array | null {
  const { rect, grey } = row;
  const count = templates.chars.length;
  const out = new Float32Array(count).fill(-1);
  const cell = new Float32Array(GLYPH_SIZE);
  let any = false;
  for (const dx of CELL_SHIFTS_X) {
    for (const dy of CELL_SHIFTS_Y) {
      if (!sampleCell(grey, rect, grid, index, dx * grid.pitch, dy * rect.height, cell)) continue;
      any = true;
      for (let t = 0; t < count; t++) out[t] = Math.max(out[t]!, correlate(cell, templates, t));
    }
  }
  return any ? out : null;
}

/** Samples cell `index` of the grid (moved by dx, dy pixels) as luminance, normalised; false when flat. */
function sampleCell(grey: Grey, rect: RotatedRect, grid: Omit<GlyphGrid, 'fit'>, index: number, dx: number, dy: number, out: Float32Array): boolean {
  const cos = Math.cos(rect.angle);
  const sin = Math.sin(rect.angle);
  for (let j = 0; j < GLYPH_ROWS; j++) {
    const v = grid.offset + dy + ((j + 0.5) / GLYPH_ROWS - 0.5) * grid.cellHeight;
    for (let i = 0; i < GLYPH_COLUMNS; i++) {
      const u = -rect.width / 2 + grid.start + dx + (index + (i + 0.5) / GLYPH_COLUMNS) * grid.pitch;
      out[j * GLYPH_COLUMNS + i] = greyAt(grey, rect.cx + u * cos - v * sin - 0.5, rect.cy + u * sin + v * cos - 0.5);
    }
  }
  return normaliseCell(out);
}

function correlate(cell: Float32Array, templates: GlyphTemplates, t: number): number {
  const base = t * GLYPH_SIZE;
  let sum = 0;
  for (let i = 0; i < GLYPH_SIZE; i++) sum += cell[i]! * templates.cells[base + i]!;
  return sum;
}

/** Luminance of the part of the image around a rectangle (with a margin for shifted cells). */
interface Grey {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

function greyAround(image: RgbImage, rect: RotatedRect): Grey {
  // The rectangle's bounds, with a margin of one row height for shifted and taller cells.
  const cos = Math.abs(Math.cos(rect.angle));
  const sin = Math.abs(Math.sin(rect.angle));
  const reachX = (cos * rect.width + sin * rect.height) / 2 + rect.height;
  const reachY = (sin * rect.width + cos * rect.height) / 2 + rect.height;
  const left = Math.min(image.width - 1, Math.max(0, Math.floor(rect.cx - reachX)));
  const top = Math.min(image.height - 1, Math.max(0, Math.floor(rect.cy - reachY)));
  const width = Math.max(1, Math.min(image.width, Math.ceil(rect.cx + reachX) + 1) - left);
  const height = Math.max(1, Math.min(image.height, Math.ceil(rect.cy + reachY) + 1) - top);
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = ((top + y) * image.width + left + x) * 3;
      data[y * width + x] = 0.299 * image.data[p]! + 0.587 * image.data[p + 1]! + 0.114 * image.data[p + 2]!;
    }
  }
  return { left, top, width, height, data };
}

/** Bilinear luminance at image point (x, y), pixel centres at integers, clamped to the patch. */
function greyAt(grey: Grey, x: number, y: number): number {
  const { width, height, data } = grey;
  const cx = Math.min(width - 1.001, Math.max(0, x - grey.left));
  const cy = Math.min(height - 1.001, Math.max(0, y - grey.top));
  const x0 = Math.floor(cx);
  const y0 = Math.floor(cy);
  const ax = cx - x0;
  const ay = cy - y0;
  const x1 = Math.min(width - 1, x0 + 1);
  const y1 = Math.min(height - 1, y0 + 1);
  const row0 = y0 * width;
  const row1 = y1 * width;
  return (1 - ay) * ((1 - ax) * data[row0 + x0]! + ax * data[row0 + x1]!) + ay * ((1 - ax) * data[row1 + x0]! + ax * data[row1 + x1]!);
}
