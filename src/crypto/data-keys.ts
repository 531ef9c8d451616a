import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { freshRandom } from '../common/fresh-random.js';
import { ShortLivedCache } from '../common/short-lived-cache.js';
import { KeyRing } from './key-ring.js';
import { PeriodKeys, periodOf } from './period-keys.js';
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
  private readonly opened = new ShortLivedCache<{ sealed: string; text: string }>(OPENED_SIZE, CACHE_TTL_MS);
  private readonly sweeper = setInterval(() => this.sweep(Date.now()), CACHE_TTL_MS / 4).unref();

  constructor(
    private readonly ring: KeyRing,
    private readonly periods: PeriodKeys,
  ) {}

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
    this.cache.clear();
    this.opened.clear();
  }

  /**
   * A new data key, wrapped twice: by the key-encryption key of the month the inquiry is filed in
   * (`createdAt`), then by the master key ("<masterId>:" + seal(master, "kek1:<month>:" + seal(kek, key))).
   * Rotating the master key re-wraps the outer layer only; destroying the month's key shreds the inner one.
   */
  create(inquiryId: string, createdAt: string): { wrapped: string; cipher: InquiryCipher } {
    const aad = dekAad(inquiryId);
    const key = freshRandom(32);
    const period = periodOf(createdAt);
    const inner = Buffer.from(`${INNER}${period}:${seal(this.periods.getOrCreate(period), key, aad)}`, 'utf8');
    this.remember(inquiryId, key);
    return { wrapped: this.ring.wrap(inner, aad), cipher: this.cipherFor(inquiryId, key) };
  }

  /**
   * The inquiry's handle. A purged inquiry (no wrapped key left) or one whose month key was
   * destroyed (a backup restored after a purge) has nothing to open: its texts read as empty, and
   * nothing can be sealed under it.
   */
  cipher(inquiryId: string, wrapped: string): InquiryCipher {
    if (wrapped === '') return SHREDDED;
    const now = Date.now();
    this.sweep(now);
    const hit = this.cache.get(inquiryId, now);
    if (hit) return this.cipherFor(inquiryId, hit);
    const key = this.unwrap(inquiryId, wrapped);
    if (!key) return SHREDDED;
    this.remember(inquiryId, key);
    return this.cipherFor(inquiryId, key);
  }

  /** Whether the data key can still be recovered (false once purged or its month key destroyed). */
  readable(inquiryId: string, wrapped: string): boolean {
    return this.unwrap(inquiryId, wrapped) !== null;
  }

  /** The month whose key wraps this data key (null for a key made before month keys, or none). */
  periodOf(inquiryId: string, wrapped: string): string | null {
    if (wrapped === '') return null;
    const inner = this.ring.unwrap(wrapped, dekAad(inquiryId));
    return inner.length === 32 ? null : parseInner(inner).period;
  }

  /** Forgets every unwrapped key and opened text now (after a purge: it is rare). */
  forget(): void {
    this.cache.clear();
    this.opened.clear();
  }

  private unwrap(inquiryId: string, wrapped: string): Buffer | null {
    if (wrapped === '') return null;
    const aad = dekAad(inquiryId);
    const inner = this.ring.unwrap(wrapped, aad);
    // A data key made before month keys existed is the 32 bytes themselves.
    if (inner.length === 32) return inner;
    const { period, sealed } = parseInner(inner);
    const kek = this.periods.find(period);
    return kek ? open(kek, sealed, aad) : null;
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
   * its AAD (the inquiry and the field) and holds the sealed value it was opened from: a value
   * copied into another row or field still has to open there (and fails), and a changed value is
   * opened afresh. (Keyed by the AAD and the sealed value joined, every lookup made and hashed a
   * string of some hundreds of characters: a twelfth of what a queue page allocated, bench W6.)
   * Like the unwrapped keys, these stay in memory only: nothing opened is ever written anywhere.
   */
  private openText(key: Buffer, sealed: string, aad: string): string {
    const now = Date.now();
    const hit = this.opened.get(aad, now);
    if (hit !== undefined && hit.sealed === sealed) return hit.text;
    const text = openText(key, sealed, aad);
    if (text.length <= OPENED_MAX_CHARS) this.opened.set(aad, { sealed, text }, now);
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

const INNER = 'kek1:';

function parseInner(inner: Buffer): { period: string; sealed: string } {
  const text = inner.toString('utf8');
  const match = /^kek1:(\d{4}-\d{2}):(.+)$/s.exec(text);
  if (!match) throw new Error('malformed wrapped data key');
  return { period: match[1], sealed: match[2] };
}

/** The handle of an inquiry whose data key is gone: nothing to read, nothing may be added. */
const SHREDDED: InquiryCipher = {
  seal: () => {
    throw new Error('the data key of this inquiry was destroyed');
  },
  openText: () => '',
  open: () => Buffer.alloc(0),
};
