/**
 * Calibrated replay model: logistic weights on standardised signals, fitted on the TRAIN identities of the
 * simulated spoof set, threshold at BPCER 1% on TRAIN genuine selfies. Generated; refit with
 *   npm run bench:presentation -- --fit [--per-split N] [--seed S]
 * (bench/lib/presentation-attacks.ts). Figures on TEST: docs/PRESENTATION-ATTACKS.md.
 * Fitted on 600 TRAIN images (100 genuine), seed 30107, 100 identities per split.
 */
import type { PresentationModel } from './presentation-attack.js';

export const PRESENTATION_MODEL: PresentationModel = Object.freeze({
  heads: [{
  family: 'any',
  mean: { moire: 2.96279, pixel_grid: 5.56062, halftone: 3.19949, glare: 1.56013, gamut: 1.32744, black_level: 0.144281, bezel: 0.141757 },
  sd: { moire: 1.57167, pixel_grid: 2.38917, halftone: 2.01637, glare: 1.88671, gamut: 0.581875, black_level: 0.0742018, bezel: 0.130541 },
  weight: { moire: 1.35404, pixel_grid: 2.66028, halftone: 2.23458, glare: 0.225126, gamut: 2.10446, black_level: 1.807, bezel: -0.777193 },
  bias: 4.08602,
  }],
  threshold: 0.836849,
});
