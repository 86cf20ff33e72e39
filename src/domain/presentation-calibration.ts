/**
 * Calibrated replay model: one logistic head per attack family on standardised signals, fitted on the TRAIN
 * identities of the simulated spoof set, threshold at BPCER 1% on TRAIN genuine selfies. Generated; refit with
 *   npm run bench:presentation -- --fit [--per-split N] [--bona-fide-per-split M] [--seed S]
 * (bench/lib/presentation-attacks.ts). Figures on TEST: docs/PRESENTATION-ATTACKS.md.
 * Fitted on 1000 TRAIN images (500 genuine), seed 30107, 100 identities per split.
 */
import type { PresentationModel } from './presentation-attack.js';

export const PRESENTATION_MODEL: PresentationModel = Object.freeze({
  heads: [
    {
      family: 'screen',
      mean: { moire: 2.74124, pixel_grid: 4.68348, halftone: 1.95265, glare: 1.36422, gamut: 0.926496, black_level: 0.0903697, bezel: 0.159901 },
      sd: { moire: 1.39812, pixel_grid: 2.48287, halftone: 0.808254, glare: 1.76422, gamut: 0.343296, black_level: 0.0664279, bezel: 0.133687 },
      weight: { moire: 1.67008, pixel_grid: 3.8858, halftone: 0.602975, glare: 0.825363, gamut: 0.812824, black_level: 0.312992, bezel: 0.5642 },
      bias: -1.70686,
    },
    {
      family: 'print',
      mean: { moire: 2.02662, pixel_grid: 3.51926, halftone: 2.47322, glare: 0.779515, gamut: 1.1268, black_level: 0.110353, bezel: 0.0976369 },
      sd: { moire: 0.544381, pixel_grid: 0.837645, halftone: 1.83827, glare: 1.41255, gamut: 0.563781, black_level: 0.0774083, bezel: 0.0945247 },
      weight: { moire: -0.0406955, pixel_grid: 0.509523, halftone: 1.93606, glare: 0.304679, gamut: 2.45894, black_level: 2.22463, bezel: -1.15836 },
      bias: -0.550874,
    },
  ],
  threshold: 0.869142,
});
