import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { loadMasterKeys, type MasterKey } from './master-key.js';
import { open, seal } from './sealer.js';

/**
 * Wraps and unwraps data keys under the master key. A wrapped key names the master key that
 * wrapped it ("<masterKeyId>:<sealed>"); one the ring does not know sends it back to the key file,
 * which is how running instances keep reading while `keys:rotate` re-wraps everything.
 */
@Injectable()
export class KeyRing {
  private keys: MasterKey[];
  private nextCheck = Date.now() + FILE_CHECK_MS;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.keys = loadMasterKeys(config);
  }

  get currentId(): string {
    this.refreshFromFile();
    return this.keys[0].id;
  }

  newDataKey(aad: string): { key: Buffer; wrapped: string } {
    const key = randomBytes(32);
    return { key, wrapped: this.wrap(key, aad) };
  }

  wrap(dataKey: Buffer, aad: string): string {
    this.refreshFromFile();
    const master = this.keys[0];
    return `${master.id}:${seal(master.key, dataKey, aad)}`;
  }

  unwrap(wrapped: string, aad: string): Buffer {
    const [id, sealed] = splitWrapped(wrapped);
    let master = this.keys.find((k) => k.id === id);
    if (!master) {
      this.keys = loadMasterKeys(this.config);
      master = this.keys.find((k) => k.id === id);
    }
    if (!master) throw new Error(`master key ${id} is not available`);
    return open(master.key, sealed, aad);
  }

  /**
   * With a key file, a rotation may have put a new key first: look again every few seconds, so
   * that every instance wraps new data keys under the new key soon after the rotation starts.
   */
  private refreshFromFile(): void {
    if (this.config.masterKey || Date.now() < this.nextCheck) return;
    this.nextCheck = Date.now() + FILE_CHECK_MS;
    this.keys = loadMasterKeys(this.config);
  }
}

export const FILE_CHECK_MS = 2000;

export function splitWrapped(wrapped: string): [string, string] {
  const at = wrapped.indexOf(':');
  if (at < 0) throw new Error('malformed wrapped key');
  return [wrapped.slice(0, at), wrapped.slice(at + 1)];
}
