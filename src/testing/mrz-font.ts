/**
 * The MRZ font of the synthetic documents: OCR-B (the font ICAO 9303 prescribes; Debian package fonts-ocr-b)
 * when fontconfig has it, else DejaVu Sans Mono. Test and benchmark support only.
 */
import { execFileSync } from 'node:child_process';

/** `ocr-b` when installed (the default), or `mono` (DejaVu Sans Mono, which reads worse set widely). */
export type MrzFont = 'ocr-b' | 'mono';

const MONO = 'DejaVu Sans Mono';
const OCR_B = 'OCR B';

let ocrB: boolean | undefined;

/** Whether fontconfig knows the OCR-B font; the MRZ falls back to DejaVu Sans Mono. */
export function ocrBInstalled(): boolean {
  if (ocrB === undefined) {
    try {
      ocrB = execFileSync('fc-list', [':', 'family'], { encoding: 'utf8' }).split('\n').some((f) => f.split(',').includes(OCR_B));
    } catch {
      ocrB = false;
    }
  }
  return ocrB;
}

/** The SVG font family to set an MRZ in. */
export function mrzFontFamily(font: MrzFont = 'ocr-b'): string {
  return font !== 'mono' && ocrBInstalled() ? OCR_B : MONO;
}
