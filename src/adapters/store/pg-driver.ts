/**
 * PostgreSQL through node-postgres, when DATABASE_URL is set: the store shared by an API and workers on
 * several machines. The tables live in DATABASE_SCHEMA, created when missing; BIGINT columns come back as
 * numbers (every value stored is a millisecond time or a count, far below 2^53).
 */
import pg from 'pg';
import type { SqlDriver, SqlExecutor, SqlRow } from './sql-driver.js';

const BIGINT_OID = 20;

/** `?` placeholders (the store's dialect) to PostgreSQL's `$1, $2...`. */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

function executor(client: pg.Pool | pg.PoolClient): SqlExecutor {
  return {
    all: async (sql, params = []) => (await client.query(numberPlaceholders(sql), [...params])).rows as SqlRow[],
    run: async (sql, params = []) => (await client.query(numberPlaceholders(sql), [...params])).rowCount ?? 0,
  };
}

export async function openPostgres(url: string, schema: string): Promise<SqlDriver> {
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === BIGINT_OID ? (value: string) => Number(value) : (pg.types.getTypeParser(oid, format) as (value: string) => unknown)) as typeof pg.types.getTypeParser,
  };
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  try {
    await setup.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } finally {
    await setup.end();
  }
  // search_path as a connection option: it holds on every pooled connection from its first query.
  const pool = new pg.Pool({ connectionString: url, types, max: 8, options: `-c search_path=${schema}` });
  pool.on('error', () => undefined);
  // A small second pool whose sessions commit asynchronously, for RECORD_COMMIT=fast.
  const unflushed = new pg.Pool({ connectionString: url, types, max: 2, options: `-c search_path=${schema} -c synchronous_commit=off` });
  unflushed.on('error', () => undefined);
  const fast = executor(unflushed);
  return {
    dialect: 'postgres',
    ...executor(pool),
    runUnflushed: (sql, params) => fast.run(sql, params),
    transaction: async <T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(executor(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    compact: async () => undefined,
    close: async () => {
      await Promise.all([pool.end(), unflushed.end()]);
    },
  };
}
