import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { loadMasterKey } from './master-key.js';
import { openText, seal } from './sealer.js';

/** Seals small secrets of the service itself (TOTP secrets) under the master key. */
@Injectable()
export class KeyRing {
  private readonly master: Buffer;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.master = loadMasterKey(config);
  }

  sealSecret(plaintext: string, aad: string): string {
    return seal(this.master, plaintext, aad);
  }

  openSecret(sealed: string, aad: string): string {
    return openText(this.master, sealed, aad);
  }
}
