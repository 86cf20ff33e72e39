/**
 * ID-photo simulation ("idsim"): LFW View 2 pairs where the FIRST image of each pair is printed as the
 * portrait of a synthetic ID card (synthetic-id.ts) and the card is then "photographed" — perspective tilt,
 * table background, uneven light, glare, sensor noise, blur, JPEG artefacts — while the second image stays the
 * "selfie". Everything is drawn from a seeded generator keyed by (seed, pair index), so a card is the same
 * whichever folds are rendered. Test and benchmark support only (`npm run make:idsim`, `bench/faces.ts --set
 * idsim`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { renderCardWithAlpha, type CardHolder } from './synthetic-id.js';

/** One LFW View 2 pair; paths relative to the LFW folder. */
export interface LfwPair {
  readonly index: number;
  /** 0-based fold. */
  readonly fold: number;
  readonly same: boolean;
  readonly first: { readonly person: string; readonly file: string };
  readonly second: { readonly person: string; readonly file: string };
}

/** Reads pairs.txt (View 2: header `folds perFold`, then per fold perFold same and perFold different lines). */
export function readLfwPairs(lfwDir: string): LfwPair[] {
  const lines = readFileSync(join(lfwDir, 'pairs.txt'), 'utf8').trim().split('\n');
  const [foldCount, perFold] = (lines[0] ?? '').trim().split(/\s+/).map(Number);
  if (!foldCount || !perFold) throw new Error('pairs.txt header missing');
  const file = (name: string, n: string): { person: string; file: string } =>
    ({ person: name, file: join('images', name, `${name}_${n.padStart(4, '0')}.jpg`) });
  const out: LfwPair[] = [];
  for (let i = 0; i < foldCount * 2 * perFold; i++) {
    const cols = (lines[1 + i] ?? '').trim().split('\t');
    const fold = Math.floor(i / (2 * perFold));
    if (cols.length === 3) out.push({ index: i, fold, same: true, first: file(cols[0]!, cols[1]!), second: file(cols[0]!, cols[2]!) });
    else if (cols.length === 4) out.push({ index: i, fold, same: false, first: file(cols[0]!, cols[1]!), second: file(cols[2]!, cols[3]!) });
    else throw new Error(`bad pairs.txt line ${i + 2}`);
  }
  return out;
}

/** mulberry32: small, fast, good enough for image jitter; deterministic across platforms. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Seed for one pair: independent streams per (seed, index). */
export function pairSeed(seed: number, index: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (index + 0x85ebca6b), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** The random choices behind one simulated card photo (also written to the manifest for inspection). */
export interface CapturePlan {
  readonly portraitWidth: number;
  readonly portraitSaturation: number;
  /** Card width in the photo, pixels. */
  readonly cardWidthPx: number;
  readonly rotationDeg: number;
  /** Keystone: how much narrower one card edge appears than the opposite one (0..1). */
  readonly keystone: number;
  readonly lightGain: number;
  /** Brightness falloff across the frame (0 = flat). */
  readonly lightGradient: number;
  readonly glare: number;
  readonly noiseSigma: number;
  readonly blurSigma: number;
  readonly jpegQuality: number;
}

const between = (rnd: () => number, lo: number, hi: number): number => lo + (hi - lo) * rnd();

export function planCapture(rnd: () => number): CapturePlan {
  return {
    portraitWidth: Math.round(between(rnd, 200, 260)),
    portraitSaturation: rnd() < 0.5 ? 0 : between(rnd, 0.15, 0.45),
    cardWidthPx: Math.round(between(rnd, 620, 1000)),
    rotationDeg: between(rnd, -8, 8),
    keystone: between(rnd, 0, 0.12),
    lightGain: between(rnd, 0.75, 1.1),
    lightGradient: between(rnd, 0.05, 0.35),
    glare: rnd() < 0.7 ? between(rnd, 0.25, 0.7) : 0,
    noiseSigma: between(rnd, 1.5, 5),
    blurSigma: between(rnd, 0.5, 1.3),
    jpegQuality: Math.round(between(rnd, 35, 75)),
  };
}

const SURNAMES = ['Garcia', 'Novak', 'Okafor', 'Lindqvist', 'Moreau', 'Kowalski', 'Tanaka', 'Rossi', 'Haddad', 'Smith'];
const GIVEN = ['Maria', 'Jan', 'Amara', 'Erik', 'Lucie', 'Piotr', 'Yuki', 'Giulia', 'Omar', 'Alex'];

/** A plausible holder for the printed fields (the names do not matter to the face benchmark). */
export function randomHolder(rnd: () => number): CardHolder {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const digits = (n: number): string => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join('');
  const two = (lo: number, hi: number): string => String(Math.floor(between(rnd, lo, hi + 1))).padStart(2, '0');
  return {
    surname: pick(SURNAMES),
    givenNames: pick(GIVEN),
    documentNumber: `L${digits(8)}`,
    birthDate: `${two(50, 99)}${two(1, 12)}${two(1, 28)}`,
    expiryDate: `${two(27, 35)}${two(1, 12)}${two(1, 28)}`,
    sex: rnd() < 0.5 ? 'F' : 'M',
    nationality: 'UTO',
  };
}

/**
 * Renders the ID-card photo for one pair: `portrait` is the LFW image (250x250, face roughly centred) whose
 * central region is printed on the card. Returns JPEG bytes and the plan that produced them.
 */
export async function simulateIdPhoto(portrait: Buffer, seed: number): Promise<{ jpeg: Buffer; plan: CapturePlan }> {
  const rnd = seededRandom(seed);
  const plan = planCapture(rnd);
  const holder = randomHolder(rnd);
  const meta = await sharp(portrait).metadata();
  const w = meta.width ?? 250, h = meta.height ?? 250;
  // LFW faces sit in the middle ~110 px of a 250 px image; a passport-style crop shows head and shoulders.
  const cw = Math.round(w * 0.56), ch = Math.round((cw * 330) / 260);
  const left = Math.max(0, Math.min(w - cw, Math.round(w / 2 - cw / 2 + between(rnd, -6, 6))));
  const top = Math.max(0, Math.min(h - ch, Math.round(h * 0.16 + between(rnd, -6, 6))));
  const card = await renderCardWithAlpha(holder, {
    portrait: { image: portrait, crop: { left, top, width: cw, height: ch } },
    portraitWidth: plan.portraitWidth,
    portraitSaturation: plan.portraitSaturation,
  });
  const scale = plan.cardWidthPx / 1012;
  const { data, info } = await sharp(card).resize(Math.round(1012 * scale), Math.round(638 * scale)).ensureAlpha().raw()
    .toBuffer({ resolveWithObject: true });
  const photo = photograph({ width: info.width, height: info.height, data }, plan, rnd);
  const jpeg = await sharp(photo.data, { raw: { width: photo.width, height: photo.height, channels: 3 } })
    .blur(plan.blurSigma)
    .jpeg({ quality: plan.jpegQuality })
    .toBuffer();
  return { jpeg, plan };
}

interface Rgba { readonly width: number; readonly height: number; readonly data: Uint8Array }

/**
 * Places the RGBA card on a table in a larger frame through a perspective warp (rotation + keystone), then
 * applies uneven light, a specular glare spot and sensor noise. Pure pixel work on raw buffers.
 */
function photograph(card: Rgba, plan: CapturePlan, rnd: () => number): { width: number; height: number; data: Uint8Array } {
  const W = Math.round(card.width * between(rnd, 1.15, 1.45));
  const H = Math.round(card.height * between(rnd, 1.3, 1.7));
  // Destination quad: card corners rotated about the frame centre, one edge shortened (keystone).
  const cx = W / 2 + between(rnd, -0.05, 0.05) * W, cy = H / 2 + between(rnd, -0.05, 0.05) * H;
  const a = (plan.rotationDeg * Math.PI) / 180, cos = Math.cos(a), sin = Math.sin(a);
  const hw = card.width / 2, hh = card.height / 2;
  const k = plan.keystone, side = rnd() < 0.5;
  const corners: [number, number][] = [[-hw, -hh], [hw, -hh], [hw, hh], [-hw, hh]].map(([x, y], i) => {
    // Shrink the top edge (or the right edge) towards its middle: a card seen from below / from the side.
    const shrink = side ? (i < 2 ? 1 - k : 1) : (i === 1 || i === 2 ? 1 - k : 1);
    const sx = side ? x! * shrink : x!, sy = side ? y! : y! * shrink;
    return [cx + sx * cos - sy * sin, cy + sx * sin + sy * cos];
  });
  const src: [number, number][] = [[0, 0], [card.width, 0], [card.width, card.height], [0, card.height]];
  const Hm = homography(corners, src); // frame -> card
  const out = new Uint8Array(W * H * 3);
  const table = [between(rnd, 60, 150), between(rnd, 50, 120), between(rnd, 40, 100)];
  const lx = between(rnd, -1, 1), ly = between(rnd, -1, 1);
  const gx = between(rnd, 0.2, 0.8) * W, gy = between(rnd, 0.2, 0.8) * H;
  const gsx = between(rnd, 0.06, 0.18) * W, gsy = between(rnd, 0.05, 0.15) * H;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const d = Hm[6]! * x + Hm[7]! * y + 1;
      const u = (Hm[0]! * x + Hm[1]! * y + Hm[2]!) / d;
      const v = (Hm[3]! * x + Hm[4]! * y + Hm[5]!) / d;
      // Table: flat colour with a slow wood-like streak.
      const streak = 8 * Math.sin(y * 0.05 + 0.3 * Math.sin(x * 0.01));
      let r = table[0]! + streak, g = table[1]! + streak, b = table[2]! + streak;
      const px = sample(card, u, v);
      if (px !== undefined && px[3] > 0) {
        const t = px[3] / 255;
        r = r * (1 - t) + px[0] * t;
        g = g * (1 - t) + px[1] * t;
        b = b * (1 - t) + px[2] * t;
      }
      const nx = x / W - 0.5, ny = y / H - 0.5;
      const light = plan.lightGain * (1 + plan.lightGradient * (lx * nx + ly * ny) * 2 - 0.3 * plan.lightGradient * (nx * nx + ny * ny) * 4);
      const glare = plan.glare * 255 * Math.exp(-(((x - gx) / gsx) ** 2 + ((y - gy) / gsy) ** 2));
      const i = (y * W + x) * 3;
      out[i] = clamp(r * light + glare + gauss(rnd) * plan.noiseSigma);
      out[i + 1] = clamp(g * light + glare + gauss(rnd) * plan.noiseSigma);
      out[i + 2] = clamp(b * light + glare + gauss(rnd) * plan.noiseSigma);
    }
  }
  return { width: W, height: H, data: out };
}

const clamp = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

function gauss(rnd: () => number): number {
  // Sum of two uniforms (triangular): cheap, roughly bell-shaped, unit variance.
  return (rnd() + rnd() - 1) * 2.449;
}

const texel: [number, number, number, number] = [0, 0, 0, 0];

/**
 * Bilinear RGBA sample (transparent outside the image, so the card's edge fades into the table); undefined
 * when far outside. Returns a shared scratch array: read it before the next call.
 */
function sample(img: Rgba, u: number, v: number): readonly [number, number, number, number] | undefined {
  const x = u - 0.5, y = v - 0.5;
  const x0 = Math.floor(x), y0 = Math.floor(y);
  if (x0 < -1 || y0 < -1 || x0 >= img.width || y0 >= img.height) return undefined;
  const fx = x - x0, fy = y - y0;
  const w00 = (1 - fx) * (1 - fy), w10 = fx * (1 - fy), w01 = (1 - fx) * fy, w11 = fx * fy;
  const inside = (xx: number, yy: number): boolean => xx >= 0 && yy >= 0 && xx < img.width && yy < img.height;
  const i00 = inside(x0, y0) ? (y0 * img.width + x0) * 4 : -1;
  const i10 = inside(x0 + 1, y0) ? (y0 * img.width + x0 + 1) * 4 : -1;
  const i01 = inside(x0, y0 + 1) ? ((y0 + 1) * img.width + x0) * 4 : -1;
  const i11 = inside(x0 + 1, y0 + 1) ? ((y0 + 1) * img.width + x0 + 1) * 4 : -1;
  const d = img.data;
  for (let c = 0; c < 4; c++) {
    texel[c] = (i00 < 0 ? 0 : d[i00 + c]! * w00) + (i10 < 0 ? 0 : d[i10 + c]! * w10)
      + (i01 < 0 ? 0 : d[i01 + c]! * w01) + (i11 < 0 ? 0 : d[i11 + c]! * w11);
  }
  return texel;
}

/**
 * Homography mapping four `from` points onto four `to` points, as [h0..h7] with h8 = 1 (direct linear
 * transform solved by Gaussian elimination with partial pivoting).
 */
export function homography(from: readonly [number, number][], to: readonly [number, number][]): number[] {
  const A: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = from[i]!, [u, v] = to[i]!;
    A.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
    A.push([0, 0, 0, x, y, 1, -v * x, -v * y, v]);
  }
  for (let c = 0; c < 8; c++) {
    let p = c;
    for (let r = c + 1; r < 8; r++) if (Math.abs(A[r]![c]!) > Math.abs(A[p]![c]!)) p = r;
    [A[c], A[p]] = [A[p]!, A[c]!];
    const pivot = A[c]![c]!;
    if (Math.abs(pivot) < 1e-12) throw new Error('degenerate quad');
    for (let r = 0; r < 8; r++) {
      if (r === c) continue;
      const f = A[r]![c]! / pivot;
      for (let k = c; k < 9; k++) A[r]![k]! -= f * A[c]![k]!;
    }
  }
  return A.map((row, i) => row[8]! / row[i]!);
}
