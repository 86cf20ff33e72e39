/**
 * An MRZ row cut into character cells and compared with glyph templates. MRZ characters sit on a fixed pitch,
 * so one grid (first cell, pitch, vertical offset and cell height) places every cell of a row; the grid is
 * the one under which the row's own reading best matches the templates.
 */
import type { RgbImage } from '../image/rgb-image.js';
import type { RotatedRect } from './geometry.js';
import { CELL_CAP_HEIGHTS, GLYPH_CHARS, GLYPH_COLUMNS, GLYPH_ROWS, GLYPH_SIZE, normaliseCell, type GlyphTemplates } from './ocr-b-glyphs.js';

// Local copies for the inner loops: an imported binding may be read through an accessor (as tsx compiles it).
const COLUMNS = GLYPH_COLUMNS;
const ROWS = GLYPH_ROWS;
const SIZE = GLYPH_SIZE;

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
  const fitCells = fitCellsOf(text, templates);
  const cell = new Float32Array(SIZE);
  // Pitch and start at a middle height; then height and offset; then pitch and start, finer and finer.
  let best = { start: 0, pitch: nominal, offset: 0, cellHeight: rect.height * 0.6 * CELL_CAP_HEIGHTS, fit: -Infinity };
  const consider = (start: number, pitch: number, offset: number, cellHeight: number): void => {
    const fit = fitAbove(row, { start, pitch, offset, cellHeight }, fitCells, templates, best.fit, cell);
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

/** The cells `fitAt` compares, their templates, and a bound on each one's correlation. */
interface FitCells {
  readonly index: Int32Array;
  readonly template: Int32Array;
  readonly bound: Float64Array;
}

function fitCellsOf(text: string, templates: GlyphTemplates): FitCells {
  const index: number[] = [];
  const template: number[] = [];
  const bound: number[] = [];
  for (let k = 0; k < text.length; k += FIT_STRIDE) {
    const t = templates.chars.indexOf(text.charAt(k));
    if (t < 0) continue;
    index.push(k);
    template.push(t);
    // Cauchy-Schwarz: a sampled cell has unit norm, so no correlation exceeds the template's norm (1 for the
    // shipped templates); the margin covers rounding in both.
    let norm = 0;
    for (let i = 0; i < SIZE; i++) norm += templates.cells[t * SIZE + i]! ** 2;
    bound.push(Math.sqrt(norm) * 1.001 + 1e-6);
  }
  return { index: Int32Array.from(index), template: Int32Array.from(template), bound: Float64Array.from(bound) };
}

/**
 * `fitAt` of the grid, or -Infinity as soon as the cells left could not lift it above `floor` even if each
 * matched its template perfectly. Adding the bounds in place of the correlations to come, in the same order,
 * gives a sum no smaller than the real one (rounded addition is monotone), so a grid given up on is never one
 * that would have beaten `floor`: the search keeps exactly the grid it would have kept without the cut.
 */
function fitAbove(row: GlyphRow, grid: Omit<GlyphGrid, 'fit'>, cells: FitCells, templates: GlyphTemplates, floor: number, cell: Float32Array): number {
  const { index, template, bound } = cells;
  const count = index.length;
  let sum = 0;
  for (let m = 0; m < count; m++) {
    sum += sampleCell(row.grey, row.rect, grid, index[m]!, 0, 0, cell) ? correlate(cell, templates, template[m]!) : 0;
    if (floor === -Infinity || m + 1 === count) continue;
    let most = sum;
    for (let r = m + 1; r < count; r++) most += bound[r]!;
    if (most / count <= floor) return -Infinity;
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
        for (let s = 0; s < sets.length; s++) best[s] = Math.max(best[s]!, correlate(cell, sets[s]!, t));
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

/** Where the sample points sit across and down a cell, as shares of the pitch and of the cell height. */
const COLUMN_CENTRES = Float64Array.from({ length: COLUMNS }, (_, i) => (i + 0.5) / COLUMNS);
const ROW_CENTRES = Float64Array.from({ length: ROWS }, (_, j) => (j + 0.5) / ROWS - 0.5);
/** Per column of the cell being sampled, the image point of its position along the row (no shared results: sampleCell fills them first). */
const columnX = new Float64Array(COLUMNS);
const columnY = new Float64Array(COLUMNS);

/**
 * Samples cell `index` of the grid (moved by dx, dy pixels) as luminance, normalised; false when flat. The
 * point of column i and row j is (cx + u_i cos - v_j sin, cy + u_i sin + v_j cos): the terms of u and v are
 * computed once per column and per row, each in the same order of operations as point by point, so the
 * samples are the same bit for bit.
 */
function sampleCell(grey: Grey, rect: RotatedRect, grid: Omit<GlyphGrid, 'fit'>, index: number, dx: number, dy: number, out: Float32Array): boolean {
  const cos = Math.cos(rect.angle);
  const sin = Math.sin(rect.angle);
  const { left, top, width, height, data } = grey;
  const maxX = width - 1.001;
  const maxY = height - 1.001;
  const lastX = width - 1;
  const lastY = height - 1;
  const start = -rect.width / 2 + grid.start + dx;
  const { pitch, cellHeight } = grid;
  for (let i = 0; i < COLUMNS; i++) {
    const u = start + (index + COLUMN_CENTRES[i]!) * pitch;
    columnX[i] = rect.cx + u * cos;
    columnY[i] = rect.cy + u * sin;
  }
  const middle = grid.offset + dy;
  let o = 0;
  for (let j = 0; j < ROWS; j++) {
    const v = middle + ROW_CENTRES[j]! * cellHeight;
    const vx = v * sin;
    const vy = v * cos;
    for (let i = 0; i < COLUMNS; i++) {
      // Bilinear luminance, pixel centres at integers, clamped to the patch.
      const cx = Math.min(maxX, Math.max(0, columnX[i]! - vx - 0.5 - left));
      const cy = Math.min(maxY, Math.max(0, columnY[i]! + vy - 0.5 - top));
      const x0 = Math.floor(cx);
      const y0 = Math.floor(cy);
      const ax = cx - x0;
      const ay = cy - y0;
      const x1 = Math.min(lastX, x0 + 1);
      const row0 = y0 * width;
      const row1 = Math.min(lastY, y0 + 1) * width;
      out[o++] = (1 - ay) * ((1 - ax) * data[row0 + x0]! + ax * data[row0 + x1]!) + ay * ((1 - ax) * data[row1 + x0]! + ax * data[row1 + x1]!);
    }
  }
  return normaliseCell(out);
}

function correlate(cell: Float32Array, templates: GlyphTemplates, t: number): number {
  const base = t * SIZE;
  const cells = templates.cells;
  let sum = 0;
  for (let i = 0; i < SIZE; i++) sum += cell[i]! * cells[base + i]!;
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
