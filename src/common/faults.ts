import { HttpException } from '@nestjs/common';

/**
 * A fault of the machinery rather than of the request: the database busy, gone or out of space.
 * Each is answered 503 with Retry-After; the transaction that met it was rolled back whole, so the
 * request may be sent again as it was (with its Idempotency-Key, if it had one).
 */
export type FaultKind = 'busy' | 'database' | 'disk';

export const RETRY_AFTER_SECONDS: Record<FaultKind, number> = { busy: 1, database: 5, disk: 30 };

export const FAULT_MESSAGES: Record<FaultKind, string> = {
  busy: 'The database is busy: try again in a moment',
  database: 'The database cannot be reached: the service is briefly unavailable, try again in a moment',
  disk: 'The service is out of storage space: it is briefly unavailable, try again later',
};

/** A fault found outside a driver (the health check, the upload cap): thrown as it is. */
export class ServiceFault extends HttpException {
  constructor(
    readonly kind: FaultKind | 'uploads',
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super({ statusCode: 503, error: 'Service Unavailable', message, code: 'service.unavailable' }, 503);
  }
}

// SQLite (better-sqlite3 codes), PostgreSQL (SQLSTATE) and Node's socket errors.
const BUSY_CODES = new Set(['55P03', '40001', '40P01', '53300', '57014']);
const DISK_CODES = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL', '53100']);
const GONE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01', // admin_shutdown: "terminating connection due to administrator command"
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: "the database system is starting up / shutting down"
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '25006', // read_only_sql_transaction (a replica, or a server put in read-only mode)
  'SQLITE_READONLY',
  'SQLITE_IOERR',
  'SQLITE_CANTOPEN',
  'SQLITE_CORRUPT',
  'SQLITE_NOTADB',
]);
// Errors of pg, pg-pool and TypeORM that carry no code, known by name or by their words.
const GONE_NAMES = new Set(['QueryRunnerProviderAlreadyReleasedError', 'QueryRunnerAlreadyReleasedError', 'CannotExecuteNotConnectedError', 'ConnectionIsNotSetError']);
const GONE_WORDS =
  /Connection terminated|not queryable|Cannot use a pool after calling end|terminating connection|server closed the connection|Connection is closed|Client was closed|already released|connect ECONNREFUSED|read ECONNRESET|the database system is (starting up|shutting down|in recovery mode)/i;
// A transaction whose prepared statement a schema change (another instance's migration) made
// stale: rolled back whole; the statement is prepared again (RawSql), so a retry succeeds.
const BUSY_WORDS = /timeout exceeded when trying to connect|database is locked|cached plan must not change result type/i;

/** The kind of fault behind an error (looked for through its driver error and its causes), or null for anything else. */
export function classifyFault(err: unknown): FaultKind | null {
  let kind: FaultKind | null = null;
  const seen = new Set<unknown>();
  const stack: unknown[] = [err];
  while (stack.length > 0 && seen.size < 10) {
    const e = stack.pop();
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    const found = classifyOne(e as { code?: unknown; name?: unknown; message?: unknown });
    // A full disk says more to an operator than the lost connection it caused.
    if (found === 'disk') return 'disk';
    kind ??= found;
    const { driverError, cause, errors } = e as { driverError?: unknown; cause?: unknown; errors?: unknown };
    stack.push(driverError, cause, ...(Array.isArray(errors) ? errors : []));
  }
  return kind;
}

function classifyOne(e: { code?: unknown; name?: unknown; message?: unknown }): FaultKind | null {
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  if (DISK_CODES.has(code) || /ENOSPC|disk is full|No space left/i.test(message)) return 'disk';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || BUSY_CODES.has(code) || BUSY_WORDS.test(message)) return 'busy';
  if (GONE_CODES.has(code) || [...GONE_CODES].some((c) => c.startsWith('SQLITE_') && code.startsWith(c + '_'))) return 'database';
  if ((typeof e.name === 'string' && GONE_NAMES.has(e.name)) || GONE_WORDS.test(message)) return 'database';
  return null;
}

/** The code to log with a fault: what the driver said, never its message (which may quote a value). */
export function faultCode(err: unknown): string {
  const e = err as { code?: unknown; name?: unknown; driverError?: { code?: unknown }; cause?: { code?: unknown } } | undefined;
  const code = e?.driverError?.code ?? e?.code ?? e?.cause?.code;
  return typeof code === 'string' ? code : typeof e?.name === 'string' ? e.name : 'unknown';
}
