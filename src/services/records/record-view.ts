/** A record as the API shows it (GET /verifications/:id, exports, webhooks): status, times, the /verify body. */
import type { VerificationRecord, VerificationStatus } from '../../adapters/store/record-store.js';

export interface RecordView {
  readonly id: string;
  readonly status: VerificationStatus;
  readonly created_at: string;
  readonly completed_at: string | null;
  /** The exact /verify body once done (or the 400/500 body once failed); null before. */
  readonly result: unknown;
}

export function recordView(record: VerificationRecord): RecordView {
  return {
    id: record.id,
    status: record.status,
    created_at: new Date(record.createdAt).toISOString(),
    completed_at: record.completedAt === null ? null : new Date(record.completedAt).toISOString(),
    result: record.status === 'done' || record.status === 'failed' ? record.result : null,
  };
}

/** The export line of a record: its view plus the decision fields kept beside it (no images, no embeddings). */
export function exportView(record: VerificationRecord): Record<string, unknown> {
  return {
    ...recordView(record),
    mode: record.mode,
    api_key_id: record.apiKeyId,
    http_status: record.httpStatus,
    verdict: record.verdict,
    reasons: record.reasons,
    similarity: record.similarity,
    threshold: record.threshold,
    far: record.far,
    name_rule: record.nameRule,
    mrz_valid: record.mrzValid,
    mrz_checks: record.mrzChecks,
    models: record.models,
    policy_version: record.policyVersion,
    timings_ms: record.timings,
    image_sha256: record.imageSha256,
    name_hmac: record.nameHmac,
    typed_name: record.typedName,
  };
}
