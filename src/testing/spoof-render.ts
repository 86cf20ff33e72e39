/**
 * What the simulated camera (spoof-camera.ts) looks at: the live face itself, or the same photo shown on a
 * screen or printed on paper. Each renderer draws a float RGB scene of SCENE x SCENE pixels and says where the
 * source photo landed in it, so the face box can follow. Randomness comes only from `rng` (deterministic sets).
 */
import sharp from 'sharp';
import type { Box, RgbImage } from '../adapters/image/rgb-image.js';
import { SUPERSAMPLE, type FloatImage } from './spoof-camera.js';

/** Scene side in pixels (the photographed image is SCENE / SUPERSAMPLE). */
export const SCENE = 800;

export const ATTACK_TYPES = ['screen', 'screen-bezel', 'print-halftone', 'print-grey', 'print-photo'] as const;
export type AttackType = (typeof ATTACK_TYPES)[number];
export type Presentation = 'genuine' | AttackType;

/** A rendered scene and the source photo's placement in it (scene = offset + scale * source). */
export interface Scene {
  readonly image: FloatImage;
  readonly scale: number;
  readonly x: number;
  readonly y: number;
}

const uniform = (rng: () => number, lo: number, hi: number): number => lo + (hi - lo) * rng();

async function resized(source: RgbImage, side: number): Promise<Uint8Array> {
  const data = await sharp(source.data, { raw: { width: source.width, height: source.height, channels: 3 } })
    .resize(side, side, { fit: 'fill', kernel: 'cubic' }).raw().toBuffer();
  return new Uint8Array(data.buffer, data.byteOffset, data.length);
}

/** Renders `presentation` of the square `source` photo. */
export async function renderScene(source: RgbImage, presentation: Presentation, rng: () => number): Promise<Scene> {
  switch (presentation) {
    case 'genuine': return { image: toFloat(await resized(source, SCENE)), scale: SCENE / source.width, x: 0, y: 0 };
    case 'screen': return screen(source, rng, false);
    case 'screen-bezel': return screen(source, rng, true);
    case 'print-halftone': return print(source, rng, 'cmyk');
    case 'print-grey': return print(source, rng, 'grey');
    case 'print-photo': return print(source, rng, 'photo');
  }
}

function toFloat(bytes: Uint8Array): FloatImage {
  return { width: SCENE, height: SCENE, data: Float32Array.from(bytes) };
}

/**
 * An LCD showing the photo: each screen pixel is three vertical R, G, B stripes with a dark row gap between
 * pixel rows, at a pitch of 1.5-3.5 output pixels (close enough to the sensor's pitch to alias into moire),
 * with the panel's raised black, changed gamma and cooler white. With `bezel`, a phone or monitor frame and the
 * room behind it are in the shot, and a window reflects on the glass.
 */
async function screen(source: RgbImage, rng: () => number, bezel: boolean): Promise<Scene> {
  const pitch = uniform(rng, 1.5, 3.5) * SUPERSAMPLE;
  const inset = bezel ? Math.round(SCENE * uniform(rng, 0.1, 0.16)) : 0;
  const frame = bezel ? Math.round(SCENE * uniform(rng, 0.03, 0.06)) : 0;
  const side = SCENE - 2 * inset;
  const n = Math.max(8, Math.round(side / pitch));
  const shown = await resized(source, n);
  const black = uniform(rng, 0.02, 0.08), gamma = uniform(rng, 0.85, 1.15), cool = uniform(rng, 0, 0.12);
  const gap = uniform(rng, 0.1, 0.3), leak = 0.04;
  const tint = [1 - cool, 1, 1 + cool / 2];
  const room = [uniform(rng, 60, 200), uniform(rng, 60, 200), uniform(rng, 60, 200)];
  const bezelGrey = uniform(rng, 10, 40);
  const data = new Float32Array(SCENE * SCENE * 3);
  for (let y = 0; y < SCENE; y++) {
    for (let x = 0; x < SCENE; x++) {
      const o = (y * SCENE + x) * 3;
      const inScreen = x >= inset && x < SCENE - inset && y >= inset && y < SCENE - inset;
      if (!inScreen) {
        const inFrame = x >= inset - frame && x < SCENE - inset + frame && y >= inset - frame && y < SCENE - inset + frame;
        for (let c = 0; c < 3; c++) data[o + c] = inFrame ? bezelGrey : room[c]! * (0.8 + (0.4 * y) / SCENE);
        continue;
      }
      const u = (x - inset) / pitch, v = (y - inset) / pitch;
      const i = Math.min(n - 1, Math.floor(u)), j = Math.min(n - 1, Math.floor(v));
      if (v - Math.floor(v) > 1 - gap) continue;
      const lit = Math.min(2, Math.floor(3 * (u - Math.floor(u))));
      for (let c = 0; c < 3; c++) {
        const level = 255 * (black + (1 - black) * (shown[(j * n + i) * 3 + c]! / 255) ** gamma) * tint[c]!;
        data[o + c] = (c === lit ? level : leak * level) * (3 / (1 - gap));
      }
    }
  }
  const image = { width: SCENE, height: SCENE, data };
  if (bezel || rng() < 0.5) addGlare(image, rng);
  return { image, scale: side / source.width, x: inset, y: inset };
}

type Ink = 'cmyk' | 'grey' | 'photo';

/** Screen angles of the four inks, degrees. */
const ANGLE = { c: 15, m: 75, y: 0, k: 45 } as const;
const INKS = ['c', 'm', 'y', 'k'] as const;
/** Share of red, green and blue each ink absorbs. */
const ABSORB = { c: [0.8, 0.25, 0.05], m: [0.1, 0.8, 0.25], y: [0.02, 0.08, 0.85], k: [0.88, 0.88, 0.88] } as const;

/**
 * The photo printed on paper filling the frame: 'cmyk' an office colour print with rotated halftone dot screens,
 * 'grey' a black-and-white printout (visible dots, or dots too fine to resolve), 'photo' a continuous-tone photo
 * print (no dots at all; only its reduced colour and contrast, and sometimes a glossy reflection, give it away).
 */
async function print(source: RgbImage, rng: () => number, ink: Ink): Promise<Scene> {
  const zoom = uniform(rng, 1, 1.15);
  const side = Math.round(SCENE * zoom), offset = (SCENE - side) / 2;
  const full = await resized(source, side);
  const paper = [uniform(rng, 232, 250), uniform(rng, 228, 246), uniform(rng, 212, 238)];
  const fine = ink === 'grey' && rng() < 0.4;
  const period = (fine ? uniform(rng, 0.9, 1.3) : uniform(rng, 1.6, 4)) * SUPERSAMPLE;
  const turn = uniform(rng, -3, 3);
  const inks = INKS.map((name) => {
    const a = ((ANGLE[name] + turn) * Math.PI) / 180;
    return { cos: Math.cos(a) / period, sin: Math.sin(a) / period, absorb: ABSORB[name] };
  });
  const saturation = uniform(rng, 0.55, 0.85), contrast = uniform(rng, 0.8, 0.92);
  const data = new Float32Array(SCENE * SCENE * 3);
  const cover = new Float64Array(4);
  for (let y = 0; y < SCENE; y++) {
    for (let x = 0; x < SCENE; x++) {
      const sx = Math.min(side - 1, Math.max(0, Math.round(x - offset))), sy = Math.min(side - 1, Math.max(0, Math.round(y - offset)));
      const i = (sy * side + sx) * 3, o = (y * SCENE + x) * 3;
      const r = full[i]! / 255, g = full[i + 1]! / 255, b = full[i + 2]! / 255;
      const luma = 0.299 * r + 0.587 * g + 0.114 * b;
      if (ink === 'photo') {
        data[o] = paper[0]! * (1 - contrast + contrast * (luma + saturation * (r - luma)));
        data[o + 1] = paper[1]! * (1 - contrast + contrast * (luma + saturation * (g - luma)));
        data[o + 2] = paper[2]! * (1 - contrast + contrast * (luma + saturation * (b - luma)));
        continue;
      }
      if (ink === 'grey') cover.set([0, 0, 0, (1 - luma) ** 0.9]);
      else cmyk(r, g, b, cover);
      let outR = paper[0]!, outG = paper[1]!, outB = paper[2]!;
      for (let k = 0; k < 4; k++) {
        if (cover[k] === 0) continue;
        const { cos, sin, absorb } = inks[k]!;
        // Dots grow from the cell centres of a rotated cos x cos spot function as coverage rises.
        const threshold = 0.5 - 0.25 * (Math.cos(2 * Math.PI * (cos * x + sin * y)) + Math.cos(2 * Math.PI * (cos * y - sin * x)));
        if (cover[k]! <= threshold) continue;
        outR *= 1 - absorb[0]; outG *= 1 - absorb[1]; outB *= 1 - absorb[2];
      }
      data[o] = outR; data[o + 1] = outG; data[o + 2] = outB;
    }
  }
  const image = { width: SCENE, height: SCENE, data };
  if (ink === 'photo' && rng() < 0.5) addGlare(image, rng);
  return { image, scale: side / source.width, x: offset, y: offset };
}

/** Ink coverage 0..1 (c, m, y, k into `out`) with part of the common grey moved to black, as office printers do. */
function cmyk(r: number, g: number, b: number, out: Float64Array): void {
  const c = 1 - r, m = 1 - g, y = 1 - b;
  const k = 0.7 * Math.min(c, m, y);
  out[0] = c - k; out[1] = m - k; out[2] = y - k; out[3] = k;
}

/** A soft, nearly white reflection of a window or lamp, strong enough to clip the sensor at its core. */
function addGlare(image: FloatImage, rng: () => number): void {
  const cx = uniform(rng, 0.2, 0.8) * image.width, cy = uniform(rng, 0.15, 0.85) * image.height;
  const sx = uniform(rng, 0.05, 0.18) * image.width, sy = uniform(rng, 0.05, 0.18) * image.height;
  const peak = uniform(rng, 150, 320);
  const tint = [uniform(rng, 0.92, 1), uniform(rng, 0.95, 1), 1];
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const add = peak * Math.exp(-(((x - cx) / sx) ** 2 + ((y - cy) / sy) ** 2) / 2);
      if (add < 0.5) continue;
      for (let c = 0; c < 3; c++) image.data[(y * image.width + x) * 3 + c]! += add * tint[c]!;
    }
  }
}

/** `box` in source pixels placed into the scene. */
export function placeBox(box: Box, scene: Scene): Box {
  return { x: scene.x + scene.scale * box.x, y: scene.y + scene.scale * box.y, width: scene.scale * box.width, height: scene.scale * box.height };
}
