import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * Another process that takes SQLite's write lock on `file` (BEGIN IMMEDIATE), holds it for
 * `holdMs`, then commits and exits. It must be another process: opening the same file inside the
 * service's process would break SQLite's POSIX locks. Resolves once the lock is held, with a
 * promise of the moment it is released.
 */
export async function holdSqliteWriteLock(file: string, holdMs: number): Promise<{ released: Promise<number> }> {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(process.argv[1], { timeout: 10000 });
    db.exec('BEGIN IMMEDIATE');
    process.stdout.write('locked\\n');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(process.argv[2]));
    db.exec('COMMIT');
    db.close();
    process.stdout.write('released\\n');
  `;
  const child = spawn(process.execPath, ['-e', script, file, String(holdMs)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const released = new Promise<number>((done, fail) => child.on('exit', (code) => (code === 0 ? done(Date.now()) : fail(new Error(`locker exited ${code}: ${err}`)))));
  await new Promise<void>((done, fail) => {
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('locked')) done();
    });
    child.on('exit', () => fail(new Error(`locker exited before locking: ${err}`)));
  });
  return { released };
}

/** `PRAGMA integrity_check` in a process of its own (run only once the service has stopped). */
export async function sqliteIntegrity(file: string): Promise<string> {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(process.argv[1], { readonly: true });
    process.stdout.write(db.pragma('integrity_check', { simple: true }));
    db.close();
  `;
  const child = spawn(process.execPath, ['-e', script, file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  if (code !== 0) throw new Error(`integrity check failed to run: ${err}`);
  return out;
}
