import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './processes.js';

const run = promisify(execFile);

export interface OwnPostgres {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  restart(): Promise<void>;
  drop(): Promise<void>;
}

/**
 * A PostgreSQL cluster of the test's own (Debian's pg_createcluster, on a free port, trusting
 * loopback), which it may stop and restart without touching the shared server; dropped afterwards.
 * It fails, never skips, where the tooling is missing.
 */
export async function createOwnPostgres(): Promise<OwnPostgres> {
  const versions = (() => {
    try {
      return readdirSync('/usr/lib/postgresql').sort();
    } catch {
      return [];
    }
  })();
  const version = versions.at(-1);
  if (!version) throw new Error('this test needs a local PostgreSQL installation (/usr/lib/postgresql, pg_createcluster) to make a server it may stop');
  const name = `cti_outage_${randomBytes(4).toString('hex')}`;
  const port = await freePort();
  const ctl = (action: string, ...extra: string[]) => run('pg_ctlcluster', [version, name, action, ...extra], { timeout: 60_000 });
  await run('pg_createcluster', [version, name, '-p', String(port), '--', '--auth-host=trust', '--auth-local=trust'], { timeout: 120_000 });
  const drop = () => run('pg_dropcluster', [version, name, '--stop'], { timeout: 60_000 }).then(() => undefined);
  try {
    await ctl('start');
    const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`, connectionTimeoutMillis: 10_000 });
    await admin.connect();
    await admin.query('CREATE DATABASE cti');
    await admin.end();
  } catch (err) {
    await drop().catch(() => undefined);
    throw err;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/cti`,
    stop: () => ctl('stop', '-m', 'fast').then(() => undefined),
    start: () => ctl('start').then(() => undefined),
    restart: () => ctl('restart', '-m', 'fast').then(() => undefined),
    drop,
  };
}
