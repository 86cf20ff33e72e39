/**
 * The few operations the record store needs from a SQL database, written once with `?` placeholders and
 * run on SQLite (embedded) or PostgreSQL. Drivers own their connection and its release.
 */
export type SqlValue = string | number | Buffer | null;
export type SqlRow = Readonly<Record<string, SqlValue>>;

export interface SqlExecutor {
  /** Rows of a query (or of a statement with RETURNING). */
  all(sql: string, params?: readonly SqlValue[]): Promise<SqlRow[]>;
  /** Runs a statement and says how many rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

export interface SqlDriver extends SqlExecutor {
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * Runs one statement without waiting for the disk flush of its commit (PostgreSQL's asynchronous commit:
   * a crash of the database can lose it, never corrupt anything); SQLite in WAL mode never waits per commit.
   */
  runUnflushed(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** Runs `work` in one transaction: all of it or none of it. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Reclaims the space of deleted rows where the engine keeps it around (SQLite's write-ahead log). */
  compact(): Promise<void>;
  close(): Promise<void>;
}
