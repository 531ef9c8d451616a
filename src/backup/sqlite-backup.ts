import Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { closeSync, constants, createReadStream, createWriteStream, existsSync, openSync, readSync, renameSync, rmSync, statSync, accessSync } from 'node:fs';
import { dirname } from 'node:path';
import { makePrivateSqliteFile, narrowSqliteFiles } from '../common/private-files.js';
import { MIGRATIONS } from '../../migrations/index.js';
import { cipherFor, decipherFor, FORMAT, keyFor, newEncryption, type Manifest, type Secret } from './backup-format.js';

/** A refusal that changed nothing: one line for the operator. */
export class BackupError extends Error {}

type OnProgress = (done: number, total: number) => void;

const MAX_MANIFEST = 4096;

/**
 * A consistent copy of the live SQLite database, made by `VACUUM INTO`: one read transaction, so
 * the service keeps writing meanwhile (WAL) and the copy is the database at one moment, never a
 * torn file copy. Only the database: the master key and the month keys live in files beside it
 * and are never part of a backup. Written next to `file` and renamed into place when complete.
 */
export async function writeBackup(dbPath: string, file: string, options: { force: boolean; secret?: Secret; now: string; onProgress?: OnProgress }): Promise<Manifest> {
  if (existsSync(file) && !options.force) throw new BackupError(`${file} exists: give --force to replace it`);
  try {
    accessSync(dirname(file), constants.W_OK);
  } catch {
    throw new BackupError(`cannot write in ${dirname(file)}`);
  }
  if (!existsSync(dbPath)) throw new BackupError(`no database at ${dbPath}`);
  const tag = randomBytes(4).toString('hex');
  const snapshot = `${file}.${tag}.sqlite`;
  const partial = `${file}.${tag}.part`;
  try {
    makePrivateSqliteFile(snapshot);
    const source = new Database(dbPath, { readonly: true, fileMustExist: true, timeout: 10_000 });
    try {
      source.prepare('VACUUM INTO ?').run(snapshot);
    } finally {
      source.close();
    }
    const schema = lastMigration(snapshot);
    const size = statSync(snapshot).size;
    const sha256 = await hashFile(snapshot, size, options.onProgress);
    const encryption = options.secret ? newEncryption(options.secret) : null;
    const manifest: Manifest = { format: FORMAT, createdAt: options.now, schema, size, sha256, encryption: encryption?.encryption ?? null };
    const line = JSON.stringify(manifest);
    const out = createWriteStream(partial, { mode: 0o600 });
    out.write(`${line}\n`);
    const cipher = encryption ? cipherFor(encryption.key, encryption.encryption, line) : null;
    for await (const chunk of createReadStream(snapshot)) {
      const bytes = chunk as Buffer;
      if (!out.write(cipher ? cipher.update(bytes) : bytes)) await once(out, 'drain');
    }
    if (cipher) out.write(Buffer.concat([cipher.final(), cipher.getAuthTag()]));
    out.end();
    await once(out, 'finish');
    renameSync(partial, file);
    return manifest;
  } finally {
    rmSync(snapshot, { force: true });
    rmSync(partial, { force: true });
  }
}

/** The manifest of a backup file, checked for shape; the content is not read. */
export function readManifest(file: string): { manifest: Manifest; offset: number } {
  if (!existsSync(file)) throw new BackupError(`no backup at ${file}`);
  const fd = openSync(file, 'r');
  const head = Buffer.alloc(MAX_MANIFEST);
  let read: number;
  try {
    read = readSync(fd, head, 0, MAX_MANIFEST, 0);
  } finally {
    closeSync(fd);
  }
  const end = head.subarray(0, read).indexOf(0x0a);
  if (end < 0) throw new BackupError(`${file} is not a backup of this service`);
  const line = head.subarray(0, end).toString('utf8');
  let manifest: Manifest;
  try {
    manifest = JSON.parse(line) as Manifest;
  } catch {
    throw new BackupError(`${file} is not a backup of this service`);
  }
  if (manifest.format !== FORMAT || typeof manifest.sha256 !== 'string' || typeof manifest.schema !== 'string' || !Number.isSafeInteger(manifest.size)) {
    throw new BackupError(`${file} is not a backup of this service (format ${String(manifest.format)})`);
  }
  return { manifest, offset: end + 1 };
}

/**
 * Replaces the database at `dbPath` with the backup: refused while a service has it open, when the
 * checksum or the integrity check fails, or when the backup's schema is newer than this version
 * knows. The copy is checked in full before the live file is touched. Migrating forward is the
 * caller's next step.
 */
export async function restoreBackup(dbPath: string, file: string, options: { secret?: Secret; force: boolean; onProgress?: OnProgress }): Promise<Manifest> {
  const { manifest, offset } = readManifest(file);
  const known = new Set(MIGRATIONS.map((m) => new m().name ?? m.name));
  if (!known.has(manifest.schema)) throw new BackupError(`the backup is from a newer schema (${manifest.schema}): restore it with the version of the service that made it`);
  if (existsSync(dbPath)) {
    assertNotInUse(dbPath);
    if (!options.force) throw new BackupError(`a database exists at ${dbPath}: give --force to replace it`);
  }
  const staged = `${dbPath}.restore-${randomBytes(4).toString('hex')}`;
  try {
    await extract(file, offset, manifest, staged, options);
    const db = new Database(staged, { fileMustExist: true });
    try {
      const check = db.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw new BackupError(`the backup fails SQLite's integrity check: ${String(check)}`);
      const names = (db.prepare('SELECT name FROM migrations').all() as Array<{ name: string }>).map((r) => r.name);
      const unknown = names.find((n) => !known.has(n));
      if (unknown) throw new BackupError(`the backup is from a newer schema (${unknown}): restore it with the version of the service that made it`);
    } finally {
      db.close();
    }
    if (existsSync(dbPath)) assertNotInUse(dbPath);
    for (const extra of [`${dbPath}-wal`, `${dbPath}-shm`, `${dbPath}-journal`]) rmSync(extra, { force: true });
    makePrivateSqliteFile(staged);
    renameSync(staged, dbPath);
    narrowSqliteFiles(dbPath);
    return manifest;
  } finally {
    rmSync(staged, { force: true });
  }
}

async function extract(file: string, offset: number, manifest: Manifest, target: string, options: { secret?: Secret; onProgress?: OnProgress }): Promise<void> {
  const total = statSync(file).size - offset;
  const { encryption } = manifest;
  const tagLength = encryption ? 16 : 0;
  if (total !== manifest.size + tagLength) throw new BackupError(`the backup is truncated or corrupt (${total} bytes where ${manifest.size + tagLength} were written)`);
  let decipher = null;
  if (encryption) {
    if (!options.secret) throw new BackupError(`the backup is encrypted (${encryption.kind}): give ${encryption.kind === 'passphrase' ? '--passphrase' : '--identity KEYFILE'}`);
    try {
      decipher = decipherFor(keyFor(encryption, options.secret), encryption, readManifestLine(file, offset));
    } catch (err) {
      throw new BackupError((err as Error).message);
    }
    const tag = Buffer.alloc(16);
    const fd = openSync(file, 'r');
    try {
      readSync(fd, tag, 0, 16, offset + manifest.size);
    } finally {
      closeSync(fd);
    }
    decipher.setAuthTag(tag);
  }
  const hash = createHash('sha256');
  const out = createWriteStream(target, { mode: 0o600 });
  let done = 0;
  for await (const chunk of createReadStream(file, { start: offset, end: offset + manifest.size - 1 })) {
    const bytes = decipher ? decipher.update(chunk as Buffer) : (chunk as Buffer);
    hash.update(bytes);
    done += bytes.length;
    options.onProgress?.(done, manifest.size);
    if (!out.write(bytes)) await once(out, 'drain');
  }
  if (decipher) {
    try {
      decipher.final();
    } catch {
      out.destroy();
      throw new BackupError('the backup cannot be decrypted: wrong passphrase or key, or a changed file');
    }
  }
  out.end();
  await once(out, 'finish');
  if (hash.digest('hex') !== manifest.sha256) throw new BackupError('the backup is corrupt: its checksum does not match its manifest');
}

function readManifestLine(file: string, offset: number): string {
  const fd = openSync(file, 'r');
  const head = Buffer.alloc(offset - 1);
  try {
    readSync(fd, head, 0, offset - 1, 0);
  } finally {
    closeSync(fd);
  }
  return head.toString('utf8');
}

/**
 * Refuses a database a running service has open. Every connection to a WAL database holds a shared
 * lock in its -shm file for as long as it is open; leaving WAL mode needs that lock exclusively, so
 * it fails (busy) exactly while another process has the database open, idle or not.
 */
export function assertNotInUse(dbPath: string): void {
  const db = new Database(dbPath, { fileMustExist: true, timeout: 0 });
  try {
    const mode = String(db.pragma('journal_mode', { simple: true }));
    if (mode !== 'wal') return;
    try {
      db.pragma('journal_mode = DELETE');
    } catch {
      throw new BackupError(`the database ${dbPath} is in use by a running service: stop it before restoring`);
    }
    if (String(db.pragma('journal_mode', { simple: true })) === 'wal') {
      throw new BackupError(`the database ${dbPath} is in use by a running service: stop it before restoring`);
    }
    // Nobody else has it open: put it back as it was (nothing changes unless the restore goes on).
    db.pragma('journal_mode = WAL');
  } finally {
    db.close();
  }
}

function lastMigration(path: string): string {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare('SELECT name FROM migrations ORDER BY id DESC LIMIT 1').get() as { name: string } | undefined;
    if (!row) throw new BackupError('the database has no schema yet: start the service or run migrate first');
    return row.name;
  } finally {
    db.close();
  }
}

async function hashFile(path: string, size: number, onProgress?: OnProgress): Promise<string> {
  const hash = createHash('sha256');
  let done = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    done += (chunk as Buffer).length;
    onProgress?.(done, size);
  }
  return hash.digest('hex');
}
