import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';

/**
 * The data directory holds the database, the master key and the mails: readable by the service's
 * own user only, whatever the umask (which would make it 0755 and the files 0644).
 */
export function makePrivateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 });
}

/**
 * An SQLite database file and its WAL and shared-memory files, 0600. The file is made before
 * SQLite opens it: SQLite gives the -wal and -shm files the mode of the database file, so that
 * they are private from the start; existing ones are narrowed too.
 */
export function makePrivateSqliteFile(path: string): void {
  if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
  narrowSqliteFiles(path);
}

export function narrowSqliteFiles(path: string): void {
  for (const file of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) {
    if (existsSync(file)) chmodSync(file, 0o600);
  }
}
