/**
 * Renders a synthetic ID-1 identity card (portrait, ghost portrait, printed fields, TD1 MRZ with correct
 * check digits) and photographs it: placed on a table, tilted, softened and JPEG-compressed. Deterministic,
 * so tests get the same bytes every run. Route-test fixtures use it with npm-shipped photos; the ID-photo
 * simulation (`idsim.ts`, `npm run make:idsim`) uses it with LFW portraits and its own photographing step.
 * Test and benchmark support only: excluded from the build (tsconfig.build.json).
 */
import sharp, { type OverlayOptions } from 'sharp';
import { mrzCheckDigit } from '../../src/domain/mrz.js';
import { foldIcao } from '../../src/domain/text-normalise.js';
import { mrzFontFamily, type MrzFont } from './mrz-font.js';

export interface CardHolder {
  readonly surname: string;
  readonly givenNames: string;
  readonly documentNumber: string;
  /** YYMMDD */
  readonly birthDate: string;
  /** YYMMDD */
  readonly expiryDate: string;
  readonly sex: 'F' | 'M' | '<';
  readonly nationality: string;
}

export interface CardOptions {
  /** Any image containing the holder's face; it is cropped with `crop` and printed desaturated. */
  readonly portrait?: { readonly image: Buffer; readonly crop: { left: number; top: number; width: number; height: number } };
  /**
   * How the small ghost portrait is printed. `faint` (default): low contrast like real cards, which the face
   * detector normally does not find; `visible`: larger and darker, so a detector does find it (tests that the
   * main portrait is still chosen); `none`: no ghost.
   */
  readonly ghost?: 'faint' | 'visible' | 'none';
  /** Saturation kept in the printed portrait, 0 (greyscale, default) to 1 (full colour). */
  readonly portraitSaturation?: number;
  /** Printed portrait width on the 1012 px card (default 260; height keeps the 260:330 aspect). */
  readonly portraitWidth?: number;
  /** Rotation of the card in the photo, degrees. */
  readonly tiltDegrees?: number;
  readonly jpegQuality?: number;
  /** MRZ font: OCR-B when installed (default, as on real cards), or DejaVu Sans Mono set widely. */
  readonly mrzFont?: MrzFont;
  /** Issuing state in the MRZ (default UTO, ICAO's specimen state). */
  readonly issuer?: string;
  /** Leave the MRZ band empty: a printed-name card, or a sheet with a face and a name. */
  readonly withoutMrz?: boolean;
}

const CARD_W = 1012;
const CARD_H = 638;
const SANS = 'DejaVu Sans';

/** ICAO MRZ field form: transliterated (Ü -> UE), spaces and hyphens as '<', padded with '<'. */
export function mrzField(text: string, length: number): string {
  const cleaned = foldIcao(text).replace(/[^A-Z0-9]+/g, '<');
  return length === 0 ? cleaned : cleaned.padEnd(length, '<').slice(0, length);
}

/** TD1 lines (3 x 30) for the holder, with every check digit computed. */
export function td1Lines(holder: CardHolder, issuer = 'UTO'): [string, string, string] {
  const number = mrzField(holder.documentNumber, 9);
  const line1 = `I<${issuer}${number}${mrzCheckDigit(number)}`.padEnd(30, '<');
  const partial = `${holder.birthDate}${mrzCheckDigit(holder.birthDate)}${holder.sex}${holder.expiryDate}${mrzCheckDigit(holder.expiryDate)}${holder.nationality}`;
  const body2 = partial.padEnd(29, '<');
  const composite = `${line1.slice(5, 30)}${body2.slice(0, 7)}${body2.slice(8, 15)}${body2.slice(18, 29)}`;
  const line2 = `${body2}${mrzCheckDigit(composite)}`;
  const name = `${mrzField(holder.surname, 0).replace(/<+$/, '')}<<${mrzField(holder.givenNames, 0).replace(/<+$/, '')}`;
  const line3 = name.padEnd(30, '<').slice(0, 30);
  return [line1, line2, line3];
}

const escapeXml = (s: string): string => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

function text(x: number, y: number, size: number, value: string, opts: { bold?: boolean; fill?: string; family?: string } = {}): string {
  return `<text x="${x}" y="${y}" font-family="${opts.family ?? SANS}" font-size="${size}" font-weight="${opts.bold ? 'bold' : 'normal'}" fill="${opts.fill ?? '#1a1a1a'}">${escapeXml(value)}</text>`;
}

/** Monospaced MRZ: one <text> per character, because sharp's SVG renderer ignores per-glyph x lists. */
function mrzText(x: number, y: number, line: string, font: MrzFont | undefined): string {
  const pitch = 30;
  const family = mrzFontFamily(font);
  // Courier is typed at its own pitch, as a word processor sets it (its advance is 0.6 em); the others at 40 px.
  const size = font === 'courier' ? pitch / 0.6 : 40;
  return [...line].map((c, i) => text(x + i * pitch, y, size, c, { family })).join('');
}

function formatDate(yymmdd: string): string {
  const yy = Number(yymmdd.slice(0, 2));
  const year = yy > 50 ? 1900 + yy : 2000 + yy;
  return `${yymmdd.slice(4, 6)}.${yymmdd.slice(2, 4)}.${year}`;
}

/** The flat card, before it is photographed (rounded corners filled black, no alpha). */
export async function renderCard(holder: CardHolder, options: CardOptions = {}): Promise<Buffer> {
  return sharp(await renderCardWithAlpha(holder, options)).removeAlpha().png().toBuffer();
}

/** The flat card as an RGBA PNG whose rounded corners are transparent, for compositing onto a scene. */
export async function renderCardWithAlpha(holder: CardHolder, options: CardOptions = {}): Promise<Buffer> {
  const [l1, l2, l3] = td1Lines(holder, options.issuer);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_W}" height="${CARD_H}">
    <defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#e9f0f4"/><stop offset="1" stop-color="#d6e2d9"/></linearGradient></defs>
    <rect width="${CARD_W}" height="${CARD_H}" rx="36" fill="url(#bg)"/>
    <rect x="0" y="0" width="${CARD_W}" height="70" fill="#2f5d7c"/>
    ${text(40, 48, 30, 'REPUBLIC OF UTOPIA  IDENTITY CARD', { bold: true, fill: '#ffffff' })}
    ${text(330, 120, 18, 'Surname / Nom', { fill: '#4a5a66' })}
    ${text(330, 156, 32, holder.surname.toUpperCase(), { bold: true })}
    ${text(330, 200, 18, 'Given names / Prénoms', { fill: '#4a5a66' })}
    ${text(330, 236, 32, holder.givenNames.toUpperCase(), { bold: true })}
    ${text(330, 280, 18, 'Date of birth', { fill: '#4a5a66' })}
    ${text(330, 310, 26, formatDate(holder.birthDate))}
    ${text(600, 280, 18, 'Sex', { fill: '#4a5a66' })}
    ${text(600, 310, 26, holder.sex)}
    ${text(330, 350, 18, 'Document no.', { fill: '#4a5a66' })}
    ${text(330, 380, 26, holder.documentNumber)}
    ${text(600, 350, 18, 'Date of expiry', { fill: '#4a5a66' })}
    ${text(600, 380, 26, formatDate(holder.expiryDate))}
    <rect x="0" y="${CARD_H - 190}" width="${CARD_W}" height="190" fill="#f4f4ef"/>
    ${options.withoutMrz ? '' : mrzText(56, CARD_H - 135, l1, options.mrzFont) + mrzText(56, CARD_H - 85, l2, options.mrzFont) + mrzText(56, CARD_H - 35, l3, options.mrzFont)}
  </svg>`;
  const layers: OverlayOptions[] = [];
  if (options.portrait !== undefined) {
    const saturation = options.portraitSaturation ?? 0;
    const cropped = sharp(options.portrait.image).extract(options.portrait.crop);
    const face = saturation <= 0
      ? cropped.greyscale().modulate({ brightness: 1.05 })
      : cropped.modulate({ brightness: 1.05, saturation });
    const width = Math.round(options.portraitWidth ?? 260);
    const height = Math.round((width * 330) / 260);
    const main = await face.clone().resize(width, height, { fit: 'cover' }).toBuffer();
    layers.push({ input: main, left: 40 + Math.round((260 - width) / 2), top: 95 + Math.round((330 - height) / 2) });
    const ghost = options.ghost ?? 'faint';
    // The small "ghost" portrait real cards carry as a security feature: faint and low contrast.
    if (ghost === 'faint') {
      layers.push({ input: await face.clone().greyscale().resize(90, 114, { fit: 'cover' }).linear(0.35, 150).toBuffer(), left: 860, top: 300 });
    } else if (ghost === 'visible') {
      layers.push({ input: await face.clone().greyscale().resize(200, 254, { fit: 'cover' }).linear(0.8, 40).toBuffer(), left: 790, top: 180 });
    }
  }
  return sharp(Buffer.from(svg)).composite(layers).png().toBuffer();
}

/**
 * The back of the card: the issuer's band, an address block and the TD1 MRZ (the layout of most European
 * identity cards, whose front then carries no MRZ: render it with `withoutMrz`). `mrzFont` and `issuer` as
 * for the front.
 */
export async function renderCardBack(holder: CardHolder, options: CardOptions = {}): Promise<Buffer> {
  const [l1, l2, l3] = td1Lines(holder, options.issuer);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_W}" height="${CARD_H}">
    <rect width="${CARD_W}" height="${CARD_H}" rx="36" fill="#e4ece6"/>
    <rect x="0" y="0" width="${CARD_W}" height="70" fill="#2f5d7c"/>
    ${text(40, 48, 30, 'REPUBLIC OF UTOPIA', { bold: true, fill: '#ffffff' })}
    ${text(60, 130, 18, 'Address / Adresse', { fill: '#4a5a66' })}
    ${text(60, 166, 28, '12 HARBOUR STREET, UTOPIA CITY')}
    ${text(60, 220, 18, 'Height / Taille', { fill: '#4a5a66' })}
    ${text(60, 254, 28, '1.68 m')}
    ${text(60, 308, 18, 'Authority / Autorité', { fill: '#4a5a66' })}
    ${text(60, 342, 28, 'CITY OFFICE 7')}
    <rect x="0" y="${CARD_H - 190}" width="${CARD_W}" height="190" fill="#f4f4ef"/>
    ${mrzText(56, CARD_H - 135, l1, options.mrzFont) + mrzText(56, CARD_H - 85, l2, options.mrzFont) + mrzText(56, CARD_H - 35, l3, options.mrzFont)}
  </svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** The back of the card, photographed as `syntheticIdPhoto` photographs the front. */
export async function syntheticIdBackPhoto(holder: CardHolder, options: CardOptions = {}): Promise<Buffer> {
  return photographCard(await renderCardBack(holder, options), options);
}

/** The card as a phone photographs it: on a table, tilted, slightly soft, JPEG-compressed. */
export async function photographCard(card: Buffer, options: CardOptions = {}): Promise<Buffer> {
  const tilted = await sharp(card)
    .rotate(options.tiltDegrees ?? 4, { background: '#5b4a3a' })
    .blur(0.8)
    .toBuffer();
  const meta = await sharp(tilted).metadata();
  const margin = 90;
  return sharp({ create: { width: (meta.width ?? CARD_W) + 2 * margin, height: (meta.height ?? CARD_H) + 2 * margin, channels: 3, background: '#5b4a3a' } })
    .composite([{ input: tilted, left: margin, top: margin }])
    .jpeg({ quality: options.jpegQuality ?? 80 })
    .toBuffer();
}

export async function syntheticIdPhoto(holder: CardHolder, options: CardOptions = {}): Promise<Buffer> {
  return photographCard(await renderCard(holder, options), options);
}
