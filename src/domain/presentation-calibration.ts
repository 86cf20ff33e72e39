/**
 * Calibrated replay model (placeholder until the first fit). Refit with:
 *   npm run bench:presentation -- --fit
 * which rewrites this file from the TRAIN split of the simulated spoof set.
 */
import type { PresentationModel } from './presentation-attack.js';

const zero = { moire: 0, pixel_grid: 0, halftone: 0, glare: 0, gamut: 0, black_level: 0, bezel: 0 };
const one = { moire: 1, pixel_grid: 1, halftone: 1, glare: 1, gamut: 1, black_level: 1, bezel: 1 };

export const PRESENTATION_MODEL: PresentationModel = Object.freeze({
  mean: zero, sd: one, weight: zero, bias: -5, threshold: 0.5,
});
