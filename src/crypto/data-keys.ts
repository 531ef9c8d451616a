import { Injectable, type OnModuleDestroy } from '@nestjs/common';
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
  private readonly cache = new Map<string, { key: Buffer; until: number }>();
  private readonly opened = new Map<string, { text: string; until: number }>();
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
    const hit = this.cache.get(inquiryId);
    if (hit && hit.until > now) return this.cipherFor(inquiryId, hit.key);
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
    const hit = this.opened.get(id);
    if (hit && hit.until > now) return hit.text;
    const text = openText(key, sealed, aad);
    if (text.length <= OPENED_MAX_CHARS) {
      if (this.opened.size >= OPENED_SIZE) this.opened.delete(this.opened.keys().next().value as string);
      this.opened.delete(id);
      this.opened.set(id, { text, until: now + CACHE_TTL_MS });
    }
    return text;
  }

  private remember(inquiryId: string, key: Buffer): void {
    if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.delete(inquiryId);
    this.cache.set(inquiryId, { key, until: Date.now() + CACHE_TTL_MS });
  }

  /** Drops what has outlived its minute. Entries are kept in the order they were made, so the expired ones are first. */
  private sweep(now: number): void {
    for (const map of [this.cache, this.opened] as Array<Map<string, { until: number }>>) {
      for (const [id, entry] of map) {
        if (entry.until > now) break;
        map.delete(id);
      }
    }
  }
}

export const dekAad = (inquiryId: string) => `inquiry:${inquiryId}:dek`;
