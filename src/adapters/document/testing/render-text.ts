/**
 * Test fixtures drawn at run time, so the repository carries no document images: a plain ID-card-like page
 * with a name and a machine-readable zone, rendered by sharp's SVG renderer (librsvg + fontconfig).
 * Fonts: DejaVu Sans / DejaVu Sans Mono (Debian package fonts-dejavu-core); fontconfig falls back to any
 * sans/monospace font when they are missing.
 */
import sharp from 'sharp';
import type { RgbImage } from '../../image/rgb-image.js';
import type { RotatedRect } from '../geometry.js';

export interface CardText {
  /** Printed lines of the visual zone, top to bottom (e.g. labels and the holder's name). */
  readonly lines: readonly string[];
  /** MRZ lines, drawn one <text> per character because librsvg ignores per-glyph x lists. */
  readonly mrz: readonly string[];
  /** Lines printed in small type under the MRZ (a photo agency's watermark, a footer). */
  readonly footer?: readonly string[];
}

const WIDTH = 860;
const MARGIN = 30;
const MRZ_PITCH = 18.2;
const MRZ_SIZE = 26;

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** SVG markup of the card; exported so a failing test can dump what it drew. */
export function cardSvg(card: CardText): string {
  const footer = card.footer ?? [];
  const height = MARGIN * 2 + card.lines.length * 44 + 30 + card.mrz.length * 40 + footer.length * 26;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}">`,
    `<rect width="100%" height="100%" fill="#f4f1e8"/>`,
    `<rect x="8" y="8" width="${WIDTH - 16}" height="${height - 16}" rx="18" fill="none" stroke="#9a9a9a" stroke-width="2"/>`,
  ];
  let y = MARGIN + 28;
  for (const line of card.lines) {
    parts.push(`<text x="${MARGIN}" y="${y}" font-family="DejaVu Sans, sans-serif" font-size="26" fill="#1b1b1b">${escapeXml(line)}</text>`);
    y += 44;
  }
  y += 30;
  for (const line of card.mrz) {
    [...line].forEach((ch, i) => {
      parts.push(
        `<text x="${(MARGIN + i * MRZ_PITCH).toFixed(1)}" y="${y}" font-family="DejaVu Sans Mono, monospace" font-size="${MRZ_SIZE}" fill="#111">${escapeXml(ch)}</text>`,
      );
    });
    y += 40;
  }
  for (const line of footer) {
    parts.push(`<text x="${MARGIN}" y="${y}" font-family="DejaVu Sans, sans-serif" font-size="16" fill="#555">${escapeXml(line)}</text>`);
    y += 26;
  }
  parts.push('</svg>');
  return parts.join('');
}

async function toRgb(pipeline: ReturnType<typeof sharp>): Promise<RgbImage> {
  const { data, info } = await pipeline.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

/** Renders the card as packed RGB, the form the engine receives from the image decoder. */
export function renderCard(card: CardText): Promise<RgbImage> {
  return toRgb(sharp(Buffer.from(cardSvg(card))));
}

/** The same image turned clockwise by a multiple of 90 degrees (a page photographed sideways). */
export function rotateImage(image: RgbImage, degrees: 90 | 180 | 270): Promise<RgbImage> {
  return toRgb(sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } }).rotate(degrees));
}

/** A uniform image: nothing on it should be read. */
export function blankImage(width: number, height: number, grey = 235): RgbImage {
  return { width, height, data: new Uint8Array(width * height * 3).fill(grey) };
}

/** A 44-character TD3 name line for the given names, padded with fillers. */
export function td3NameLine(state: string, surname: string, given: readonly string[]): string {
  return `P<${state}${surname}<<${given.join('<')}`.padEnd(44, '<').slice(0, 44);
}

/** One MRZ row set in OCR-B (when installed) on a plain page, reduced to `pitch` pixels per character. */
export interface OcrBRow {
  readonly image: RgbImage;
  /** The row's box as a detector would give it: the characters and a little margin, centred on the capitals. */
  readonly rect: RotatedRect;
}

/**
 * Draws `text` in OCR-B (or `family`) at 10 times `pitch`, one <text> per character, and reduces it as a camera
 * would.
 */
export async function renderOcrBRow(text: string, pitch: number, family = 'OCR B'): Promise<OcrBRow> {
  const scale = 10;
  const big = pitch * scale;
  const size = big / 0.723;
  const cap = size * 0.7;
  const margin = 3 * big;
  const width = Math.round(text.length * big + 2 * margin);
  const height = Math.round(3 * cap);
  const baseline = (height + cap) / 2;
  const chars = [...text].map((ch, i) =>
    `<text x="${(margin + (i + 0.5) * big).toFixed(1)}" y="${baseline.toFixed(1)}" font-family="${family}" font-size="${size.toFixed(1)}" text-anchor="middle" fill="#161616">${escapeXml(ch)}</text>`,
  );
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#efece4"/>${chars.join('')}</svg>`;
  const image = await toRgb(sharp(Buffer.from(svg)).resize(Math.round(width / scale), Math.round(height / scale), { kernel: 'cubic' }).blur(0.5));
  const rect = { cx: image.width / 2, cy: height / 2 / scale, width: (text.length + 0.6) * pitch, height: (1.3 * cap) / scale, angle: 0 };
  return { image, rect };
}

/**
 * A plain page with a title and MRZ `lines` set in OCR-B, drawn at 10 times `pitch` pixels per character and
 * reduced, blurred by `blur` and JPEG-compressed as a small phone photo of a passport would be.
 */
export async function renderOcrBMrzPage(lines: readonly string[], pitch: number, blur: number): Promise<RgbImage> {
  const scale = 10;
  const big = pitch * scale;
  const size = big / 0.723;
  const cap = size * 0.7;
  const width = Math.round(52 * big);
  const height = Math.round(12 * cap);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#f2efe6"/>`,
    `<text x="${4 * big}" y="${2.5 * cap}" font-family="DejaVu Sans" font-size="${size.toFixed(1)}" fill="#222">PASSPORT UTOPIA</text>`,
  ];
  lines.forEach((line, r) => {
    [...line].forEach((ch, i) => {
      parts.push(
        `<text x="${(4 * big + (i + 0.5) * big).toFixed(1)}" y="${(8 * cap + r * 1.9 * cap).toFixed(1)}" font-family="OCR B" font-size="${size.toFixed(1)}" text-anchor="middle" fill="#151515">${escapeXml(ch)}</text>`,
      );
    });
  });
  parts.push('</svg>');
  const jpeg = await sharp(Buffer.from(parts.join(''))).resize(Math.round(width / scale), Math.round(height / scale), { kernel: 'cubic' }).blur(blur).jpeg({ quality: 80 }).toBuffer();
  return toRgb(sharp(jpeg));
}
