/**
 * The decision records, the durable job queue, the webhook outbox and its attempt log, on one SQL driver
 * (SQLite or PostgreSQL). A verification's every trace is keyed by its id, so deleting it is one
 * transaction over four tables.
 */
import type { SqlDriver, SqlExecutor, SqlRow, SqlValue } from './sql-driver.js';
import { migrate } from './migrations.js';

export type VerificationStatus = 'queued' | 'processing' | 'done' | 'failed';

/** What is known when a verification is accepted. Hashes and HMACs only: never an image or an embedding. */
export interface NewVerification {
  readonly id: string;
  readonly apiKeyId: string | null;
  readonly mode: 'sync' | 'async';
  readonly createdAt: number;
  /** sha256 of every uploaded image, by form field. */
  readonly imageSha256: Readonly<Record<string, string>>;
  readonly selfieSha256: string;
  readonly nameHmac: string;
  /** The typed name in clear, only when STORE_PERSONAL_DATA=true. */
  readonly typedName: string | null;
  readonly callbackUrl: string | null;
  /** Keyed hash of the caller's key id and Idempotency-Key header. */
  readonly idempotencyKey: string | null;
}

/** The decision (or the error) that ends a verification. */
export interface Completion {
  readonly status: 'done' | 'failed';
  readonly completedAt: number;
  readonly httpStatus: number;
  readonly verdict: string | null;
  readonly reasons: readonly string[] | null;
  readonly similarity: number | null;
  readonly threshold: number | null;
  readonly far: number | null;
  readonly nameRule: string | null;
  readonly mrzValid: boolean | null;
  readonly mrzChecks: unknown;
  readonly models: unknown;
  readonly policyVersion: string;
  readonly timings: unknown;
  /** The response body as /verify sends it (personal fields already replaced when they may not be kept). */
  readonly result: unknown;
}

/** Before completion every decision field of a record is null. */
type Pending<T> = { readonly [K in keyof T]: T[K] | null };

export interface VerificationRecord extends Omit<NewVerification, 'idempotencyKey'>, Pending<Omit<Completion, 'status' | 'result'>> {
  readonly status: VerificationStatus;
  readonly result: unknown;
}

export interface ClaimedJob {
  readonly id: string;
  readonly payload: Buffer;
  readonly attempts: number;
}

export interface DueWebhook {
  readonly id: string;
  readonly url: string;
  readonly apiKeyId: string | null;
  readonly attempts: number;
  readonly firstAt: number;
}

const json = (value: unknown): string | null => (value === undefined || value === null ? null : JSON.stringify(value));
const parse = (value: SqlValue | undefined): unknown => (typeof value === 'string' ? (JSON.parse(value) as unknown) : null);
const num = (value: SqlValue | undefined): number | null => (typeof value === 'number' ? value : null);
const str = (value: SqlValue | undefined): string | null => (typeof value === 'string' ? value : null);

function toRecord(row: SqlRow): VerificationRecord {
  return {
    id: row.id as string,
    apiKeyId: str(row.api_key_id),
    mode: row.mode as 'sync' | 'async',
    status: row.status as VerificationStatus,
    createdAt: row.created_at as number,
    completedAt: num(row.completed_at),
    httpStatus: num(row.http_status),
    verdict: str(row.verdict),
    reasons: parse(row.reasons) as string[] | null,
    similarity: num(row.similarity),
    threshold: num(row.threshold),
    far: num(row.far),
    nameRule: str(row.name_rule),
    mrzValid: row.mrz_valid === null || row.mrz_valid === undefined ? null : Number(row.mrz_valid) === 1,
    mrzChecks: parse(row.mrz_checks),
    models: parse(row.models),
    policyVersion: str(row.policy_version),
    timings: parse(row.timings),
    imageSha256: (parse(row.image_sha256) ?? {}) as Record<string, string>,
    selfieSha256: row.selfie_sha256 as string,
    nameHmac: row.name_hmac as string,
    typedName: str(row.typed_name),
    callbackUrl: str(row.callback_url),
    result: parse(row.result),
  };
}

const INSERT = `INSERT INTO verifications (id, api_key_id, mode, status, created_at, image_sha256, selfie_sha256, name_hmac, typed_name,
  callback_url, idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

function insertParams(v: NewVerification, status: VerificationStatus): SqlValue[] {
  return [v.id, v.apiKeyId, v.mode, status, v.createdAt, json(v.imageSha256), v.selfieSha256, v.nameHmac, v.typedName, v.callbackUrl, v.idempotencyKey];
}

const COMPLETE = `UPDATE verifications SET status = ?, completed_at = ?, http_status = ?, verdict = ?, reasons = ?, similarity = ?, threshold = ?,
  far = ?, name_rule = ?, mrz_valid = ?, mrz_checks = ?, models = ?, policy_version = ?, timings = ?, result = ?`;

function completionParams(c: Completion): SqlValue[] {
  return [c.status, c.completedAt, c.httpStatus, c.verdict, json(c.reasons), c.similarity, c.threshold, c.far, c.nameRule,
    c.mrzValid === null ? null : c.mrzValid ? 1 : 0, json(c.mrzChecks), json(c.models), c.policyVersion, json(c.timings), json(c.result)];
}

export class RecordStore {
  private constructor(private readonly db: SqlDriver) {}

  static async open(db: SqlDriver): Promise<RecordStore> {
    await migrate(db);
    return new RecordStore(db);
  }

  get dialect(): SqlDriver['dialect'] {
    return this.db.dialect;
  }

  /**
   * A synchronous verification, accepted and decided at once: one statement, so one round trip; `fast`
   * does not wait for PostgreSQL's disk flush (RECORD_COMMIT).
   */
  async insertDecided(v: NewVerification, completion: Completion, commit: 'durable' | 'fast' = 'durable'): Promise<void> {
    const sql = `INSERT INTO verifications (id, api_key_id, mode, status, created_at, image_sha256, selfie_sha256, name_hmac, typed_name,
      callback_url, idempotency_key, completed_at, http_status, verdict, reasons, similarity, threshold, far, name_rule, mrz_valid, mrz_checks,
      models, policy_version, timings, result) VALUES (${Array.from({ length: 25 }, () => '?').join(', ')})`;
    // completionParams starts with the status, already among the insert's columns.
    const params = [...insertParams(v, completion.status), ...completionParams(completion).slice(1)];
    await (commit === 'fast' ? this.db.runUnflushed(sql, params) : this.db.run(sql, params));
  }

  /**
   * Queues an asynchronous verification with its encrypted uploads. With an idempotency key already used
   * within `idempotentSince`, nothing is stored and the earlier verification's id comes back (with its job's
   * ref while that job still waits).
   */
  async insertQueued(v: NewVerification, job: { ref: string; payload: Buffer }, idempotentSince: number): Promise<{ id: string; created: boolean; queueRef: string | null }> {
    return this.db.transaction(async (tx) => {
      if (v.idempotencyKey !== null) {
        const [earlier] = await tx.all('SELECT id, created_at FROM verifications WHERE idempotency_key = ?', [v.idempotencyKey]);
        if (earlier !== undefined && (earlier.created_at as number) >= idempotentSince) {
          // Its job, if still waiting: announcing it again is harmless and repairs a lost announcement.
          const [held] = await tx.all("SELECT queue_ref FROM jobs WHERE id = ? AND state = 'queued'", [earlier.id as string]);
          return { id: earlier.id as string, created: false, queueRef: str(held?.queue_ref) };
        }
        // An expired key is released for the new job.
        if (earlier !== undefined) await tx.run('UPDATE verifications SET idempotency_key = NULL WHERE id = ?', [earlier.id as string]);
      }
      await tx.run(INSERT, insertParams(v, 'queued'));
      await tx.run('INSERT INTO jobs (id, queue_ref, payload, state, attempts, lease_until, created_at) VALUES (?, ?, ?, ?, 0, NULL, ?)', [
        v.id, job.ref, job.payload, 'queued', v.createdAt,
      ]);
      return { id: v.id, created: true, queueRef: job.ref };
    });
  }

  /**
   * Takes a job for a worker: the one with `ref` (BullMQ hands out refs), else the oldest queued one or one
   * whose worker's lease ran out (a worker killed mid-job). Undefined when there is none to take (or it
   * was deleted meanwhile).
   */
  async claimJob(now: number, leaseMs: number, ref?: string): Promise<ClaimedJob | undefined> {
    return this.db.transaction(async (tx) => {
      const lock = this.db.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
      const [row] = ref !== undefined
        // BullMQ's own lock says who holds a job it hands out (and hands a dead worker's job to another).
        ? await tx.all(`SELECT id, payload, attempts FROM jobs WHERE queue_ref = ?${lock}`, [ref])
        : await tx.all(
          `SELECT id, payload, attempts FROM jobs WHERE state = 'queued' OR (state = 'processing' AND lease_until < ?) ORDER BY created_at LIMIT 1${lock}`,
          [now],
        );
      if (row === undefined || !Buffer.isBuffer(row.payload)) return undefined;
      const id = row.id as string;
      await tx.run("UPDATE jobs SET state = 'processing', attempts = attempts + 1, lease_until = ? WHERE id = ?", [now + leaseMs, id]);
      await tx.run("UPDATE verifications SET status = 'processing' WHERE id = ? AND status = 'queued'", [id]);
      return { id, payload: row.payload, attempts: (row.attempts as number) + 1 };
    });
  }

  /** Gives a claimed job back to be taken again after `retryAt` (the engines were busy, not the input bad). */
  async releaseJob(id: string, retryAt: number): Promise<void> {
    await this.db.run("UPDATE jobs SET state = 'processing', lease_until = ? WHERE id = ?", [retryAt, id]);
  }

  /** Jobs waiting or being worked on (queue depth for health and benchmarks). */
  async pendingJobs(): Promise<number> {
    const [row] = await this.db.all('SELECT COUNT(*) AS n FROM jobs');
    return Number(row?.n ?? 0);
  }

  /**
   * Ends a queued verification exactly once: the first completion wins, drops the held uploads and
   * queues the webhook in the same transaction; a later one (a job run twice after a worker died) changes
   * nothing and returns false.
   */
  async complete(id: string, completion: Completion): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const changed = await tx.run(`${COMPLETE} WHERE id = ? AND status IN ('queued', 'processing')`, [...completionParams(completion), id]);
      await tx.run('DELETE FROM jobs WHERE id = ?', [id]);
      if (changed === 0) return false;
      const [row] = await tx.all('SELECT callback_url, api_key_id FROM verifications WHERE id = ?', [id]);
      const url = str(row?.callback_url);
      if (url !== null) {
        await tx.run("INSERT INTO webhooks (id, url, api_key_id, state, attempts, first_at, next_at) VALUES (?, ?, ?, 'pending', 0, ?, ?)", [
          id, url, str(row?.api_key_id), completion.completedAt, completion.completedAt,
        ]);
      }
      return true;
    });
  }

  async get(id: string): Promise<VerificationRecord | undefined> {
    const [row] = await this.db.all('SELECT * FROM verifications WHERE id = ?', [id]);
    return row === undefined ? undefined : toRecord(row);
  }

  /** Records in creation order, after the record `after` (exclusive), for export; of one key or one hashed name. */
  async list(after: string | undefined, limit: number, filter: { apiKeyId?: string; nameHmac?: string } = {}): Promise<VerificationRecord[]> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    const { apiKeyId, nameHmac } = filter;
    if (apiKeyId !== undefined) {
      where.push('api_key_id = ?');
      params.push(apiKeyId);
    }
    if (after !== undefined) {
      where.push('(created_at > (SELECT created_at FROM verifications WHERE id = ?) OR (created_at = (SELECT created_at FROM verifications WHERE id = ?) AND id > ?))');
      params.push(after, after, after);
    }
    if (nameHmac !== undefined) {
      where.push('name_hmac = ?');
      params.push(nameHmac);
    }
    const sql = `SELECT * FROM verifications${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, id LIMIT ?`;
    return (await this.db.all(sql, [...params, limit])).map(toRecord);
  }

  /** Removes every trace of a verification; returns its queue ref when a job was still held, or undefined if unknown. */
  async delete(id: string): Promise<{ queueRef: string | null } | undefined> {
    const found = await this.db.transaction(async (tx) => deleteIn(tx, id));
    await this.db.compact();
    return found;
  }

  /** Ids of records created before `before` (retention), oldest first. */
  async createdBefore(before: number, limit: number): Promise<string[]> {
    return (await this.db.all('SELECT id FROM verifications WHERE created_at < ? ORDER BY created_at LIMIT ?', [before, limit])).map((r) => r.id as string);
  }

  /** True when this selfie was submitted under another (hashed) name since `since`. */
  async selfieSeenUnderOtherName(selfieSha256: string, nameHmac: string, since: number, excludeId: string): Promise<boolean> {
    const rows = await this.db.all(
      'SELECT 1 AS hit FROM verifications WHERE selfie_sha256 = ? AND name_hmac <> ? AND created_at >= ? AND id <> ? LIMIT 1',
      [selfieSha256, nameHmac, since, excludeId],
    );
    return rows.length > 0;
  }

  /** Takes the next webhook due for delivery, leased so that one sender at a time tries it. */
  async claimWebhook(now: number, leaseMs: number): Promise<DueWebhook | undefined> {
    return this.db.transaction(async (tx) => {
      const lock = this.db.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
      const [row] = await tx.all(
        `SELECT id, url, api_key_id, attempts, first_at FROM webhooks WHERE state = 'pending' AND next_at <= ? AND (lease_until IS NULL OR lease_until < ?)
         ORDER BY next_at LIMIT 1${lock}`,
        [now, now],
      );
      if (row === undefined) return undefined;
      await tx.run('UPDATE webhooks SET lease_until = ? WHERE id = ?', [now + leaseMs, row.id as string]);
      return { id: row.id as string, url: row.url as string, apiKeyId: str(row.api_key_id), attempts: row.attempts as number, firstAt: row.first_at as number };
    });
  }

  /** Logs one delivery attempt and schedules the next (nextAt) or ends the delivery (delivered / given up). */
  async webhookAttempted(
    id: string,
    attempt: { at: number; httpStatus: number | null; error: string | null; durationMs: number },
    next: { state: 'delivered' | 'abandoned' } | { state: 'pending'; nextAt: number },
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      const changed = await tx.run('UPDATE webhooks SET attempts = attempts + 1, state = ?, next_at = ?, lease_until = NULL WHERE id = ?', [
        next.state, next.state === 'pending' ? next.nextAt : attempt.at, id,
      ]);
      // A verification deleted during the attempt keeps no log of it.
      if (changed === 0) return;
      const [row] = await tx.all('SELECT attempts FROM webhooks WHERE id = ?', [id]);
      await tx.run('INSERT INTO webhook_attempts (verification_id, attempt, at, http_status, error, duration_ms) VALUES (?, ?, ?, ?, ?, ?)', [
        id, row?.attempts ?? 0, attempt.at, attempt.httpStatus, attempt.error, Math.round(attempt.durationMs),
      ]);
    });
  }

  /** Delivery state and attempt log of a verification's webhook. */
  async webhookLog(id: string): Promise<{ state: string; attempts: { attempt: number; at: number; httpStatus: number | null; error: string | null }[] } | undefined> {
    const [hook] = await this.db.all('SELECT state FROM webhooks WHERE id = ?', [id]);
    if (hook === undefined) return undefined;
    const rows = await this.db.all('SELECT attempt, at, http_status, error FROM webhook_attempts WHERE verification_id = ? ORDER BY attempt', [id]);
    return {
      state: hook.state as string,
      attempts: rows.map((r) => ({ attempt: r.attempt as number, at: r.at as number, httpStatus: num(r.http_status), error: str(r.error) })),
    };
  }

  /** Webhooks not yet delivered nor abandoned. */
  async pendingWebhooks(): Promise<number> {
    const [row] = await this.db.all("SELECT COUNT(*) AS n FROM webhooks WHERE state = 'pending'");
    return Number(row?.n ?? 0);
  }

  /** A named secret, generated by `generate` and kept on first use; every process sharing the store agrees on it. */
  async secret(name: string, generate: () => string): Promise<string> {
    const [found] = await this.db.all('SELECT value FROM secrets WHERE name = ?', [name]);
    if (found !== undefined) return found.value as string;
    await this.db.run(`INSERT INTO secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`, [name, generate()]);
    const [kept] = await this.db.all('SELECT value FROM secrets WHERE name = ?', [name]);
    return kept?.value as string;
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

async function deleteIn(tx: SqlExecutor, id: string): Promise<{ queueRef: string | null } | undefined> {
  const [job] = await tx.all('SELECT queue_ref FROM jobs WHERE id = ?', [id]);
  const removed = await tx.run('DELETE FROM verifications WHERE id = ?', [id]);
  await tx.run('DELETE FROM jobs WHERE id = ?', [id]);
  await tx.run('DELETE FROM webhooks WHERE id = ?', [id]);
  await tx.run('DELETE FROM webhook_attempts WHERE verification_id = ?', [id]);
  return removed === 0 ? undefined : { queueRef: str(job?.queue_ref) };
}
