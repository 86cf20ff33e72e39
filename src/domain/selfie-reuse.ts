/**
 * The replay signal of the decision records: the same selfie bytes seen before under another typed name.
 * Reported as SELFIE_REUSED; it refuses (verdict presentation_attack) only when the policy says block.
 */
import type { Decision, ReasonCode } from './decide.js';

export type SelfieReuseAction = 'block' | 'report';

/** The decision with SELFIE_REUSED added when `reused`, and refused when the action is `block`. */
export function applySelfieReuse(decision: Decision, reused: boolean, action: SelfieReuseAction): Decision {
  if (!reused) return decision;
  const reasons = [...decision.reasons, 'SELFIE_REUSED' as ReasonCode];
  // A refusal outranks a mismatch verdict only when the decision was otherwise positive or already an attack.
  const verdict = action === 'block' && decision.verdict === 'verified' ? 'presentation_attack' : decision.verdict;
  return { ...decision, verdict, reasons };
}
