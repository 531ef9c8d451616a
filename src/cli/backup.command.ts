import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readKeyFile, newKeyPair, type Secret } from '../backup/backup-format.js';
import { BackupError, restoreBackup, writeBackup } from '../backup/sqlite-backup.js';
import type { AppConfig } from '../config/app-config.js';
import { CliError, parseFlags, readLine, type Command } from './command.js';
import { migrate } from './migrate.command.js';
import { Progress } from './progress.js';

const PG_BACKUP = 'on PostgreSQL use its own tools: pg_dump --format=custom --file=FILE "$DATABASE_URL" (and pg_restore --clean --dbname="$DATABASE_URL" FILE)';

/** The file argument and the flags: boolean switches first, then `--name value` flags. */
function parse(args: string[], switches: string[], flags: string[]): { file: string; on: Set<string>; values: Record<string, string> } {
  const on = new Set(args.filter((a) => switches.includes(a)).map((a) => a.slice(2)));
  const rest = args.filter((a) => !switches.includes(a));
  const file = rest[0];
  if (file === undefined || file.startsWith('--')) throw new CliError('give the backup file');
  return { file: resolve(file), on, values: parseFlags(rest.slice(1), flags) };
}

async function secretFrom(on: Set<string>, values: Record<string, string>, keyKind: 'public' | 'private'): Promise<Secret | undefined> {
  const keyFlag = keyKind === 'public' ? 'recipient' : 'identity';
  if (on.has('passphrase') && values[keyFlag]) throw new CliError(`give --passphrase or --${keyFlag}, not both`);
  if (on.has('passphrase')) {
    const passphrase = await readLine();
    if (passphrase.length < 12) throw new CliError('the passphrase (one line on standard input) must have at least 12 characters');
    return { passphrase };
  }
  if (values[keyFlag]) {
    try {
      const key = readKeyFile(readFileSync(values[keyFlag], 'utf8'), keyKind);
      return keyKind === 'public' ? { publicKey: key } : { privateKey: key };
    } catch (err) {
      throw new CliError(`--${keyFlag}: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  return undefined;
}

/** The configured SQLite file: these commands work on the file itself, and refuse any other database. */
const sqlitePath = (config: AppConfig, verb: string): string => {
  if (!('path' in config.database)) throw new CliError(`${verb} works on the SQLite database only; ${PG_BACKUP}`);
  return config.database.path;
};

/** Progress lines only for databases large enough to take a while; the final line always. */
const LARGE = 16 * 1024 * 1024;
const onLarge = (progress: Progress) => (done: number, total: number) => {
  if (total >= LARGE) progress.update(Math.round((done / total) * 100));
};

const asCliError = (err: unknown): never => {
  throw err instanceof BackupError ? new CliError(err.message) : err;
};

export const backup: Command = {
  usage: 'backup FILE [--force] [--passphrase | --recipient PUBLIC_KEY_FILE]',
  summary: 'write a consistent, checksummed copy of the SQLite database while the service runs (no keys in it), optionally encrypted',
  async run(args, config) {
    const { file, on, values } = parse(args, ['--force', '--passphrase'], ['recipient']);
    const dbPath = sqlitePath(config, 'backup');
    const secret = await secretFrom(on, values, 'public');
    const progress = new Progress('backup', 100);
    const manifest = await writeBackup(dbPath, file, { force: on.has('force'), secret, now: new Date().toISOString(), onProgress: onLarge(progress) }).catch(asCliError);
    progress.finish(100);
    process.stdout.write(
      `backup written to ${file}: ${manifest.size} bytes, schema ${manifest.schema}, sha256 ${manifest.sha256}${manifest.encryption ? `, encrypted (${manifest.encryption.kind})` : ''}\n`,
    );
    return 0;
  },
};

export const restore: Command = {
  usage: 'restore FILE [--force] [--passphrase | --identity PRIVATE_KEY_FILE]',
  summary: 'replace the SQLite database (the service stopped) with a backup, checked, then migrate it forward',
  async run(args, config) {
    const { file, on, values } = parse(args, ['--force', '--passphrase'], ['identity']);
    const dbPath = sqlitePath(config, 'restore');
    const secret = await secretFrom(on, values, 'private');
    const progress = new Progress('restored', 100);
    const manifest = await restoreBackup(dbPath, file, { secret, force: on.has('force'), onProgress: onLarge(progress) }).catch(asCliError);
    progress.finish(100);
    process.stdout.write(`restored the backup of ${manifest.createdAt} (schema ${manifest.schema}) into ${dbPath}\n`);
    return migrate.run([], config);
  },
};

export const backupKeygen: Command = {
  usage: 'backup:keygen PREFIX',
  summary: 'make an X25519 key pair for encrypted backups: PREFIX.pub (give to backup --recipient) and PREFIX.key (keep it away from the backups)',
  async run(args) {
    if (args.length !== 1 || args[0].startsWith('--')) throw new CliError('give the prefix of the key files');
    const { publicPem, privatePem } = newKeyPair();
    try {
      writeFileSync(`${args[0]}.key`, privatePem, { mode: 0o600, flag: 'wx' });
      writeFileSync(`${args[0]}.pub`, publicPem, { mode: 0o644, flag: 'wx' });
    } catch (err) {
      throw new CliError(`cannot write the key files: ${(err as Error).message}`);
    }
    process.stdout.write(`wrote ${args[0]}.pub and ${args[0]}.key\n`);
    return Promise.resolve(0);
  },
};
