/**
 * Renders the glyph cells the MRZ checks ship with from the system fonts (Debian fonts-ocr-b, fonts-liberation2,
 * fonts-dejavu-core) and writes the modules they are shipped in, then prints the sha256 of each set to put in
 * OCR_B_GLYPHS (ocr-b-glyphs.ts), OTHER_FONT_GLYPHS (other-font-glyphs.ts) and MODELS.md.
 *   npm run make:ocr-b-glyphs
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { OCR_B_FONT, renderFontCells, type GlyphFont } from '../src/adapters/document/ocr-b-glyphs.js';
import { glyphKey, OTHER_MRZ_FONTS } from '../src/adapters/document/other-font-glyphs.js';

async function cellsOf(font: GlyphFont): Promise<Uint8Array> {
  const cells = await renderFontCells(font);
  if (!cells) {
    process.stderr.write(`the font "${font.family}" is not installed (apt-get install fonts-ocr-b fonts-liberation2 fonts-dejavu-core)\n`);
    process.exit(1);
  }
  return cells;
}

const literal = (cells: Uint8Array, indent: string): string =>
  Buffer.from(cells).toString('base64').match(/.{1,100}/g)!.map((line) => `${indent}'${line}'`).join(' +\n');
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const HEADER = `written by \`npm run make:ocr-b-glyphs\` from the system fonts:
 * GLYPH_CHARS order, GLYPH_SIZE grey samples each, black on white (ocr-b-glyphs.ts)`;

const ocrB = await cellsOf(OCR_B_FONT);
await writeFile(
  new URL('../src/adapters/document/ocr-b-glyphs.data.ts', import.meta.url),
  `/**\n * OCR-B glyph cells, ${HEADER}; their hash is OCR_B_GLYPHS.sha256.\n */\nexport const OCR_B_GLYPHS_BASE64 =\n${literal(ocrB, '  ')};\n`,
);
const others = await Promise.all(OTHER_MRZ_FONTS.map(cellsOf));
const entries = OTHER_MRZ_FONTS.map((font, k) => `  '${glyphKey(font)}':\n${literal(others[k]!, '    ')},`).join('\n');
await writeFile(
  new URL('../src/adapters/document/other-font-glyphs.data.ts', import.meta.url),
  `/**\n * Office monospace glyph cells, ${HEADER}; the hash of their concatenation in OTHER_MRZ_FONTS order is\n * OTHER_FONT_GLYPHS.sha256.\n */\nexport const OTHER_FONT_GLYPHS_BASE64: Readonly<Record<string, string>> = {\n${entries}\n};\n`,
);
const concatenated = Buffer.concat(others);
process.stdout.write(`OCR-B ${ocrB.length} bytes, sha256 ${sha256(ocrB)}\noffice fonts ${concatenated.length} bytes, sha256 ${sha256(concatenated)}\n`);
