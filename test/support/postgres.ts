import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestDatabase } from './database.js';

export const DEFAULT_POSTGRES = 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A fresh PostgreSQL database for a test that only makes sense there (several instances on one
 * database), even in the SQLite run: from TEST_DATABASE_URL, else the local server. It fails,
 * never skips, when the server cannot be reached.
 */
export async function createPostgresDatabase(): Promise<
  TestDatabase & { query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>; end(): Promise<void> }
> {
  const base = process.env.TEST_DATABASE_URL || DEFAULT_POSTGRES;
  const name = `cti_multi_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(`PostgreSQL is needed for this test and is not reachable at ${base}: ${(err as Error).message}`, { cause: err });
  }
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
  return {
    url: url.toString(),
    kind: 'postgres',
    query: async <T>(sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows as T[],
    end: () => pool.end(),
    drop: async () => {
      await pool.end().catch(() => undefined);
      const c = new pg.Client({ connectionString: base, connectionTimeoutMillis: 5000 });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
