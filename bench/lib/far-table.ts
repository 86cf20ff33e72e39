/**
 * The (FAR, threshold) rows of src/adapters/face/calibration.ts FAR_TABLE, from scored pairs:
 * `bench/faces.ts --set lfw ... --far-table` (or `--merge a.json,b.json --far-table` without re-running).
 */
import type { ScoredPair } from './verification-metrics.js';

/** For each target FAR: the lowest threshold (rounded UP to 4 decimals) at which at most floor(far x N) impostors pass. */
export function farTableRows(pairs: readonly ScoredPair[], targets: readonly number[] = [0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001]):
  { threshold: number; falseAccepts: number; negatives: number; tar: number }[] {
  const negatives = pairs.filter((p) => !p.same).map((p) => p.score).sort((a, b) => b - a);
  const positives = pairs.filter((p) => p.same).map((p) => p.score);
  const counts = [...new Set([...targets.map((f) => Math.floor(f * negatives.length)), 1, 0])].sort((a, b) => b - a);
  return counts.filter((k) => k < negatives.length).map((k) => {
    const threshold = Math.ceil(((negatives[k] as number) + 1e-6) * 1e4) / 1e4;
    return {
      threshold,
      falseAccepts: negatives.filter((s) => s >= threshold).length,
      negatives: negatives.length,
      tar: Math.round((positives.filter((s) => s >= threshold).length / Math.max(1, positives.length)) * 1e4) / 1e4,
    };
  });
}

export function printFarTable(pairs: readonly ScoredPair[]): void {
  console.log('FAR table (for calibration.ts FAR_TABLE):');
  for (const r of farTableRows(pairs)) {
    console.log(`  { threshold: ${r.threshold.toFixed(4)}, falseAccepts: ${r.falseAccepts}, negatives: ${r.negatives}, tar: ${r.tar} },`
      + `  // FAR ${(r.falseAccepts / r.negatives).toExponential(2)}`);
  }
}
