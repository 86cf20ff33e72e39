/**
 * The MRZ font of the synthetic documents: OCR-B (the font ICAO 9303 prescribes; Debian package fonts-ocr-b)
 * when fontconfig has it, else DejaVu Sans Mono. Test and benchmark support only.
 */
import { execFileSync } from 'node:child_process';

/**
 * `ocr-b` when installed (the default), `mono` (DejaVu Sans Mono set widely, which reads worse), or `courier`
 * (Liberation Mono, Courier New's metrics, Debian fonts-liberation2, set at its own pitch; DejaVu Sans Mono when
 * missing): the fonts a hand-made MRZ would be typed in.
 */
export type MrzFont = 'ocr-b' | 'mono' | 'courier';

const MONO = 'DejaVu Sans Mono';
const OCR_B = 'OCR B';
const COURIER = 'Liberation Mono';

let ocrB: boolean | undefined;

let families: string[] | undefined;

/** Whether fontconfig knows `family` (the SVG renderer silently draws another font when it does not). */
export function fontInstalledSync(family: string): boolean {
  if (families === undefined) {
    try {
      families = execFileSync('fc-list', [':', 'family'], { encoding: 'utf8' }).split('\n').flatMap((f) => f.split(','));
    } catch {
      families = [];
    }
  }
  return families.includes(family);
}

/** Whether fontconfig knows the OCR-B font; the MRZ falls back to DejaVu Sans Mono. */
export function ocrBInstalled(): boolean {
  ocrB ??= fontInstalledSync(OCR_B);
  return ocrB;
}

/** The SVG font family to set an MRZ in. */
export function mrzFontFamily(font: MrzFont = 'ocr-b'): string {
  if (font === 'courier') return fontInstalledSync(COURIER) ? COURIER : MONO;
  return font !== 'mono' && ocrBInstalled() ? OCR_B : MONO;
}
