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
  const raw: SqlExecutor = {
    all: async (sql, params = []) => {
      const statement = db.prepare<SqlValue[], SqlRow>(sql);
      return statement.reader ? statement.all(...params) : (statement.run(...params), []);
    },
    run: async (sql, params = []) => db.prepare<SqlValue[]>(sql).run(...params).changes,
  };
  // One connection: a transaction's awaits yield to other callers, so every use of the connection waits its
  // turn, and no statement of one caller lands inside another caller's transaction.
  let turn: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const result = turn.then(work);
    turn = result.catch(() => undefined);
    return result;
  };
  return {
    dialect: 'sqlite',
    all: (sql, params) => serial(() => raw.all(sql, params)),
    run: (sql, params) => serial(() => raw.run(sql, params)),
    runUnflushed: (sql, params) => serial(() => raw.run(sql, params)),
    transaction: <T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> =>
      serial(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await work(raw);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          db.exec('ROLLBACK');
          throw error;
        }
      }),
    compact: () =>
      serial(async () => {
        if (!inMemory) db.pragma('wal_checkpoint(TRUNCATE)');
      }),
    close: () => serial(async () => void db.close()),
  };
}
