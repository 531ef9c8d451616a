import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, fsyncSync, linkSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makePrivateDir } from '../common/private-files.js';

const PERIOD = /^\d{4}-\d{2}$/;

/** The period of an inquiry's key-encryption key: the UTC month it was filed in ("2026-11"). */
export const periodOf = (createdAt: string): string => createdAt.slice(0, 7);

/** The first moment of a period and of the one after it, for finding the inquiries filed in it. */
export function periodBounds(period: string): { from: string; to: string } {
  const [year, month] = period.split('-').map(Number);
  return { from: new Date(Date.UTC(year, month - 1, 1)).toISOString(), to: new Date(Date.UTC(year, month, 1)).toISOString() };
}

export const periodKeyDir = (dataDir: string): string => join(dataDir, 'keys');

/**
 * Key-encryption keys, one per month of filing, each in its own file beside the master key
 * (DATA_DIR/keys/kek-YYYY-MM.key, mode 0600), never in the database. Every data key is wrapped by
 * its month's key inside the master key's wrapping, so that destroying the month's file (when the
 * last inquiry filed in it has been purged) makes those data keys unrecoverable from any copy of
 * the database, backups taken before the purge included.
 */
export class PeriodKeys {
  private readonly keys = new Map<string, Buffer>();

  constructor(private readonly dataDir: string) {}

  /** The period's key, made on first use (several processes may race: the first file wins). */
  getOrCreate(period: string): Buffer {
    const known = this.find(period);
    if (known) return known;
    const dir = periodKeyDir(this.dataDir);
    makePrivateDir(dir);
    // Written whole and flushed under a name of its own, then linked into place: a crash never
    // leaves a half-written key, and of several processes racing the first link wins.
    const tmp = `${this.file(period)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      writeFileSync(fd, randomBytes(32).toString('base64') + '\n');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      linkSync(tmp, this.file(period));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      rmSync(tmp, { force: true });
    }
    const key = this.find(period);
    if (!key) throw new Error(`key-encryption key ${period} could not be made`);
    return key;
  }

  /** The period's key, or null once it has been destroyed. */
  find(period: string): Buffer | null {
    if (!PERIOD.test(period)) throw new Error(`bad key period ${period}`);
    const cached = this.keys.get(period);
    if (cached && existsSync(this.file(period))) return cached;
    this.keys.delete(period);
    const file = this.file(period);
    if (!existsSync(file)) return null;
    chmodSync(file, 0o600);
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`${file} must hold one base64 key of 32 bytes`);
    this.keys.set(period, key);
    return key;
  }

  /** Overwrites the period's key file, flushes it, then removes it. */
  destroy(period: string): boolean {
    if (!PERIOD.test(period)) throw new Error(`bad key period ${period}`);
    this.keys.get(period)?.fill(0);
    this.keys.delete(period);
    const file = this.file(period);
    if (!existsSync(file)) return false;
    const fd = openSync(file, 'r+');
    try {
      writeFileSync(fd, randomBytes(64));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    rmSync(file);
    return true;
  }

  private file(period: string): string {
    return join(periodKeyDir(this.dataDir), `kek-${period}.key`);
  }
}
