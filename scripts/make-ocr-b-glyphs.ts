/**
 * Renders the OCR-B glyph cells from the system font (Debian fonts-ocr-b) and writes the module the service
 * ships them in, then prints the sha256 to put in OCR_B_GLYPHS (ocr-b-glyphs.ts) and MODELS.md.
 *   npm run make:ocr-b-glyphs
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { renderOcrBCells } from '../src/adapters/document/ocr-b-glyphs.js';

const cells = await renderOcrBCells();
if (!cells) {
  process.stderr.write('the OCR-B font is not installed (apt-get install fonts-ocr-b)\n');
  process.exit(1);
}
const base64 = Buffer.from(cells).toString('base64');
const wrapped = base64.match(/.{1,100}/g)!.map((line) => `  '${line}'`).join(' +\n');
const source = `/**
 * OCR-B glyph cells (ocr-b-glyphs.ts: GLYPH_CHARS order, GLYPH_SIZE grey samples each, black on white),
 * written by \`npm run make:ocr-b-glyphs\` from Debian's fonts-ocr-b; its hash is OCR_B_GLYPHS.sha256.
 */
export const OCR_B_GLYPHS_BASE64 =
${wrapped};
`;
const out = new URL('../src/adapters/document/ocr-b-glyphs.data.ts', import.meta.url);
await writeFile(out, source);
process.stdout.write(`wrote ${out.pathname} (${cells.length} bytes); sha256 ${createHash('sha256').update(cells).digest('hex')}\n`);
