/**
 * Glyph templates of OCR-B, the font ICAO 9303 prescribes for the MRZ. No OCR-B model exists on npm, and the
 * general recogniser misreads the widest glyphs on small rows (M as N or H, W as V, a filler as C or S at 5.4 px
 * pitch); a template says what such a cell looks like. The service loads the glyphs shipped in
 * ocr-b-glyphs.data.ts (hash-checked like a model, so no system font is needed); `npm run make:ocr-b-glyphs`
 * renders them again from the system font (Debian fonts-ocr-b, through sharp's SVG renderer and fontconfig).
 */
import sharp from 'sharp';
import type { ModelInfo } from '../image/rgb-image.js';
import { checkSha256, ModelIntegrityError } from '../runtime/model-files.js';
import { OCR_B_GLYPHS_BASE64 } from './ocr-b-glyphs.data.js';

/** Samples of a cell across one character pitch, and down. */
export const GLYPH_COLUMNS = 12;
export const GLYPH_ROWS = 20;
export const GLYPH_SIZE = GLYPH_COLUMNS * GLYPH_ROWS;
/** A cell is this many cap heights tall, centred on the capitals (room for a row set a little off centre). */
export const CELL_CAP_HEIGHTS = 1.6;
/** Every character an MRZ may hold. */
export const GLYPH_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<';

/** A font as the glyph cells draw it: its advance fills the cell's width, its cap height the cell's middle. */
export interface GlyphFont {
  readonly family: string;
  readonly advanceEm: number;
  readonly capEm: number;
}

/** OCR-B's advance width and cap height, in em (measured on OCRB.otf: 72.3 and 70 units per 100). */
export const OCR_B_FONT: GlyphFont = Object.freeze({ family: 'OCR B', advanceEm: 0.723, capEm: 0.7 });
const SUPERSAMPLE = 20;
/**
 * Blurs, in cell samples, standing in for the camera and the print; a row is compared with the set it fits
 * best. The sharpest (1.0) separates M from H and N best on the 5.4-px rows of the specimens; on blurrier
 * rows it made H look like M (9 of 55 corrections wrong on synthetic 6-px rows blurred by 0.8 px), which the
 * blurrier sets avoid.
 */
const BLUR_SIGMAS = [1, 1.6, 2.2] as const;
const OCR_B_FAMILY = OCR_B_FONT.family;
/** A family no system has: what the renderer draws when a family is missing. */
const MISSING_FAMILY = 'identity-check-no-such-font';

/** One template per GLYPH_CHARS character, each GLYPH_SIZE samples with zero mean and unit norm. */
export interface GlyphTemplates {
  readonly chars: string;
  readonly cells: Float32Array;
  /** The blur they were drawn with, in cell samples. */
  readonly blur: number;
}

/** Templates of one font at several blurs, sharpest first. */
export type GlyphSet = readonly [GlyphTemplates, ...GlyphTemplates[]];

/** Whether the SVG renderer has the font (it draws a missing family in a fallback font, silently). */
export async function fontInstalled(family = OCR_B_FAMILY): Promise<boolean> {
  const [probe, fallback] = await Promise.all([renderGlyph('M', { ...OCR_B_FONT, family }), renderGlyph('M', { ...OCR_B_FONT, family: MISSING_FAMILY })]);
  return probe.some((v, i) => v !== fallback[i]);
}

/**
 * The shipped OCR-B glyphs: GLYPH_CHARS.length cells of GLYPH_SIZE grey samples (black on white), as rendered
 * by renderOcrBCells. Public domain / permissive (Debian fonts-ocr-b's copyright file), listed in MODELS.md.
 */
export const OCR_B_GLYPHS: ModelInfo = Object.freeze({
  id: 'ocr-b-glyph-templates',
  package: 'identity-check',
  version: '1',
  file: 'src/adapters/document/ocr-b-glyphs.data.ts',
  sha256: 'e8464b164736d2edee09ca96b951852ca5ce810260e4dde0ba57ca56b21b7d56',
  licence: 'public domain and permissive (OCR-B by Matthew Skala after Norbert Schwarz, Debian fonts-ocr-b)',
});

/** The shipped glyph cells, hash-checked. */
export function shippedOcrBCells(): Uint8Array {
  const bytes = Buffer.from(OCR_B_GLYPHS_BASE64, 'base64');
  checkSha256(bytes, OCR_B_GLYPHS);
  if (bytes.length !== GLYPH_CHARS.length * GLYPH_SIZE) throw new ModelIntegrityError(`${OCR_B_GLYPHS.file}: ${bytes.length} bytes of glyphs`);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** The OCR-B templates at each blur, from the shipped glyphs: needs no font on the system. */
export function loadOcrBGlyphs(): GlyphSet {
  return templatesAtEachBlur(shippedOcrBCells());
}

/** Raw OCR-B cells rendered from the system font (GLYPH_CHARS order, concatenated), or null without the font. */
export async function renderOcrBCells(family = OCR_B_FAMILY): Promise<Uint8Array | null> {
  return renderFontCells({ ...OCR_B_FONT, family });
}

/** Raw cells of any font (GLYPH_CHARS order, concatenated), or null when the system lacks it. */
export async function renderFontCells(font: GlyphFont): Promise<Uint8Array | null> {
  if (!(await fontInstalled(font.family))) return null;
  const rendered = await Promise.all([...GLYPH_CHARS].map((c) => renderGlyph(c, font)));
  const out = new Uint8Array(GLYPH_CHARS.length * GLYPH_SIZE);
  rendered.forEach((cell, k) => out.set(cell, k * GLYPH_SIZE));
  return out;
}

/** The OCR-B templates at each blur rendered from the system font, or null when it is not installed. */
export async function renderOcrBGlyphs(family = OCR_B_FAMILY): Promise<GlyphSet | null> {
  const cells = await renderOcrBCells(family);
  return cells ? templatesAtEachBlur(cells) : null;
}

/** Normalised templates at each blur from raw cells (GLYPH_CHARS order, concatenated). */
export function templatesAtEachBlur(cells: Uint8Array): GlyphSet {
  const rendered = [...GLYPH_CHARS].map((_, k) => cells.subarray(k * GLYPH_SIZE, (k + 1) * GLYPH_SIZE));
  const [sharpest, ...rest] = BLUR_SIGMAS.map((sigma): GlyphTemplates => {
    const cells = new Float32Array(GLYPH_CHARS.length * GLYPH_SIZE);
    rendered.forEach((raw, k) => {
      const cell = cells.subarray(k * GLYPH_SIZE, (k + 1) * GLYPH_SIZE);
      cell.set(blur(Float32Array.from(raw), sigma));
      normaliseCell(cell);
    });
    return { chars: GLYPH_CHARS, cells, blur: sigma };
  });
  return [sharpest!, ...rest];
}

/** Scales a cell in place to zero mean and unit norm; false when it is flat (nothing to compare). */
export function normaliseCell(cell: Float32Array): boolean {
  // Indexed loops and one read per element: the glyph check normalises tens of thousands of cells per page, and
  // the iterator plus re-reads cost about 2.5x. `fround` is the value the Float32Array stores and gives back.
  const n = cell.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += cell[i]!;
  mean /= n;
  let norm = 0;
  for (let i = 0; i < n; i++) {
    const centred = Math.fround(cell[i]! - mean);
    cell[i] = centred;
    norm += centred * centred;
  }
  if (norm < 1e-6) return false;
  const scale = 1 / Math.sqrt(norm);
  for (let i = 0; i < n; i++) cell[i] = cell[i]! * scale;
  return true;
}

/** One glyph, black on white, centred on its advance, drawn big and reduced to GLYPH_COLUMNS x GLYPH_ROWS. */
async function renderGlyph(ch: string, font: GlyphFont): Promise<Uint8Array> {
  const { family } = font;
  const width = GLYPH_COLUMNS * SUPERSAMPLE;
  const height = GLYPH_ROWS * SUPERSAMPLE;
  const cap = height / CELL_CAP_HEIGHTS;
  const size = cap / font.capEm;
  const squeeze = width / (font.advanceEm * size);
  const text = ch === '<' ? '&lt;' : ch;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<rect width="100%" height="100%" fill="white"/>` +
    `<text transform="translate(${width / 2} ${(height + cap) / 2}) scale(${squeeze} 1)" x="0" y="0" ` +
    `font-family="${family}" font-size="${size}" text-anchor="middle" fill="black">${text}</text></svg>`;
  const data = await sharp(Buffer.from(svg)).greyscale().resize(GLYPH_COLUMNS, GLYPH_ROWS, { kernel: 'cubic', fit: 'fill' }).raw().toBuffer();
  return new Uint8Array(data.buffer, data.byteOffset, GLYPH_SIZE);
}

/** Separable Gaussian blur of a GLYPH_COLUMNS x GLYPH_ROWS cell, edges clamped. */
function blur(cell: Float32Array, sigma: number): Float32Array {
  const radius = Math.ceil(3 * sigma);
  const kernel: number[] = [];
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    const w = Math.exp(-(i * i) / (2 * sigma * sigma));
    kernel.push(w);
    sum += w;
  }
  const pass = (from: Float32Array, dx: number, dy: number): Float32Array => {
    const out = new Float32Array(from.length);
    for (let y = 0; y < GLYPH_ROWS; y++) {
      for (let x = 0; x < GLYPH_COLUMNS; x++) {
        let v = 0;
        for (let i = -radius; i <= radius; i++) {
          const xx = Math.min(GLYPH_COLUMNS - 1, Math.max(0, x + i * dx));
          const yy = Math.min(GLYPH_ROWS - 1, Math.max(0, y + i * dy));
          v += kernel[i + radius]! * from[yy * GLYPH_COLUMNS + xx]!;
        }
        out[y * GLYPH_COLUMNS + x] = v / sum;
      }
    }
    return out;
  };
  return pass(pass(cell, 1, 0), 0, 1);
}
