import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makePrivateDir } from '../common/private-files.js';
import type { AppConfig } from '../config/app-config.js';

export interface MasterKey {
  id: string;
  key: Buffer;
}

export const masterKeyId = (key: Buffer): string => createHash('sha256').update(key).digest('hex').slice(0, 12);
const toMasterKey = (key: Buffer): MasterKey => ({ id: masterKeyId(key), key });

export const masterKeyFile = (dataDir: string): string => join(dataDir, 'master.key');

/**
 * The key-encryption keys, current first: MASTER_KEY (then MASTER_KEY_PREVIOUS) when given,
 * otherwise the key file in DATA_DIR (made once, mode 0600). During a rotation the file holds the
 * new key first and the old ones after it.
 * They never enter the database.
 */
export function loadMasterKeys(config: Pick<AppConfig, 'masterKey' | 'previousMasterKeys' | 'dataDir'>): MasterKey[] {
  if (config.masterKey) return [config.masterKey, ...config.previousMasterKeys].map(toMasterKey);
  const file = masterKeyFile(config.dataDir);
  if (!existsSync(file)) {
    makePrivateDir(config.dataDir);
    writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  }
  chmodSync(file, 0o600);
  const keys = readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => Buffer.from(line, 'base64'));
  if (keys.length === 0 || keys.some((k) => k.length !== 32)) throw new Error(`${file} must hold base64 keys of 32 bytes, one per line`);
  return keys.map(toMasterKey);
}

/** Replaces the key file atomically (write, then rename), so a reader never sees half a file. */
export function writeMasterKeys(dataDir: string, keys: Buffer[]): void {
  const file = masterKeyFile(dataDir);
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, keys.map((k) => k.toString('base64')).join('\n') + '\n', { mode: 0o600 });
  renameSync(tmp, file);
}
