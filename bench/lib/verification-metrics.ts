/**
 * Pure metrics for verification benchmarks (pairs scored by a similarity, higher = more alike). Kept apart
 * from the runners so they can be unit-tested and shared by every bench that scores pairs.
 */

export interface ScoredPair {
  readonly score: number;
  readonly same: boolean;
  /** Cross-validation fold (0-based) the pair belongs to. */
  readonly fold: number;
}

/** Accuracy of the rule `score >= threshold` means same. */
export function accuracyAt(pairs: readonly ScoredPair[], threshold: number): number {
  if (pairs.length === 0) return Number.NaN;
  let right = 0;
  for (const p of pairs) if ((p.score >= threshold) === p.same) right++;
  return right / pairs.length;
}

/** Threshold maximising accuracy (midpoint between adjacent distinct scores), and that accuracy. */
export function bestThreshold(pairs: readonly ScoredPair[]): { threshold: number; accuracy: number } {
  const sorted = [...pairs].sort((a, b) => a.score - b.score);
  let positivesAbove = sorted.filter((p) => p.same).length;
  let negativesBelow = 0;
  let best = { threshold: (sorted[0]?.score ?? 0) - 1e-6, accuracy: positivesAbove / Math.max(1, sorted.length) };
  for (let i = 0; i < sorted.length; i++) {
    const p = sorted[i] as ScoredPair;
    if (p.same) positivesAbove--;
    else negativesBelow++;
    const next = sorted[i + 1];
    if (next && next.score === p.score) continue;
    const threshold = next ? (p.score + next.score) / 2 : p.score + 1e-6;
    const accuracy = (positivesAbove + negativesBelow) / sorted.length;
    if (accuracy > best.accuracy) best = { threshold, accuracy };
  }
  return best;
}

/** Standard LFW protocol: for each fold, threshold chosen on the other folds, accuracy on the held-out one. */
export function foldAccuracies(pairs: readonly ScoredPair[]): { fold: number; accuracy: number; threshold: number }[] {
  const folds = [...new Set(pairs.map((p) => p.fold))].sort((a, b) => a - b);
  return folds.map((fold) => {
    const train = pairs.filter((p) => p.fold !== fold);
    const test = pairs.filter((p) => p.fold === fold);
    const { threshold } = bestThreshold(train.length > 0 ? train : test);
    return { fold, accuracy: accuracyAt(test, threshold), threshold };
  });
}

export function meanSd(values: readonly number[]): { mean: number; sd: number } {
  const mean = values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, values.length - 1);
  return { mean, sd: Math.sqrt(values.length > 1 ? variance : 0) };
}

/** ROC AUC as the Mann-Whitney probability that a same pair outscores a different pair (ties count half). */
export function rocAuc(pairs: readonly ScoredPair[]): number {
  const sorted = [...pairs].sort((a, b) => a.score - b.score);
  let rankSum = 0;
  let positives = 0;
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j < sorted.length && (sorted[j] as ScoredPair).score === (sorted[i] as ScoredPair).score) j++;
    const avgRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if ((sorted[k] as ScoredPair).same) { rankSum += avgRank; positives++; }
    i = j;
  }
  const negatives = sorted.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * Lowest threshold whose false-accept rate does not exceed `far`, and the true-accept rate there. With N
 * different pairs at most floor(far * N) of them may score at or above the threshold.
 */
export function tarAtFar(pairs: readonly ScoredPair[], far: number): { threshold: number; tar: number; far: number } {
  const negatives = pairs.filter((p) => !p.same).map((p) => p.score).sort((a, b) => b - a);
  const positives = pairs.filter((p) => p.same).map((p) => p.score);
  const allowed = Math.floor(far * negatives.length);
  const threshold = allowed < negatives.length ? (negatives[allowed] as number) + 1e-6 : Number.NEGATIVE_INFINITY;
  const fa = negatives.filter((s) => s >= threshold).length;
  const ta = positives.filter((s) => s >= threshold).length;
  return { threshold, tar: ta / Math.max(1, positives.length), far: fa / Math.max(1, negatives.length) };
}

/** ROC points (threshold, FAR, TAR) at every distinct score, highest threshold first. */
export function rocCurve(pairs: readonly ScoredPair[]): { threshold: number; far: number; tar: number }[] {
  const sorted = [...pairs].sort((a, b) => b.score - a.score);
  const pos = sorted.filter((p) => p.same).length;
  const neg = sorted.length - pos;
  const out: { threshold: number; far: number; tar: number }[] = [];
  let tp = 0, fp = 0;
  for (let i = 0; i < sorted.length; i++) {
    const p = sorted[i] as ScoredPair;
    if (p.same) tp++;
    else fp++;
    if (sorted[i + 1]?.score === p.score) continue;
    out.push({ threshold: p.score, far: fp / Math.max(1, neg), tar: tp / Math.max(1, pos) });
  }
  return out;
}

/** Nearest-rank percentile of a sample. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[idx] as number;
}
