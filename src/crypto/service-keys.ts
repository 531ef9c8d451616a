import { Injectable, OnModuleInit } from '@nestjs/common';
import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { ShortLivedCache } from '../common/short-lived-cache.js';
import { KeyRing } from './key-ring.js';
import { openText, seal } from './sealer.js';
import { ServiceKey } from './service-key.entity.js';

export const SERVICE_KEY_PURPOSES = ['search', 'secrets'] as const;
type Purpose = (typeof SERVICE_KEY_PURPOSES)[number];

const aad = (purpose: string) => `service-key:${purpose}`;

const REMEMBERED_TOKENS = 2000;
const REMEMBERED_TOKEN_LIFE_MS = 60_000;

/**
 * The search-token key and the key that seals small secrets (TOTP seeds). Each is made once,
 * stored wrapped by the master key, so rotating the master key re-wraps them and changes nothing else.
 */
@Injectable()
export class ServiceKeys implements OnModuleInit {
  private readonly keys = new Map<Purpose, Buffer>();
  /** The search key as a KeyObject: an HMAC under it skips importing the raw key again (half the cost of a token, measured). */
  private searchKey: KeyObject | null = null;
  /**
   * Tokens made in the last minute, by word. An intake keys every word of its subject and every
   * beginning of them (some twenty HMACs for five words, a measured 7 % of an intake's CPU), and
   * the same words and beginnings come again and again ("cus" of custody). Only in memory, for a
   * minute, like the search words of a remembered list query (RequestValidationPipe) and the
   * opened texts of DataKeys; the search key itself never changes (rotation re-wraps it).
   */
  private readonly tokens = new ShortLivedCache<string>(REMEMBERED_TOKENS, REMEMBERED_TOKEN_LIFE_MS);

  constructor(
    private readonly dataSource: DataSource,
    private readonly ring: KeyRing,
    private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    const repo = this.dataSource.getRepository(ServiceKey);
    for (const purpose of SERVICE_KEY_PURPOSES) {
      const { wrapped } = this.ring.newDataKey(aad(purpose));
      // Several instances may start at once: the first insert wins and everyone reads it back.
      await repo.createQueryBuilder().insert().values({ purpose, wrappedKey: wrapped, createdAt: this.clock.iso() }).orIgnore().execute();
      const row = await repo.findOneByOrFail({ purpose });
      this.keys.set(purpose, this.ring.unwrap(row.wrappedKey, aad(purpose)));
    }
    this.searchKey = createSecretKey(this.key('search'));
  }

  sealSecret(plaintext: string, context: string): string {
    return seal(this.key('secrets'), plaintext, context);
  }

  openSecret(sealed: string, context: string): string {
    return openText(this.key('secrets'), sealed, context);
  }

  /** A keyed token for a normalised word: equal words give equal tokens; the word cannot be read back. */
  searchToken(word: string): string {
    if (!this.searchKey) throw new Error('service key search not loaded');
    const now = Date.now();
    let token = this.tokens.get(word, now);
    if (token === undefined) {
      token = createHmac('sha256', this.searchKey).update(word, 'utf8').digest('hex').slice(0, 32);
      // What has outlived its minute goes (the oldest first, so this stops at the first one still due).
      this.tokens.sweep(now);
      this.tokens.set(word, token, now);
    }
    return token;
  }

  private key(purpose: Purpose): Buffer {
    const key = this.keys.get(purpose);
    if (!key) throw new Error(`service key ${purpose} not loaded`);
    return key;
  }
}

export const serviceKeyAad = aad;
