/**
 * A presentation-attack set that can be regenerated bit for bit: LFW photos taken as "live" selfies, and the
 * same photos shown on simulated screens and prints and re-photographed (spoof-render.ts, spoof-camera.ts).
 * Split by identity, so no person in TEST was seen while fitting on TRAIN. Nothing is written to disk.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Box, RgbImage } from '../adapters/image/rgb-image.js';
import { drawShot, hashString, photograph, type Photo } from './spoof-camera.js';
import { seededRandom } from './idsim.js';
import { placeBox, renderScene, type Presentation } from './spoof-render.js';

export { ATTACK_TYPES, type AttackType, type Presentation } from './spoof-render.js';

/** Default seed of the published figures. */
export const SPOOF_SEED = 30107;

export type Split = 'train' | 'test';

export interface SpoofSubject {
  readonly name: string;
  /** First LFW image of the identity present in the folder. */
  readonly path: string;
  readonly split: Split;
}

/** Identity -> split by a hash of the name and seed: half TRAIN, half TEST, stable as the folder grows. */
export function splitOf(name: string, seed: number = SPOOF_SEED): Split {
  return hashString(`${seed}:${name}`) % 2 === 0 ? 'train' : 'test';
}

/**
 * Up to `perSplit` identities of each split from an LFW `images/` folder (alphabetical, so a smaller run is a
 * prefix of a larger one, and the first identities of a split are the ones also rendered as attacks).
 */
export function spoofSubjects(lfwImages: string, perSplit: number, seed: number = SPOOF_SEED): SpoofSubject[] {
  const counts = { train: 0, test: 0 };
  const out: SpoofSubject[] = [];
  for (const name of readdirSync(lfwImages).sort()) {
    const split = splitOf(name, seed);
    if (counts[split] >= perSplit) continue;
    const first = readdirSync(join(lfwImages, name)).filter((f) => f.endsWith('.jpg')).sort()[0];
    if (!first) continue;
    counts[split]++;
    out.push({ name, path: join(lfwImages, name, first), split });
  }
  return out;
}

/**
 * Whether a photo has no colour to speak of (mean max-min channel spread under 6 levels): LFW's black-and-white
 * press photos. A phone's front camera never delivers one, and a grey selfie is exactly what the grey-printout
 * cue flags, so they are left out of the set rather than counted as live selfies.
 */
export function isGreyPhoto(image: RgbImage): boolean {
  let spread = 0;
  for (let i = 0; i < image.data.length; i += 3) {
    const r = image.data[i]!, g = image.data[i + 1]!, b = image.data[i + 2]!;
    spread += Math.max(r, g, b) - Math.min(r, g, b);
  }
  return spread / (image.data.length / 3) < 6;
}

/**
 * `presentation` of the square `source` photo as the selfie camera would deliver it, with `box` (the face in
 * source pixels) mapped into the result. Deterministic in (name, presentation, seed).
 */
export async function renderPresentation(
  source: RgbImage, box: Box, presentation: Presentation, name: string, seed: number = SPOOF_SEED,
): Promise<Photo> {
  const rng = seededRandom(hashString(`${seed}:${name}:${presentation}`));
  const scene = await renderScene(source, presentation, rng);
  return photograph(scene.image, placeBox(box, scene), drawShot(rng), rng);
}
