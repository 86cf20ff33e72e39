/**
 * Passive screen and print replay detection, the decision half: hand-crafted signals measured on the selfie
 * (src/adapters/face/replay-features.ts) are combined by small logistic models, one per attack family (screens,
 * prints), into a score, 0 genuine .. 1 attack: the most confident family's. One linear model for both families
 * has to trade a screen's cues against a print's, and missed more attacks of every type at the same BPCER on
 * the simulated set (grey printouts 16% against 7% in one comparison). The score is compared with a threshold
 * calibrated to BPCER 1% on simulated genuine selfies (docs/PRESENTATION-ATTACKS.md). Pure: the model is passed in, so tests can use their own.
 *
 * Reasons name the signals that pushed the score towards "attack", strongest first, so an operator can see why.
 */

/** Every signal measured on one selfie; each grows with the evidence for a replay. */
export interface PresentationSignals {
  /** Low-frequency periodic peak in the face's grey spectrum (aliasing of a screen's pixel grid). */
  readonly moire: number;
  /** High-frequency periodic peak near the image axes, in luma or chroma (screen subpixels). */
  readonly pixel_grid: number;
  /** High-frequency periodic peak off the axes (printed halftone dots are set at 15-75 degrees). */
  readonly halftone: number;
  /** Share of clipped near-white pixels around the face (specular reflection on glass or glossy paper). */
  readonly glare: number;
  /** Missing colour: minus the log of the face's mean saturation (a grey printout is near zero saturation). */
  readonly gamut: number;
  /** Darkest luma around the face / 255: screens and paper cannot show deep black. */
  readonly black_level: number;
  /** Strength of long straight edges around the face on two sides (a screen's bezel, a print's border). */
  readonly bezel: number;
}

export type PresentationSignal = keyof PresentationSignals;

export const PRESENTATION_SIGNALS: readonly PresentationSignal[] = Object.freeze([
  'moire', 'pixel_grid', 'halftone', 'glare', 'gamut', 'black_level', 'bezel',
]);

export type PresentationReason =
  | 'PRESENTATION_SCREEN_MOIRE'
  | 'PRESENTATION_PIXEL_GRID'
  | 'PRESENTATION_HALFTONE'
  | 'PRESENTATION_GLARE'
  | 'PRESENTATION_GAMUT'
  | 'PRESENTATION_BEZEL';

const REASON_OF: Readonly<Record<PresentationSignal, PresentationReason>> = Object.freeze({
  moire: 'PRESENTATION_SCREEN_MOIRE',
  pixel_grid: 'PRESENTATION_PIXEL_GRID',
  halftone: 'PRESENTATION_HALFTONE',
  glare: 'PRESENTATION_GLARE',
  gamut: 'PRESENTATION_GAMUT',
  black_level: 'PRESENTATION_GAMUT',
  bezel: 'PRESENTATION_BEZEL',
});

/** One family's logistic model on standardised signals: sigmoid(bias + sum weight * (signal - mean) / sd). */
export interface PresentationHead {
  /** The attack family it was fitted on, e.g. 'screen' or 'print'. */
  readonly family: string;
  readonly mean: Readonly<Record<PresentationSignal, number>>;
  readonly sd: Readonly<Record<PresentationSignal, number>>;
  readonly weight: Readonly<Record<PresentationSignal, number>>;
  readonly bias: number;
}

/** Score = the largest head's probability; attack when score >= threshold. */
export interface PresentationModel {
  readonly heads: readonly PresentationHead[];
  readonly threshold: number;
}

export interface PresentationEvidence {
  /** 0 genuine .. 1 attack. */
  readonly score: number;
  /** The attack family whose head gave the score. */
  readonly family: string;
  readonly threshold: number;
  readonly attack: boolean;
  readonly signals: PresentationSignals;
  /** Empty unless `attack`; the signals that pushed the score up, strongest first, without repeats. */
  readonly reasons: readonly PresentationReason[];
}

/**
 * A signal counts as a reason when it alone moves the logit up by this much (a factor e^1 on the odds): weaker
 * pushes are background, and naming them would make every reason list the same.
 */
const REASON_MIN_CONTRIBUTION = 1;

/** Each signal's push on one head's logit. */
export function contributions(signals: PresentationSignals, head: PresentationHead): Record<PresentationSignal, number> {
  const out = {} as Record<PresentationSignal, number>;
  for (const k of PRESENTATION_SIGNALS) out[k] = head.weight[k] * (signals[k] - head.mean[k]) / head.sd[k];
  return out;
}

/** One head's probability of an attack. */
export function headScore(signals: PresentationSignals, head: PresentationHead): number {
  const parts = contributions(signals, head);
  return 1 / (1 + Math.exp(-PRESENTATION_SIGNALS.reduce((sum, k) => sum + parts[k], head.bias)));
}

/** Scores one selfie's signals and names the reasons (from the winning head) when the score reaches the threshold. */
export function scorePresentation(signals: PresentationSignals, model: PresentationModel): PresentationEvidence {
  const first = model.heads[0];
  if (!first) throw new Error('presentation model has no heads');
  let best = first, score = headScore(signals, first);
  for (const head of model.heads.slice(1)) {
    const s = headScore(signals, head);
    if (s > score) { best = head; score = s; }
  }
  const attack = score >= model.threshold;
  return {
    score, family: best.family, threshold: model.threshold, attack, signals,
    reasons: attack ? reasonsFrom(contributions(signals, best)) : [],
  };
}

function reasonsFrom(parts: Record<PresentationSignal, number>): PresentationReason[] {
  const ranked = PRESENTATION_SIGNALS.filter((k) => parts[k] > 0).sort((a, b) => parts[b] - parts[a]);
  const strong = ranked.filter((k) => parts[k] >= REASON_MIN_CONTRIBUTION);
  // An attack decided by many small pushes still names its largest one rather than none.
  const chosen = strong.length > 0 ? strong : ranked.slice(0, 1);
  return [...new Set(chosen.map((k) => REASON_OF[k]))];
}
