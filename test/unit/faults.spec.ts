import { describe, expect, it } from '@jest/globals';
import { QueryFailedError } from 'typeorm';
import { QueryRunnerAlreadyReleasedError } from 'typeorm/error/QueryRunnerAlreadyReleasedError.js';
import { classifyFault } from '../../src/common/faults.js';

const driver = (code: string, message = 'x') => new QueryFailedError('INSERT ...', [], Object.assign(new Error(message), { code }));
const plain = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {});

/** The errors the drivers gave in the fault runs of issue 17 (and their neighbours), by kind. */
describe('classifyFault', () => {
  it.each([
    ['SQLite busy', driver('SQLITE_BUSY'), 'busy'],
    ['SQLite busy snapshot', driver('SQLITE_BUSY_SNAPSHOT'), 'busy'],
    ['PostgreSQL lock timeout', driver('55P03'), 'busy'],
    ['PostgreSQL deadlock', driver('40P01'), 'busy'],
    ['pg-pool out of connections', plain('timeout exceeded when trying to connect'), 'busy'],
    ['SQLite full', driver('SQLITE_FULL', 'database or disk is full'), 'disk'],
    ['ENOSPC in the spool', plain('ENOSPC: no space left on device, write', 'ENOSPC'), 'disk'],
    ['PostgreSQL disk full', driver('53100'), 'disk'],
    ['PostgreSQL admin shutdown', driver('57P01', 'terminating connection due to administrator command'), 'database'],
    ['PostgreSQL starting up', driver('57P03'), 'database'],
    ['read-only', driver('25006'), 'database'],
    ['SQLite read-only', driver('SQLITE_READONLY_DBMOVED'), 'database'],
    ['SQLite I/O error', driver('SQLITE_IOERR_WRITE'), 'database'],
    ['connection refused', plain('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'), 'database'],
    ['connection lost', driver('', 'Connection terminated unexpectedly'), 'database'],
    ['query runner released', new QueryRunnerAlreadyReleasedError(), 'database'],
    ['the cause of a wrapped error', Object.assign(new Error('outer'), { cause: plain('x', 'ECONNRESET') }), 'database'],
  ])('%s: %s', (_label, err, kind) => {
    expect(classifyFault(err)).toBe(kind);
  });

  it.each([
    ['a unique violation', driver('23505')],
    ['SQLite constraint', driver('SQLITE_CONSTRAINT_UNIQUE')],
    ['a defect', new TypeError('x is undefined')],
    ['not an error', 'text'],
    ['nothing', undefined],
  ])('leaves %s alone', (_label, err) => {
    expect(classifyFault(err)).toBeNull();
  });
});
