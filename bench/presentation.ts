/**
 * Passive screen and print replay detection on the simulated spoof set. Prints numbers; asserts nothing.
 *
 *   npm run bench:presentation -- [--per-split N] [--bona-fide-per-split M] [--seed S] [--fit]
 *
 * N identities per split (default 100) are rendered live and as every attack type, M (default 500) live only.
 * --fit refits the logistic model on the TRAIN identities and rewrites src/domain/presentation-calibration.ts.
 * Rendered signals are cached in bench/out/presentation-<seed>-<N>.json (delete it after changing the renderer
 * or the signals).
 */
import { printPresentationAttacks } from './lib/presentation-attacks.js';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
await printPresentationAttacks({
  perSplit: option('--per-split') ? Number(option('--per-split')) : undefined,
  bonaFidePerSplit: option('--bona-fide-per-split') ? Number(option('--bona-fide-per-split')) : undefined,
  seed: option('--seed') ? Number(option('--seed')) : undefined,
  fit: args.includes('--fit'),
});
