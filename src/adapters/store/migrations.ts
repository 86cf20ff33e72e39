/**
 * Schema migrations, numbered and applied in order inside one transaction each; the applied numbers are
 * kept in schema_migrations. The DDL is written to mean the same on SQLite and PostgreSQL (BYTEA is a
 * blob column on SQLite too, BIGINT holds millisecond times on both).
 */
import type { SqlDriver } from './sql-driver.js';

export const MIGRATIONS: readonly (readonly string[])[] = [
  [
    `CREATE TABLE verifications (
      id TEXT PRIMARY KEY,
      api_key_id TEXT,
      mode TEXT NOT NULL,
      status TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      completed_at BIGINT,
      http_status INTEGER,
      verdict TEXT,
      reasons TEXT,
      similarity DOUBLE PRECISION,
      threshold DOUBLE PRECISION,
      far DOUBLE PRECISION,
      name_rule TEXT,
      mrz_valid INTEGER,
      mrz_checks TEXT,
      models TEXT,
      policy_version TEXT,
      timings TEXT,
      image_sha256 TEXT,
      selfie_sha256 TEXT,
      name_hmac TEXT,
      typed_name TEXT,
      result TEXT,
      callback_url TEXT,
      idempotency_key TEXT
    )`,
    'CREATE INDEX verifications_created ON verifications (created_at, id)',
    'CREATE INDEX verifications_selfie ON verifications (selfie_sha256, created_at)',
    'CREATE INDEX verifications_name ON verifications (name_hmac)',
    'CREATE UNIQUE INDEX verifications_idempotency ON verifications (idempotency_key)',
    `CREATE TABLE jobs (
      id TEXT PRIMARY KEY,
      queue_ref TEXT NOT NULL UNIQUE,
      payload BYTEA,
      state TEXT NOT NULL,
      attempts INTEGER NOT NULL,
      lease_until BIGINT,
      created_at BIGINT NOT NULL
    )`,
    'CREATE INDEX jobs_state ON jobs (state, created_at)',
    `CREATE TABLE webhooks (
      id TEXT PRIMARY KEY,
      url TEXT NOT NULL,
      api_key_id TEXT,
      state TEXT NOT NULL,
      attempts INTEGER NOT NULL,
      first_at BIGINT NOT NULL,
      next_at BIGINT NOT NULL,
      lease_until BIGINT
    )`,
    'CREATE INDEX webhooks_due ON webhooks (state, next_at)',
    `CREATE TABLE webhook_attempts (
      verification_id TEXT NOT NULL,
      attempt INTEGER NOT NULL,
      at BIGINT NOT NULL,
      http_status INTEGER,
      error TEXT,
      duration_ms INTEGER NOT NULL
    )`,
    'CREATE INDEX webhook_attempts_id ON webhook_attempts (verification_id)',
    'CREATE TABLE secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL)',
  ],
];

/** Applies the migrations not applied yet; safe to run from several processes at once. */
export async function migrate(driver: SqlDriver): Promise<number> {
  await driver.run('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)');
  let applied = 0;
  for (const [index, statements] of MIGRATIONS.entries()) {
    const version = index + 1;
    applied += await driver.transaction(async (tx) => {
      // The insert claims the version first: a second process starting at the same moment waits on it, then skips.
      if (driver.dialect === 'postgres') await tx.run('LOCK TABLE schema_migrations IN EXCLUSIVE MODE');
      const done = await tx.all('SELECT version FROM schema_migrations WHERE version = ?', [version]);
      if (done.length > 0) return 0;
      await tx.run('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)', [version, Date.now()]);
      for (const sql of statements) await tx.run(sql);
      return 1;
    });
  }
  return applied;
}
