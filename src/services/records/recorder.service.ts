/**
 * Turns one verification into its decision record: hashes the uploads, looks the selfie up under other
 * names (SELFIE_REUSED), runs the verification, presents the answer with its `verification_id` and keeps
 * the record (no image, no embedding; personal fields hashed unless kept by policy). The /verify route and
 * the queue's job processor both go through here, so a record means the same thing whichever path made it.
 */
import { createHash } from 'node:crypto';
import type { RecordStore, Completion, NewVerification } from '../../adapters/store/record-store.js';
import { applySelfieReuse, type SelfieReuseAction } from '../../domain/selfie-reuse.js';
import { InputError, TimeoutError } from '../../domain/errors.js';
import { QueueFullError } from '../../adapters/workers/engine-pool.js';
import { presentInputError, presentInternalError, presentOutcome, presentUnavailable, type ApiResponse } from '../verification.presenter.js';
import type { VerificationOutcome, VerifyInput } from '../verification.service.js';
import { maskPersonalFields } from './personal-fields.js';
import { nameKey, type RecordSecrets } from './record-secrets.js';

export interface RecorderOptions {
  readonly store: RecordStore;
  readonly secrets: RecordSecrets;
  /** Short hash of the policy in force, kept in every record. */
  readonly policyVersion: string;
  readonly storePersonalData: boolean;
  /** How far back SELFIE_REUSED looks, ms; 0 turns the lookup off. */
  readonly replayWindowMs: number;
  readonly selfieReuseAction: SelfieReuseAction;
  /** Commit of synchronous records on PostgreSQL (RECORD_COMMIT). */
  readonly commit: 'durable' | 'fast';
}

export interface Caller {
  readonly id: string;
  readonly apiKeyId: string | null;
  readonly createdAt: number;
}

export interface Recorded {
  readonly response: ApiResponse;
  readonly completion: Completion;
  readonly outcome: VerificationOutcome | undefined;
  /** The error that ended the verification without a decision (the response is then its 400 or 500). */
  readonly error?: unknown;
}

const REUSED_MESSAGE = 'Verification failed. This live image was already submitted under another name.';

/** The form field each VerifyInput image came in (others keep their own name). */
const FIELD_OF: Readonly<Record<string, string>> = { live: 'image1', id: 'image2', idBack: 'image3' };

export const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

export class VerificationRecorder {
  constructor(private readonly options: RecorderOptions) {}

  /** What the record holds from the moment a verification is accepted. */
  accept(input: VerifyInput, caller: Caller, mode: 'sync' | 'async', extra: { callbackUrl?: string; idempotencyKey?: string } = {}): NewVerification {
    const { secrets, storePersonalData } = this.options;
    const imageSha256: Record<string, string> = {};
    for (const [key, value] of Object.entries(input)) {
      if (Buffer.isBuffer(value)) imageSha256[FIELD_OF[key] ?? key] = sha256(value);
      else if (Array.isArray(value)) value.forEach((v, i) => Buffer.isBuffer(v) && (imageSha256[`${key}[${i}]`] = sha256(v)));
      else if (key === 'liveness' && input.liveness !== undefined) input.liveness.frames.forEach((v, i) => (imageSha256[`frames[${i}]`] = sha256(v)));
    }
    return {
      id: caller.id,
      apiKeyId: caller.apiKeyId,
      mode,
      createdAt: caller.createdAt,
      imageSha256,
      selfieSha256: imageSha256.image1 ?? '',
      nameHmac: secrets.hmac(nameKey(input.name)),
      typedName: storePersonalData ? input.name : null,
      callbackUrl: extra.callbackUrl ?? null,
      idempotencyKey: extra.idempotencyKey === undefined ? null : secrets.hmac(`idempotency:${caller.apiKeyId ?? ''}:${extra.idempotencyKey}`),
    };
  }

  /**
   * Runs `verify` for an accepted verification and returns the answer and the record's completion. Input
   * errors (no face, undecodable image) complete as `failed` with the 400 body; busy engines with the 503
   * body; internal errors with the 500 body, logged by the caller.
   */
  async decide(accepted: NewVerification, requestId: string, verify: () => Promise<VerificationOutcome>): Promise<Recorded> {
    const { store, replayWindowMs } = this.options;
    const reused = replayWindowMs > 0 && accepted.selfieSha256 !== ''
      ? store.selfieSeenUnderOtherName(accepted.selfieSha256, accepted.nameHmac, accepted.createdAt - replayWindowMs, accepted.id)
      : Promise.resolve(false);
    // The lookup runs beside the inference; its rejection must not go unhandled while verify() runs.
    reused.catch(() => undefined);
    let outcome: VerificationOutcome;
    try {
      outcome = await verify();
    } catch (error) {
      const busy = error instanceof QueueFullError || error instanceof TimeoutError;
      const response = error instanceof InputError ? presentInputError(error, requestId)
        : busy ? presentUnavailable(requestId, 'service is busy; retry later') : presentInternalError(requestId);
      return { response, completion: this.completion(response, undefined), outcome: undefined, error };
    }
    const decision = applySelfieReuse(outcome.decision, await reused, this.options.selfieReuseAction);
    const decided = { ...outcome, decision };
    const presented = presentOutcome(decided, requestId);
    const onlyReuse = decision.verdict !== outcome.decision.verdict;
    const body = {
      ...presented.body,
      message: onlyReuse ? REUSED_MESSAGE : presented.body.message,
      details: { ...presented.body.details, verification_id: accepted.id },
    };
    const response: ApiResponse = { statusCode: decision.verdict === 'verified' ? 200 : 401, body };
    return { response, completion: this.completion(response, decided), outcome: decided };
  }

  /** A synchronous /verify: decide, then keep the record before answering. */
  async recordSync(input: VerifyInput, caller: Caller, requestId: string, verify: () => Promise<VerificationOutcome>): Promise<Recorded> {
    const accepted = this.accept(input, caller, 'sync');
    const recorded = await this.decide(accepted, requestId, verify);
    await this.options.store.insertDecided(accepted, recorded.completion, this.options.commit);
    return recorded;
  }

  private completion(response: ApiResponse, outcome: VerificationOutcome | undefined): Completion {
    const kept = this.options.storePersonalData ? response.body : maskPersonalFields(response.body, (text) => this.options.secrets.hmac(text));
    const mrz = outcome?.document.mrz ?? null;
    return {
      status: outcome === undefined ? 'failed' : 'done',
      completedAt: Date.now(),
      httpStatus: response.statusCode,
      verdict: outcome?.decision.verdict ?? null,
      reasons: outcome ? [...outcome.decision.reasons] : null,
      similarity: outcome?.face.similarity ?? null,
      threshold: outcome?.face.threshold ?? null,
      far: outcome?.face.far ?? null,
      nameRule: outcome?.name.rule ?? null,
      mrzValid: mrz === null ? null : mrz.valid,
      mrzChecks: mrz === null ? null : mrz.checks,
      models: outcome ? outcome.models.map((m) => ({ id: m.id, version: m.version, sha256: m.sha256 })) : null,
      policyVersion: this.options.policyVersion,
      timings: outcome?.timingsMs ?? null,
      result: kept,
    };
  }
}
