/**
 * Glyph templates of the office monospace fonts a hand-made MRZ is typed in, to tell an MRZ printed in OCR-B
 * from one that is not. An absolute fit to OCR-B does not: office fonts set an MRZ whose cells correlate
 * 0.8-0.86 with the OCR-B glyphs, while worn or blurred real OCR-B print goes down to 0.7. Which font fits
 * the cells better does: real OCR-B fits OCR-B better however blurred it is. Shipped in
 * other-font-glyphs.data.ts and hash-checked like a model; `npm run make:ocr-b-glyphs` renders them again.
 */
import type { ModelInfo } from '../image/rgb-image.js';
import { checkSha256, ModelIntegrityError } from '../runtime/model-files.js';
import { GLYPH_CHARS, GLYPH_SIZE, templatesAtEachBlur, type GlyphFont, type GlyphSet } from './ocr-b-glyphs.js';
import { OTHER_FONT_GLYPHS_BASE64 } from './other-font-glyphs.data.js';

/**
 * Liberation Mono (Courier New's metrics: typewriter and office MRZs) and DejaVu Sans Mono (the sans
 * monospace of Linux and, by design, close to Menlo and Consolas), each drawn filling the cell as set at its
 * own pitch, and at 80% of it as set letter-spaced to an MRZ's pitch. Cap heights measured on the fonts (0.657
 * and 0.730 em), scaled as OCR-B's are (its nominal 0.7 em against 0.723 measured).
 */
export const OTHER_MRZ_FONTS: readonly GlyphFont[] = Object.freeze([
  Object.freeze({ family: 'Liberation Mono', advanceEm: 0.6, capEm: 0.636 }),
  Object.freeze({ family: 'Liberation Mono', advanceEm: 0.75, capEm: 0.636 }),
  Object.freeze({ family: 'DejaVu Sans Mono', advanceEm: 0.602, capEm: 0.707 }),
  Object.freeze({ family: 'DejaVu Sans Mono', advanceEm: 0.75, capEm: 0.707 }),
]);

/** The shipped cells of OTHER_MRZ_FONTS, in that order, concatenated. */
export const OTHER_FONT_GLYPHS: ModelInfo = Object.freeze({
  id: 'office-mono-glyph-templates',
  package: 'identity-check',
  version: '1',
  file: 'src/adapters/document/other-font-glyphs.data.ts',
  sha256: '7e7e867d9926b816758918cb3fee80c53a372b003195bcedb0d4c14b43b9a5c0',
  licence: 'SIL OFL 1.1 (Liberation Mono, Debian fonts-liberation2); Bitstream Vera licence (DejaVu Sans Mono, Debian fonts-dejavu-core)',
});

/** The data module's key of a comparison font. */
export function glyphKey(font: GlyphFont): string {
  return `${font.family} ${font.advanceEm}`;
}

/** One comparison font's templates at each blur. */
export interface FontGlyphs {
  readonly family: string;
  readonly set: GlyphSet;
}

/** The shipped comparison fonts, hash-checked. */
export function loadOtherFontGlyphs(): readonly FontGlyphs[] {
  const parts = OTHER_MRZ_FONTS.map((font) => Buffer.from(OTHER_FONT_GLYPHS_BASE64[glyphKey(font)] ?? '', 'base64'));
  const all = Buffer.concat(parts);
  checkSha256(all, OTHER_FONT_GLYPHS);
  if (parts.some((p) => p.length !== GLYPH_CHARS.length * GLYPH_SIZE)) throw new ModelIntegrityError(`${OTHER_FONT_GLYPHS.file}: a font with the wrong number of glyph bytes`);
  return OTHER_MRZ_FONTS.map((font, k) => ({ family: font.family, set: templatesAtEachBlur(new Uint8Array(parts[k]!)) }));
}
