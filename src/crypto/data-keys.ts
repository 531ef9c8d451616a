import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { ShortLivedCache } from '../common/short-lived-cache.js';
import { KeyRing } from './key-ring.js';
import { open, openText, seal } from './sealer.js';

const CACHE_SIZE = 1000;
const CACHE_TTL_MS = 60_000;
// Short texts opened again and again (subjects on every page of a list, the messages of a thread):
// each costs an AES-GCM setup, which is most of a list's time. Bounded in count and size.
const OPENED_SIZE = 2000;
const OPENED_MAX_CHARS = 2048;

/** The handle a service uses to seal and open one inquiry's fields. */
export interface InquiryCipher {
  seal(field: string, plaintext: string | Buffer): string;
  openText(field: string, sealed: string): string;
  open(field: string, sealed: string): Buffer;
}

/**
 * Per-inquiry data keys. Each inquiry has its own AES-256 key, wrapped by the master key and
 * stored with the inquiry; destroying that wrapped key destroys the inquiry's content, backups
 * included. Unwrapped keys stay in memory for a minute so that a page of a list does not unwrap
 * the same key again and again; then they are dropped, on the next use or by a sweep when idle.
 */
@Injectable()
export class DataKeys implements OnModuleDestroy {
  private readonly cache = new ShortLivedCache<Buffer>(CACHE_SIZE, CACHE_TTL_MS);
  private readonly opened = new ShortLivedCache<string>(OPENED_SIZE, CACHE_TTL_MS);
  private readonly sweeper = setInterval(() => this.sweep(Date.now()), CACHE_TTL_MS / 4).unref();

  constructor(private readonly ring: KeyRing) {}

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
    this.cache.clear();
    this.opened.clear();
  }

  create(inquiryId: string): { wrapped: string; cipher: InquiryCipher } {
    const { key, wrapped } = this.ring.newDataKey(dekAad(inquiryId));
    this.remember(inquiryId, key);
    return { wrapped, cipher: this.cipherFor(inquiryId, key) };
  }

  cipher(inquiryId: string, wrapped: string): InquiryCipher {
    const now = Date.now();
    this.sweep(now);
    const hit = this.cache.get(inquiryId, now);
    if (hit) return this.cipherFor(inquiryId, hit);
    const key = this.ring.unwrap(wrapped, dekAad(inquiryId));
    this.remember(inquiryId, key);
    return this.cipherFor(inquiryId, key);
  }

  private cipherFor(inquiryId: string, key: Buffer): InquiryCipher {
    const aad = (field: string) => `inquiry:${inquiryId}:${field}`;
    return {
      seal: (field, plaintext) => seal(key, plaintext, aad(field)),
      openText: (field, sealed) => this.openText(key, sealed, aad(field)),
      open: (field, sealed) => open(key, sealed, aad(field)),
    };
  }

  /**
   * Opens a sealed text, or returns it from the last minute's opened texts. The entry is found by
   * the sealed value and its AAD together, so a value copied into another row or field still has
   * to open there (and fails), and a changed value is opened afresh. Like the unwrapped keys,
   * these stay in memory only: nothing opened is ever written anywhere.
   */
  private openText(key: Buffer, sealed: string, aad: string): string {
    const id = `${aad}\u0000${sealed}`;
    const now = Date.now();
    const hit = this.opened.get(id, now);
    if (hit !== undefined) return hit;
    const text = openText(key, sealed, aad);
    if (text.length <= OPENED_MAX_CHARS) this.opened.set(id, text, now);
    return text;
  }

  private remember(inquiryId: string, key: Buffer): void {
    this.cache.set(inquiryId, key);
  }

  /** Drops what has outlived its minute. */
  private sweep(now: number): void {
    this.cache.sweep(now);
    this.opened.sweep(now);
  }
}

export const dekAad = (inquiryId: string) => `inquiry:${inquiryId}:dek`;
