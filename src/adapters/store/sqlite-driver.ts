/**
 * SQLite through better-sqlite3: the embedded default, one file in DATA_DIR. Write-ahead logging lets
 * several processes on one machine share the file; secure_delete overwrites deleted rows, so a deleted
 * verification leaves no bytes behind in the file.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { SqlDriver, SqlExecutor, SqlRow, SqlValue } from './sql-driver.js';

export function openSqlite(storeDir: string): SqlDriver {
  const inMemory = storeDir === ':memory:';
  if (!inMemory) mkdirSync(storeDir, { recursive: true, mode: 0o700 });
  const db = new Database(inMemory ? ':memory:' : join(storeDir, 'identity-check.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('secure_delete = ON');
  db.pragma('foreign_keys = ON');
  const executor: SqlExecutor = {
    all: async (sql, params = []) => {
      const statement = db.prepare<SqlValue[], SqlRow>(sql);
      return statement.reader ? statement.all(...params) : (statement.run(...params), []);
    },
    run: async (sql, params = []) => db.prepare<SqlValue[]>(sql).run(...params).changes,
  };
  let depth = 0;
  return {
    dialect: 'sqlite',
    ...executor,
    // better-sqlite3 is synchronous, so the work's awaits never yield to another caller's statement while
    // BEGIN IMMEDIATE holds the write lock: no two transactions interleave on this connection.
    transaction: async <T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> => {
      if (depth > 0) return work(executor);
      depth++;
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(executor);
        db.exec('COMMIT');
        return result;
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      } finally {
        depth--;
      }
    },
    compact: async () => {
      if (!inMemory) db.pragma('wal_checkpoint(TRUNCATE)');
    },
    close: async () => {
      db.close();
    },
  };
}
