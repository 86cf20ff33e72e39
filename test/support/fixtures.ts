/**
 * Every image the route tests and the latency benchmark use, generated at run time from photos shipped
 * in the @vladmandic/face-api npm package (group photos; the same woman appears in sample1.jpg and
 * sample3.jpg) and from the synthetic card renderer. Nothing here comes from ../shared.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { syntheticIdBackPhoto, syntheticIdPhoto, type CardHolder, type CardOptions } from './synthetic-id.js';
import type { Box, RgbImage } from '../../src/adapters/image/rgb-image.js';

const require = createRequire(import.meta.url);
const SAMPLES = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo');

interface Face {
  readonly file: string;
  /** Face box found by the detector in the full-size photo. */
  readonly box: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
}

/** Person A in two different photos (genuine pair), person B in a third. */
const PERSON_A_SELFIE: Face = { file: 'sample1.jpg', box: { x: 1491, y: 232, width: 179, height: 182 } };
const PERSON_A_PORTRAIT: Face = { file: 'sample3.jpg', box: { x: 1073, y: 244, width: 230, height: 257 } };
const PERSON_B_SELFIE: Face = { file: 'sample6.jpg', box: { x: 1168, y: 354, width: 202, height: 221 } };

export interface Fixtures {
  /** Selfie of person A: a head-and-shoulders crop, 1.5 MP-ish JPEG like a phone's front camera. */
  readonly selfieA: Buffer;
  /** Photo of a synthetic ID card whose portrait is person A from another photo. */
  readonly idA: Buffer;
  readonly holderA: CardHolder & { readonly typed: string; readonly typedReordered: string; readonly oneSharedToken: string };
  /** Selfie of a different person, B. */
  readonly selfieB: Buffer;
  /** A photo with no face in it: a rendered landscape gradient with shapes. */
  readonly noFace: Buffer;
  readonly gif: Buffer;
  /** A PNG whose header claims 50000 x 50000 pixels. */
  readonly bomb: Buffer;
}

const HOLDER_A = {
  surname: 'Müller',
  givenNames: 'Anna Sofia',
  documentNumber: 'D23145890',
  birthDate: '900415',
  expiryDate: '341231',
  sex: 'F',
  nationality: 'UTO',
  typed: 'Anna Sofia Müller',
  typedReordered: 'MULLER, anna sofia',
  oneSharedToken: 'Anna Schmidt',
} as const;

/** A crop around a face: `scale` face-widths wide, with the face a little above centre, like a selfie. */
function aroundFace(face: Face, scale: number, aspect: number, size: { width: number; height: number }) {
  const width = Math.round(face.box.width * scale);
  const height = Math.round(width / aspect);
  const cx = face.box.x + face.box.width / 2;
  const cy = face.box.y + face.box.height / 2;
  const left = Math.max(0, Math.round(cx - width / 2));
  const top = Math.max(0, Math.round(cy - height * 0.42));
  return { left, top, width: Math.min(width, size.width - left), height: Math.min(height, size.height - top) };
}

async function selfie(face: Face): Promise<Buffer> {
  const photo = await readFile(join(SAMPLES, face.file));
  const meta = await sharp(photo).metadata();
  const crop = aroundFace(face, 3.2, 3 / 4, { width: meta.width ?? 0, height: meta.height ?? 0 });
  return sharp(photo).extract(crop).resize({ width: 720 }).jpeg({ quality: 88 }).toBuffer();
}

/** A passport-style crop of a face in its photo, as a card prints it. */
async function portrait(face: Face): Promise<{ image: Buffer; crop: { left: number; top: number; width: number; height: number } }> {
  const photo = await readFile(join(SAMPLES, face.file));
  const meta = await sharp(photo).metadata();
  return { image: photo, crop: aroundFace(face, 1.7, 260 / 330, { width: meta.width ?? 0, height: meta.height ?? 0 }) };
}

/**
 * Person A's ID portrait (another photo than selfieA), for tests that print their own card: a card printed
 * from the selfie itself would be refused as the same photo (SELFIE_IS_DOCUMENT_PHOTO).
 */
export function portraitOfA(): ReturnType<typeof portrait> {
  return portrait(PERSON_A_PORTRAIT);
}

async function idCard(face: Face, holder: CardHolder, options: CardOptions = {}): Promise<Buffer> {
  return syntheticIdPhoto(holder, { portrait: await portrait(face), tiltDegrees: 3, jpegQuality: 82, ...options });
}

/**
 * Person A's ID card (the demo card's face and name) with other card options: another issuing state and
 * nationality (`nationality`, also written as the issuer), another MRZ font, no MRZ at all.
 */
export function idCardA(options: CardOptions & { readonly nationality?: string } = {}): Promise<Buffer> {
  const { nationality, ...card } = options;
  const holder = nationality === undefined ? HOLDER_A : { ...HOLDER_A, nationality };
  return idCard(PERSON_A_PORTRAIT, holder, nationality === undefined ? card : { issuer: nationality, ...card });
}

/** The back of person A's card (its TD1 MRZ), or of a card with other holder details (`holder`). */
export function idCardBackA(options: CardOptions & { readonly holder?: Partial<CardHolder> } = {}): Promise<Buffer> {
  const { holder, ...card } = options;
  return syntheticIdBackPhoto({ ...HOLDER_A, ...holder }, { tiltDegrees: -2, jpegQuality: 82, ...card });
}

async function landscape(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600">
    <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#7fb2e5"/><stop offset="1" stop-color="#f1e3c6"/></linearGradient></defs>
    <rect width="800" height="600" fill="url(#sky)"/>
    <polygon points="0,420 180,250 330,400 520,210 800,430 800,600 0,600" fill="#4d6b3c"/>
    <circle cx="640" cy="110" r="55" fill="#f7d66b"/>
    <rect x="90" y="470" width="140" height="90" fill="#8a5a3b"/>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

/** A valid PNG header (IHDR with correct CRC) declaring 50000 x 50000, followed by a tiny IDAT. */
async function pngBomb(): Promise<Buffer> {
  const small = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).png().toBuffer();
  const bomb = Buffer.from(small);
  bomb.writeUInt32BE(50_000, 16);
  bomb.writeUInt32BE(50_000, 20);
  bomb.writeUInt32BE(crc32(bomb.subarray(12, 29)), 29);
  return bomb;
}

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

let cached: Promise<Fixtures> | undefined;

/** Builds the fixtures once per process (they are deterministic). */
export function loadFixtures(): Promise<Fixtures> {
  cached ??= (async () => {
    const [selfieA, idA, selfieB, noFace, gif, bomb] = await Promise.all([
      selfie(PERSON_A_SELFIE),
      idCard(PERSON_A_PORTRAIT, HOLDER_A),
      selfie(PERSON_B_SELFIE),
      landscape(),
      sharp({ create: { width: 32, height: 32, channels: 3, background: '#c33' } }).gif().toBuffer(),
      pngBomb(),
    ]);
    return { selfieA, idA, holderA: HOLDER_A, selfieB, noFace, gif, bomb };
  })();
  return cached;
}

/** Person A's face in `selfieA` (the face engine's box), for tests that need it without running the models. */
export const SELFIE_A_FACE: Box = Object.freeze({ x: 236, y: 285, width: 243, height: 241 });

/**
 * A head-and-shoulders square of `photo` around `face`, `size` px wide like an LFW photo (what the spoof set
 * replays), with the face box mapped into it.
 */
export async function headSquare(photo: Buffer, face: Box, size = 250): Promise<{ image: RgbImage; box: Box }> {
  const side = Math.round(face.width * 2.3);
  const left = Math.round(face.x + face.width / 2 - side / 2);
  const top = Math.round(face.y + face.height * 0.55 - side / 2);
  const { data, info } = await sharp(photo).extract({ left, top, width: side, height: side }).resize(size, size).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const s = size / side;
  return {
    image: { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) },
    box: { x: (face.x - left) * s, y: (face.y - top) * s, width: face.width * s, height: face.height * s },
  };
}
