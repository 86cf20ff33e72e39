/**
 * Synthetic document photos for the conditions the real dev data holds few of (issue 15): TD1 card backs, both
 * sides of a card in one image, 400-700 px wide photos, phone-photo perspective with glare, MRZs set in a font
 * other than OCR-B with wide letter spacing, and a pen stroke across the MRZ. Every image is deterministic
 * (seeded) and comes with the MRZ lines it prints. Test and benchmark support only (excluded from the build).
 */
import sharp from 'sharp';
import { seededRandom } from './idsim.js';
import { mrzFontFamily, type MrzFont } from './mrz-font.js';
import { renderCard, td1Lines, type CardHolder } from './synthetic-id.js';
import { warpToQuad, type Quad } from './perspective.js';

export type Condition =
  | 'td1-back-600'
  | 'td1-back-400'
  | 'two-sided-700'
  | 'two-sided-500'
  | 'perspective-glare'
  | 'hand-held-dim'
  | 'glare-on-mrz'
  | 'other-font-wide'
  | 'sans-spaced-600'
  | 'sans-sparse-600'
  | 'pen-mark';

export const CONDITIONS: readonly Condition[] = [
  'td1-back-600', 'td1-back-400', 'two-sided-700', 'two-sided-500', 'perspective-glare', 'hand-held-dim', 'glare-on-mrz', 'other-font-wide', 'sans-spaced-600', 'sans-sparse-600', 'pen-mark',
];

export interface SyntheticDocument {
  readonly condition: Condition;
  readonly holder: CardHolder;
  /** The MRZ as printed (TD1, 3 x 30). */
  readonly mrz: readonly string[];
  /** Encoded JPEG. */
  readonly image: Buffer;
  /** False when the condition makes the MRZ unreadable on purpose (glare over it): a reader should refuse. */
  readonly readable: boolean;
}

const CARD_W = 1012;
const CARD_H = 638;
const SANS = 'DejaVu Sans';
const esc = (s: string): string => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
const text = (x: number, y: number, size: number, value: string, family = SANS, fill = '#1a1a1a'): string =>
  `<text x="${x}" y="${y}" font-family="${family}" font-size="${size}" fill="${fill}">${esc(value)}</text>`;

/** Holders with names rich in the letters wide spacing doubles (LL, SS) and in M/N/W. */
export const SYNTHETIC_HOLDERS: readonly CardHolder[] = [
  ['LLOYD', 'ALEXANDER JAMES'], ['MWANGI', 'WAMBUI NAOMI'], ['HAMMOND', 'VIVIAN MAE'], ['ROSSI', 'ISABELLA'],
  ['KOWALSKA', 'ANNA MARIA'], ['OKONKWO', 'CHINEDU'], ['NGUYEN', 'MINH ANH'], ['SCHMIDT', 'LUKAS'],
  ['FERREIRA', 'JOAO PEDRO'], ['ABRAHAMSSON', 'ELLA'], ['DUBOIS', 'CAMILLE'], ['PETROVIC', 'MILAN'],
].map(([surname, givenNames], i) => ({
  surname: surname!,
  givenNames: givenNames!,
  documentNumber: `X${(4731902 + i * 7919).toString().slice(0, 7)}${String.fromCharCode(65 + i)}`,
  birthDate: `${(62 + i * 3) % 100}`.padStart(2, '0') + `${(i % 12) + 1}`.padStart(2, '0') + `${(i * 5) % 28 + 1}`.padStart(2, '0'),
  expiryDate: `${29 + (i % 6)}${`${((i * 7) % 12) + 1}`.padStart(2, '0')}${`${((i * 3) % 28) + 1}`.padStart(2, '0')}`,
  sex: i % 2 === 0 ? 'M' : 'F',
  nationality: ['GBR', 'KEN', 'IRL', 'ITA', 'POL', 'NGA', 'VNM', 'DEU', 'PRT', 'SWE', 'FRA', 'SRB'][i]!,
}));

interface MrzSetting {
  /** An MRZ font, or `sans`: DejaVu Sans, a proportional font. */
  readonly font: MrzFont | 'sans';
  /** Character pitch on the 1012 px card (OCR-B at 40 px sets ~30; wide spacing puts the letters apart). */
  readonly pitch: number;
  readonly size: number;
}

const OCR_B_SETTING: MrzSetting = { font: 'ocr-b', pitch: 30, size: 40 };
/** A sans mono at 28 px (advance ~17 px) set at a 31 px pitch: gaps wider than the letters. */
const WIDE_MONO: MrzSetting = { font: 'mono', pitch: 31, size: 28 };
/** A proportional sans, each letter centred in a 31 px cell: narrow I and L, wide M and W, wide gaps. */
const SPACED_SANS: MrzSetting = { font: 'sans', pitch: 31, size: 30 };
/** The same at 21 px: cells twice as wide as the capitals are tall, the gaps wider than the letters. */
const SPARSE_SANS: MrzSetting = { font: 'sans', pitch: 31, size: 21 };

function mrzRows(lines: readonly string[], setting: MrzSetting): string {
  const family = setting.font === 'sans' ? SANS : mrzFontFamily(setting.font);
  const anchor = setting.font === 'sans' ? ' text-anchor="middle"' : '';
  const x0 = setting.font === 'sans' ? 48 + setting.pitch / 2 : 48;
  return lines
    .map((line, row) =>
      [...line]
        .map((c, i) => text(x0 + i * setting.pitch, CARD_H - 135 + row * 50, setting.size, c, family).replace('<text ', `<text${anchor} `))
        .join(''),
    )
    .join('');
}

/** The back of a TD1 card: a few printed lines above, the three-line MRZ at the bottom. */
export async function renderTd1Back(holder: CardHolder, setting: MrzSetting = OCR_B_SETTING, issuer = 'UTO'): Promise<Buffer> {
  const lines = td1Lines(holder, issuer);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_W}" height="${CARD_H}">
    <rect width="${CARD_W}" height="${CARD_H}" rx="36" fill="#e4ece6"/>
    ${text(40, 70, 20, 'Address / Adresse', SANS, '#4a5a66')}
    ${text(40, 102, 26, '12 HARBOUR STREET, NORTH BAY')}
    ${text(40, 150, 20, 'Place of birth / Lieu de naissance', SANS, '#4a5a66')}
    ${text(40, 182, 26, 'PORT UTOPIA')}
    ${text(40, 230, 20, 'Issued by / Délivrée par', SANS, '#4a5a66')}
    ${text(40, 262, 26, 'MINISTRY OF INTERIOR')}
    ${text(640, 230, 20, 'Height / Taille', SANS, '#4a5a66')}
    ${text(640, 262, 26, '1.74 m')}
    <rect x="0" y="${CARD_H - 190}" width="${CARD_W}" height="190" fill="#f4f4ef"/>
    ${mrzRows(lines, setting)}
  </svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** The card on a table, tilted, softened, scaled so the whole photo is `width` px wide. */
async function photograph(card: Buffer, width: number, tilt: number): Promise<Buffer> {
  const tilted = await sharp(card).rotate(tilt, { background: '#5b4a3a' }).blur(0.7).toBuffer();
  const meta = await sharp(tilted).metadata();
  const margin = 70;
  const framed = await sharp({ create: { width: meta.width! + 2 * margin, height: meta.height! + 2 * margin, channels: 3, background: '#5b4a3a' } })
    .composite([{ input: tilted, left: margin, top: margin }])
    .png()
    .toBuffer();
  return sharp(framed).resize({ width }).jpeg({ quality: 82 }).toBuffer();
}

/** Front above back, as a scanner or a two-page photo shows them. */
async function twoSided(front: Buffer, back: Buffer, width: number): Promise<Buffer> {
  const gap = 60;
  const sheet = await sharp({ create: { width: CARD_W + 2 * gap, height: 2 * CARD_H + 3 * gap, channels: 3, background: '#f2f2f2' } })
    .composite([{ input: front, left: gap, top: gap }, { input: back, left: gap, top: CARD_H + 2 * gap }])
    .png()
    .toBuffer();
  return sharp(sheet).blur(0.6).resize({ width }).jpeg({ quality: 82 }).toBuffer();
}

/** A bright elliptical highlight, as a flash or a lamp leaves on a laminated card. */
function glare(cx: number, cy: number, rx: number, ry: number): Buffer {
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_W}" height="${CARD_H}">
    <defs><radialGradient id="g"><stop offset="0" stop-color="#fff" stop-opacity="1"/><stop offset="0.55" stop-color="#fff" stop-opacity="0.95"/><stop offset="1" stop-color="#fff" stop-opacity="0"/></radialGradient></defs>
    <ellipse cx="${cx}" cy="${cy}" rx="${rx}" ry="${ry}" fill="url(#g)"/></svg>`);
}

/** A ballpoint stroke across the MRZ. */
function penStroke(random: () => number): Buffer {
  const y0 = CARD_H - 150 + random() * 40;
  const y1 = CARD_H - 60 + random() * 30;
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_W}" height="${CARD_H}">
    <path d="M ${120 + random() * 200} ${y0} C ${400} ${y1 + 30}, ${600} ${y0 - 30}, ${800 + random() * 150} ${y1}" stroke="#1b2a8a" stroke-width="4" fill="none" stroke-linecap="round" opacity="0.85"/></svg>`);
}

/**
 * The card seen by a hand-held phone: corners pulled by up to `strength` of the card size, on a dark table,
 * lit at `brightness`.
 */
async function perspectivePhoto(card: Buffer, random: () => number, width: number, strength: number, brightness: number): Promise<Buffer> {
  const outW = CARD_W + 200;
  const outH = CARD_H + 200;
  const j = (): number => (random() - 0.5) * 2 * strength;
  const quad: Quad = [
    [100 + j() * CARD_W, 100 + j() * CARD_H],
    [100 + CARD_W + j() * CARD_W, 100 + j() * CARD_H],
    [100 + CARD_W + j() * CARD_W, 100 + CARD_H + j() * CARD_H],
    [100 + j() * CARD_W, 100 + CARD_H + j() * CARD_H],
  ];
  const { data, info } = await sharp(card).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const warped = warpToQuad({ width: info.width, height: info.height, data }, quad, outW, outH, [70, 60, 50]);
  return sharp(Buffer.from(warped.data), { raw: { width: outW, height: outH, channels: 3 } })
    .modulate({ brightness })
    .blur(0.8)
    .resize({ width })
    .jpeg({ quality: 80 })
    .toBuffer();
}

/** One synthetic photo of `holder` under `condition`; `seed` varies tilt, glare and pen placement. */
export async function syntheticDocument(condition: Condition, holder: CardHolder, seed: number): Promise<SyntheticDocument> {
  const random = seededRandom(seed);
  const mrz = td1Lines(holder);
  const tilt = (random() - 0.5) * 6;
  const plain = await renderTd1Back(holder);
  const done = (image: Buffer, readable = true): SyntheticDocument => ({ condition, holder, mrz, image, readable });
  switch (condition) {
    case 'td1-back-600':
      return done(await photograph(plain, 600, tilt));
    case 'td1-back-400':
      return done(await photograph(plain, 400, tilt));
    case 'two-sided-700':
      return done(await twoSided(await renderCard(holder, { withoutMrz: true }), plain, 700));
    case 'two-sided-500':
      return done(await twoSided(await renderCard(holder, { withoutMrz: true }), plain, 500));
    case 'hand-held-dim':
      return done(await perspectivePhoto(plain, random, 600, 0.11, 0.6));
    case 'perspective-glare': {
      // Glare on the printed zone, not on the MRZ: the MRZ must still be read.
      const lit = await sharp(plain).composite([{ input: glare(300 + random() * 400, 160, 170, 90) }]).png().toBuffer();
      return done(await perspectivePhoto(lit, random, 700, 0.07, 0.8));
    }
    case 'glare-on-mrz': {
      const lit = await sharp(plain).composite([{ input: glare(380 + random() * 250, CARD_H - 85, 200, 75) }]).png().toBuffer();
      return done(await photograph(lit, 700, tilt), false);
    }
    case 'other-font-wide':
      return done(await photograph(await renderTd1Back(holder, WIDE_MONO), 700, tilt));
    case 'sans-spaced-600':
      return done(await photograph(await renderTd1Back(holder, SPACED_SANS), 600, tilt));
    case 'sans-sparse-600':
      return done(await photograph(await renderTd1Back(holder, SPARSE_SANS), 600, tilt));
    case 'pen-mark': {
      const marked = await sharp(plain).composite([{ input: penStroke(random) }]).png().toBuffer();
      return done(await photograph(marked, 700, tilt));
    }
  }
}
