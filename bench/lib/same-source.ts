/**
 * Same-source attacks as images, and the two measures the service compares (descriptor cosine, aligned grey
 * chip correlation). Used by bench/same-source.ts; bench/attacks.ts can call `sameSourceVariants` too.
 */
import sharp, { type Sharp } from 'sharp';
import { cosineSimilarity, selectPrimaryFace, type DetectedFace, type FaceEngine } from '../../src/adapters/face/index.js';
import { greyFaceChip } from '../../src/adapters/face/face-chip.js';
import type { Box, RgbImage } from '../../src/adapters/image/rgb-image.js';
import { meanAbsoluteDifference, normalizedCorrelation } from '../../src/domain/same-source.js';
import { loadRgbFromBuffer } from './load-rgb.js';

/** The primary face of an image with its grey chip, or null when no face is found. */
export interface MeasuredFace { readonly face: DetectedFace; readonly chip: Float32Array }

export async function measureFace(engine: FaceEngine, image: RgbImage): Promise<MeasuredFace | null> {
  const face = selectPrimaryFace(await engine.analyze(image), image.width, image.height);
  return face === undefined ? null : { face, chip: greyFaceChip(image, face.landmarks) };
}

export function compareFaces(a: MeasuredFace, b: MeasuredFace): { similarity: number; correlation: number } {
  return { similarity: cosineSimilarity(a.face.embedding, b.face.embedding), correlation: normalizedCorrelation(a.chip, b.chip) };
}

/**
 * What an attacker makes of the ID photo to pass it as the selfie: the portrait cut out and enlarged to
 * selfie size, then re-encoded hard, blurred, or turned and darkened as a re-photographed print would be.
 */
export async function sameSourceVariants(idPhoto: Buffer, portrait: Box): Promise<{ name: string; jpeg: Buffer }[]> {
  const meta = await sharp(idPhoto).metadata();
  const w = meta.width ?? 0, h = meta.height ?? 0;
  const side = Math.max(portrait.width, portrait.height) * 1.9;
  const left = Math.max(0, Math.round(portrait.x + portrait.width / 2 - side / 2));
  const top = Math.max(0, Math.round(portrait.y + portrait.height / 2 - side * 0.55));
  const crop = { left, top, width: Math.min(Math.round(side), w - left), height: Math.min(Math.round(side * 1.25), h - top) };
  const enlarged = (): Sharp => sharp(idPhoto).extract(crop).resize({ width: 720 });
  return [
    { name: 'crop+enlarge q90', jpeg: await enlarged().jpeg({ quality: 90 }).toBuffer() },
    { name: 'crop+enlarge q40', jpeg: await enlarged().jpeg({ quality: 40 }).toBuffer() },
    { name: 'crop+enlarge blur1.2', jpeg: await enlarged().blur(1.2).jpeg({ quality: 85 }).toBuffer() },
    { name: 'crop+enlarge rot4 dark', jpeg: await sharp(await enlarged().png().toBuffer()).rotate(4, { background: '#808080' }).modulate({ brightness: 0.8 }).jpeg({ quality: 80 }).toBuffer() },
    { name: 'whole re-encoded q60', jpeg: await sharp(idPhoto).jpeg({ quality: 60 }).toBuffer() },
    { name: 'whole half size', jpeg: await sharp(idPhoto).resize({ width: Math.round(w / 2) }).jpeg({ quality: 85 }).toBuffer() },
  ];
}

/** Measures every variant against the original; variants in which no face is found are counted, not scored. */
export async function measureVariants(engine: FaceEngine, idPhoto: Buffer, original: MeasuredFace):
  Promise<{ name: string; similarity: number; correlation: number; pixels: number | null }[]> {
  const out: { name: string; similarity: number; correlation: number; pixels: number | null }[] = [];
  const source = await loadRgbFromBuffer(idPhoto);
  for (const v of await sameSourceVariants(idPhoto, original.face.box)) {
    const image = await loadRgbFromBuffer(v.jpeg);
    const m = await measureFace(engine, image);
    const pixels = meanAbsoluteDifference(source, image);
    out.push(m === null ? { name: v.name, similarity: NaN, correlation: NaN, pixels } : { name: v.name, ...compareFaces(original, m), pixels });
  }
  return out;
}
