import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { makePrivateDir, makePrivateSqliteFile, narrowSqliteFiles } from '../common/private-files.js';
import type { DatabaseConfig } from '../config/app-config.js';
import { MIGRATIONS } from '../../migrations/index.js';

/**
 * Durability and hygiene for the embedded database: WAL with a full sync on every commit (an
 * acknowledged request survives a power cut), foreign keys enforced, deleted pages zeroed so that
 * removed content cannot be carved out of the file.
 */
export function applySqlitePragmas(db: { pragma(sql: string): unknown }): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('secure_delete = ON');
  db.pragma('trusted_schema = OFF');
  // Planner statistics (bounded work): without them SQLite may scan a status index for a requester's
  // list instead of looking up the requester's own rows.
  db.pragma('analysis_limit = 1000');
  db.pragma('optimize = 0x10002');
}

export const SQLITE_BUSY_TIMEOUT_MS = 5000;
/**
 * How long a PostgreSQL statement waits for a lock another session holds (a row, a table, the audit
 * chain) before failing with 55P03, which the error filter answers with 503 and Retry-After. The same
 * wait as SQLite's; without it a request would wait as long as the lock is held, for ever if need be.
 */
const POSTGRES_LOCK_TIMEOUT_MS = SQLITE_BUSY_TIMEOUT_MS;

/** The one DataSource definition, used by the application and the CLI alike. */
export function dataSourceOptions(db: DatabaseConfig): DataSourceOptions {
  const common = {
    migrations: MIGRATIONS,
    migrationsRun: false,
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    logging: false,
    // A where value of undefined or null is a bug: refuse it instead of matching every row.
    invalidWhereValuesBehavior: { null: 'throw' as const, undefined: 'throw' as const },
  };
  if (db.type === 'sqlite') {
    makePrivateDir(dirname(db.path));
    makePrivateSqliteFile(db.path);
    return {
      ...common,
      type: 'better-sqlite3',
      database: db.path,
      timeout: SQLITE_BUSY_TIMEOUT_MS,
      prepareDatabase: (sqlite: { pragma(sql: string): unknown }) => {
        applySqlitePragmas(sqlite);
        // journal_mode = WAL has just made the -wal and -shm files (with the file's own mode; checked again).
        narrowSqliteFiles(db.path);
      },
    };
  }
  return { ...common, type: 'postgres', url: db.url, poolSize: 10, connectTimeoutMS: 5000, extra: { lock_timeout: POSTGRES_LOCK_TIMEOUT_MS } };
}
