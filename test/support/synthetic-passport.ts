/**
 * Renders a synthetic passport data page (ID-3, 125 x 88 mm): portrait, printed fields under trilingual
 * labels (English / French / Spanish), dates as ICAO prints them ("12 AUG/AOÛT 74"), and a TD3 MRZ with
 * correct check digits, then "photographs" it with capture damage: perspective tilt, uneven light, glare,
 * blur, JPEG compression, and optionally a quarter or half turn. Deterministic: the same options give the same
 * bytes. The MRZ field rules and check digits come from the card renderer (src/testing/synthetic-id.ts).
 *
 * Fonts: DejaVu Sans for the printed zone; the MRZ in OCR-B (Debian package fonts-ocr-b) when fontconfig has
 * it, else DejaVu Sans Mono. `ocrBInstalled()` tells which, so tests can say so.
 */
import sharp, { type OverlayOptions } from 'sharp';
import { mrzCheckDigit } from '../../src/domain/mrz.js';
import { mrzFontFamily, type MrzFont } from '../../src/testing/mrz-font.js';
import { mrzField, type CardHolder } from '../../src/testing/synthetic-id.js';

export { ocrBInstalled } from '../../src/testing/mrz-font.js';

export type PassportHolder = CardHolder;

export interface PassportOptions {
  /** Portrait source and crop, printed in colour at the left of the page. */
  readonly portrait?: { readonly image: Buffer; readonly crop: { left: number; top: number; width: number; height: number } };
  /** Issuing state (three letters). */
  readonly issuer?: string;
  /** Rotation of the page in the photo: small tilt in degrees plus an optional quarter/half turn. */
  readonly tiltDegrees?: number;
  readonly turn?: 0 | 90 | 180 | 270;
  /** Perspective: how much narrower the far (top) edge looks than the near one, 0..0.3. */
  readonly perspective?: number;
  /** Gaussian blur sigma (0 = sharp). */
  readonly blur?: number;
  /** Brightness falling off from one corner, 0..0.6. */
  readonly unevenLight?: number;
  /** A specular highlight over the page, 0..1 strength. */
  readonly glare?: number;
  readonly jpegQuality?: number;
  /** MRZ font: OCR-B when installed (default), or DejaVu Sans Mono. */
  readonly mrzFont?: MrzFont;
}

const PAGE_W = 1250;
const PAGE_H = 880;
const SANS = 'DejaVu Sans';
/** TD3 lines (2 x 44) for the holder, with every check digit computed (ICAO 9303 Part 4). */
export function td3Lines(holder: PassportHolder, issuer = 'UTO'): [string, string] {
  const name = `${mrzField(holder.surname, 0).replace(/<+$/, '')}<<${mrzField(holder.givenNames, 0).replace(/<+$/, '')}`;
  const line1 = `P<${issuer}${name}`.padEnd(44, '<').slice(0, 44);
  const number = mrzField(holder.documentNumber, 9);
  const personal = '<'.repeat(14);
  const personalCheck = '<';
  const head = `${number}${mrzCheckDigit(number)}${holder.nationality}${holder.birthDate}${mrzCheckDigit(holder.birthDate)}${holder.sex}${holder.expiryDate}${mrzCheckDigit(holder.expiryDate)}${personal}${personalCheck}`;
  const composite = head.slice(0, 10) + head.slice(13, 20) + head.slice(21, 43);
  return [line1, `${head}${mrzCheckDigit(composite)}`];
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const MONTHS_FR = ['JANV', 'FÉVR', 'MARS', 'AVR', 'MAI', 'JUIN', 'JUIL', 'AOÛT', 'SEPT', 'OCT', 'NOV', 'DÉC'];

/** "12 AUG/AOÛT 74", the bilingual form ICAO passports print. */
export function printedDate(yymmdd: string): string {
  const m = Number(yymmdd.slice(2, 4)) - 1;
  return `${yymmdd.slice(4, 6)} ${MONTHS[m]}/${MONTHS_FR[m]} ${yymmdd.slice(0, 2)}`;
}

const escapeXml = (s: string): string => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

function text(x: number, y: number, size: number, value: string, opts: { bold?: boolean; fill?: string; family?: string } = {}): string {
  return `<text x="${x}" y="${y}" font-family="${opts.family ?? SANS}" font-size="${size}" font-weight="${opts.bold ? 'bold' : 'normal'}" fill="${opts.fill ?? '#1b1b1b'}">${escapeXml(value)}</text>`;
}

/** One <text> per character (librsvg ignores per-glyph x lists), at the MRZ's fixed pitch. */
function mrzRow(x: number, y: number, line: string, font: PassportOptions['mrzFont']): string {
  const family = mrzFontFamily(font);
  return [...line].map((c, i) => text(x + i * 26.2, y, 40, c, { family, fill: '#111' })).join('');
}

function field(x: number, y: number, label: string, value: string, valueSize = 28): string {
  return text(x, y, 15, label, { fill: '#51606b' }) + text(x, y + valueSize + 4, valueSize, value, { bold: true });
}

/** The flat data page as PNG. */
export async function renderPassportPage(holder: PassportHolder, options: PassportOptions = {}): Promise<Buffer> {
  const issuer = options.issuer ?? 'UTO';
  const [l1, l2] = td3Lines(holder, issuer);
  const x = 380;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${PAGE_W}" height="${PAGE_H}">
    <defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#f3eee2"/><stop offset="0.5" stop-color="#e6eef0"/><stop offset="1" stop-color="#efe6ea"/></linearGradient></defs>
    <rect width="${PAGE_W}" height="${PAGE_H}" fill="url(#bg)"/>
    ${[0, 1, 2, 3, 4, 5].map((i) => `<circle cx="${900 + i * 12}" cy="${330}" r="${120 + i * 18}" fill="none" stroke="#d7dde6" stroke-width="2"/>`).join('')}
    ${text(40, 52, 30, 'REPUBLIC OF UTOPIA', { bold: true, fill: '#23466b' })}
    ${text(700, 52, 24, 'PASSPORT / PASSEPORT / PASAPORTE', { bold: true, fill: '#23466b' })}
    ${field(x, 100, 'Type / Type / Tipo', 'P', 24)}
    ${field(x + 200, 100, 'Code / Code / Código', issuer, 24)}
    ${field(x + 450, 100, 'Passport No. / N° du passeport / N° de pasaporte', holder.documentNumber, 26)}
    ${field(x, 175, 'Surname / Nom / Apellidos', holder.surname.toUpperCase(), 32)}
    ${field(x, 255, 'Given names / Prénoms / Nombres', holder.givenNames.toUpperCase(), 32)}
    ${field(x, 335, 'Nationality / Nationalité / Nacionalidad', 'UTOPIAN', 24)}
    ${field(x, 405, 'Date of birth / Date de naissance / Fecha de nacimiento', printedDate(holder.birthDate), 26)}
    ${field(x + 520, 405, 'Sex / Sexe / Sexo', holder.sex, 26)}
    ${field(x, 470, 'Place of birth / Lieu de naissance / Lugar de nacimiento', 'ZENITH', 24)}
    ${field(x, 540, 'Date of issue / Date de délivrance / Fecha de expedición', printedDate(issueDate(holder.expiryDate)), 24)}
    ${field(x, 610, "Date of expiry / Date d'expiration / Fecha de caducidad", printedDate(holder.expiryDate), 26)}
    <rect x="0" y="${PAGE_H - 200}" width="${PAGE_W}" height="200" fill="#f7f6f1"/>
    ${mrzRow(50, PAGE_H - 118, l1, options.mrzFont)}${mrzRow(50, PAGE_H - 48, l2, options.mrzFont)}
  </svg>`;
  const layers: OverlayOptions[] = [];
  if (options.portrait) {
    const face = await sharp(options.portrait.image).extract(options.portrait.crop).resize(300, 385, { fit: 'cover' }).modulate({ saturation: 0.8 }).toBuffer();
    layers.push({ input: face, left: 40, top: 100 });
  }
  return sharp(Buffer.from(svg)).composite(layers).png().toBuffer();
}

/** Ten years before expiry, same day. */
function issueDate(expiry: string): string {
  return `${String((Number(expiry.slice(0, 2)) + 90) % 100).padStart(2, '0')}${expiry.slice(2)}`;
}

/**
 * Perspective: the page seen from below its bottom edge, the top edge `amount` narrower. Inverse-maps every
 * output pixel (bilinear), background outside the page.
 */
async function perspective(png: Buffer, amount: number, background: [number, number, number]): Promise<Buffer> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const { width: w, height: h } = info;
  const out = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) {
    const v = y / (h - 1);
    // Row scale grows from (1 - amount) at the top to 1 at the bottom; rows bunch up towards the top.
    const scale = 1 - amount * (1 - v);
    const sy = Math.min(h - 1, Math.max(0, (h - 1) * (v * v * amount + v * (1 - amount))));
    for (let x = 0; x < w; x++) {
      const sx = (x - w / 2) / scale + w / 2;
      const o = (y * w + x) * 3;
      if (sx < 0 || sx > w - 1) {
        out[o] = background[0];
        out[o + 1] = background[1];
        out[o + 2] = background[2];
        continue;
      }
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      const x1 = Math.min(w - 1, x0 + 1);
      const y1 = Math.min(h - 1, y0 + 1);
      for (let c = 0; c < 3; c++) {
        const a = data[(y0 * w + x0) * 3 + c]! * (1 - fx) + data[(y0 * w + x1) * 3 + c]! * fx;
        const b = data[(y1 * w + x0) * 3 + c]! * (1 - fx) + data[(y1 * w + x1) * 3 + c]! * fx;
        out[o + c] = Math.round(a * (1 - fy) + b * fy);
      }
    }
  }
  return sharp(out, { raw: { width: w, height: h, channels: 3 } }).png().toBuffer();
}

/** The page as a phone photographs it: on a table, in perspective, tilted, lit unevenly, with glare, soft, JPEG. */
export async function photographPassport(page: Buffer, options: PassportOptions = {}): Promise<Buffer> {
  const table: [number, number, number] = [74, 63, 52];
  const margin = 70;
  const framed = await sharp(page)
    .extend({ top: margin, bottom: margin, left: margin, right: margin, background: { r: table[0], g: table[1], b: table[2] } })
    .png()
    .toBuffer();
  let img = (options.perspective ?? 0.08) > 0 ? await perspective(framed, options.perspective ?? 0.08, table) : framed;
  const meta = await sharp(img).metadata();
  const w = meta.width ?? PAGE_W;
  const h = meta.height ?? PAGE_H;
  const light = options.unevenLight ?? 0.3;
  const glare = options.glare ?? 0.35;
  const overlays: OverlayOptions[] = [];
  if (light > 0) {
    const shade = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><defs><radialGradient id="l" cx="0.15" cy="0.1" r="1.2"><stop offset="0" stop-color="#fff"/><stop offset="1" stop-color="rgb(${Math.round(255 * (1 - light))},${Math.round(255 * (1 - light))},${Math.round(255 * (1 - light * 0.8))})"/></radialGradient></defs><rect width="${w}" height="${h}" fill="url(#l)"/></svg>`;
    overlays.push({ input: Buffer.from(shade), blend: 'multiply' });
  }
  if (glare > 0) {
    const spot = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><defs><radialGradient id="g"><stop offset="0" stop-color="#fff" stop-opacity="${glare}"/><stop offset="1" stop-color="#fff" stop-opacity="0"/></radialGradient></defs><ellipse cx="${w * 0.72}" cy="${h * 0.3}" rx="${w * 0.16}" ry="${h * 0.1}" fill="url(#g)"/></svg>`;
    overlays.push({ input: Buffer.from(spot), blend: 'screen' });
  }
  img = await sharp(img).composite(overlays).png().toBuffer();
  let pipeline = sharp(img).rotate(options.tiltDegrees ?? 2.5, { background: { r: table[0], g: table[1], b: table[2] } });
  if ((options.blur ?? 0.7) > 0.3) pipeline = sharp(await pipeline.png().toBuffer()).blur(options.blur ?? 0.7);
  if (options.turn) pipeline = sharp(await pipeline.png().toBuffer()).rotate(options.turn);
  return pipeline.jpeg({ quality: options.jpegQuality ?? 80 }).toBuffer();
}

/** Renders and photographs a passport data page. */
export async function syntheticPassportPhoto(holder: PassportHolder, options: PassportOptions = {}): Promise<Buffer> {
  return photographPassport(await renderPassportPage(holder, options), options);
}
