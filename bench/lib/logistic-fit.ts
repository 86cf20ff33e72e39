/**
 * Fitting the replay model (src/domain/presentation-attack.ts) and choosing its threshold: plain batch gradient
 * descent on standardised signals with balanced class weights and a light L2 penalty. Seven inputs and a few
 * hundred rows need nothing more.
 */
import {
  PRESENTATION_SIGNALS, type PresentationHead, type PresentationSignal, type PresentationSignals,
} from '../../src/domain/presentation-attack.js';

export interface LabelledSignals {
  readonly signals: PresentationSignals;
  readonly attack: boolean;
}

type PerSignal = Record<PresentationSignal, number>;

/** One family's logistic head fitted on TRAIN rows (genuine and that family's attacks). */
export function fitLogistic(family: string, rows: readonly LabelledSignals[], iterations = 4000, l2 = 1e-3): PresentationHead {
  const mean = {} as PerSignal, sd = {} as PerSignal;
  for (const k of PRESENTATION_SIGNALS) {
    const v = rows.map((r) => r.signals[k]);
    const m = v.reduce((s, x) => s + x, 0) / v.length;
    mean[k] = m;
    sd[k] = Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / v.length) || 1;
  }
  const x = rows.map((r) => PRESENTATION_SIGNALS.map((k) => (r.signals[k] - mean[k]) / sd[k]));
  const attacks = rows.filter((r) => r.attack).length;
  // Balanced: the genuine class weighs as much as all attack types together.
  const weightOf = (attack: boolean): number => (attack ? rows.length / (2 * attacks) : rows.length / (2 * (rows.length - attacks)));
  const w = new Array<number>(PRESENTATION_SIGNALS.length).fill(0);
  let bias = 0;
  const rate = 0.5;
  for (let it = 0; it < iterations; it++) {
    const grad = new Array<number>(w.length).fill(0);
    let gradBias = 0;
    rows.forEach((row, i) => {
      const xi = x[i]!;
      const p = 1 / (1 + Math.exp(-(bias + xi.reduce((s, v, j) => s + v * w[j]!, 0))));
      const err = (p - (row.attack ? 1 : 0)) * weightOf(row.attack);
      for (let j = 0; j < w.length; j++) grad[j]! += err * xi[j]!;
      gradBias += err;
    });
    for (let j = 0; j < w.length; j++) w[j]! -= rate * (grad[j]! / rows.length + l2 * w[j]!);
    bias -= (rate * gradBias) / rows.length;
  }
  const weight = Object.fromEntries(PRESENTATION_SIGNALS.map((k, j) => [k, w[j]!])) as PerSignal;
  return { family, mean, sd, weight, bias };
}

/**
 * The lowest threshold at which at most `bpcer` of `genuineScores` reach it (attack = score >= threshold):
 * halfway between the highest genuine score allowed to be rejected and the next one down (just above the
 * highest genuine score when none may be rejected).
 */
export function thresholdAtBpcer(genuineScores: readonly number[], bpcer: number): number {
  const sorted = [...genuineScores].sort((a, b) => b - a);
  const allowed = Math.floor(bpcer * sorted.length);
  const kept = sorted[allowed];
  if (kept === undefined) return 1;
  const rejected = allowed > 0 ? sorted[allowed - 1]! : kept;
  return rejected > kept ? (kept + rejected) / 2 : Math.min(1, kept + 1e-9);
}
